"""The economy's follow-up page: a sector's lines in one form, who may write, conflicts, the
ledger's file through the page, the codes page and the monthly periods."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from styrkedja.economy.models import InvestmentOutcome, LedgerCode, LineOutcome, SectorOutcome
from styrkedja.economy.services import ledger_code_set, line_outcome_set

D = Decimal


@pytest.fixture
def period(valdemarsvik_plan):
    """T1 of Valdemarsvik 2023, open, without the demo's economy reports: the tests count rows."""
    period = valdemarsvik_plan.periods.get(code="T1")
    period.opened_at, period.closed_at = timezone.now(), None
    period.save()
    for model in (LineOutcome, SectorOutcome, InvestmentOutcome):
        model.objects.filter(period__plan=valdemarsvik_plan).delete()
    return period


def _url(period, name="economy:followup") -> str:
    plan = period.plan
    return reverse(name, args=[plan.board.slug, plan.year, period.code])


def _sector(plan):
    return plan.sector_budgets.order_by("order", "id").first()


def _post(sector, values: dict, comment="Demotext: prognosen håller.") -> dict:
    data = {"sector": sector.pk, "comment": comment}
    for line, (outcome, forecast) in values.items():
        data |= {f"l{line.pk}-outcome": outcome, f"l{line.pk}-forecast": forecast}
    return data


def test_a_controller_enters_every_line_of_a_sector_in_one_form(client_as, period, members):
    sector = _sector(period.plan)
    lines = list(sector.lines.order_by("order", "id"))
    client = client_as("valdemarsvik-controller")
    page = client.get(_url(period)).content.decode()
    assert f'name="l{lines[0].pk}-outcome"' in page and f'name="l{lines[-1].pk}-forecast"' in page
    values = {line: ("1 234,5" if i == 0 else "-3,2", "12.25") for i, line in enumerate(lines)}
    response = client.post(_url(period), _post(sector, values))
    assert response.status_code == 302, response.content.decode()[:2000]
    first = LineOutcome.objects.get(line=lines[0])
    assert (first.outcome, first.forecast) == (D("1234.5"), D("12.25"))
    assert first.created_by == members["valdemarsvik-controller"]
    assert LineOutcome.objects.filter(line__sector_budget=sector).count() == len(lines)
    assert SectorOutcome.objects.get(sector_budget=sector).comment == "Demotext: prognosen håller."
    page = client.get(_url(period)).content.decode()
    assert "1 234,5" in page and "Demotext: prognosen håller." in page


def test_a_bad_amount_is_named_and_nothing_is_saved(client_as, period):
    sector = _sector(period.plan)
    lines = list(sector.lines.order_by("order", "id"))
    values = {lines[0]: ("mycket", "1"), lines[1]: ("1", "2")}
    response = client_as("valdemarsvik-controller").post(_url(period), _post(sector, values))
    assert response.status_code == 422
    assert "”mycket” är inget belopp" in response.content.decode()
    assert not LineOutcome.objects.exists()


def test_a_line_saved_in_between_is_a_conflict(client_as, period):
    sector = _sector(period.plan)
    line = sector.lines.order_by("order", "id").first()
    client = client_as("valdemarsvik-controller")
    line_outcome_set(line=line, period=period, outcome=D("1"), forecast=D("2"), based_on=None)
    data = _post(sector, {line: ("5", "6")}) | {f"l{line.pk}-based_on": ""}  # opened before the save
    response = client.post(_url(period), data)
    assert response.status_code == 409
    assert "ändrades av" in response.content.decode()
    assert LineOutcome.objects.filter(line=line).count() == 1
    again = client.post(_url(period), data | {f"l{line.pk}-based_on": str(LineOutcome.objects.get().pk)})
    assert again.status_code == 302 and LineOutcome.objects.filter(line=line).count() == 2


def test_a_closed_period_shows_no_form_and_refuses(client_as, period):
    period.closed_at = timezone.now()
    period.save()
    sector = _sector(period.plan)
    line = sector.lines.first()
    client = client_as("valdemarsvik-controller")
    assert f'name="l{line.pk}-outcome"' not in client.get(_url(period)).content.decode()
    response = client.post(_url(period), _post(sector, {line: ("1", "2")}))
    assert response.status_code == 409 and "stängd" in response.content.decode()
    assert not LineOutcome.objects.exists()


def test_a_reporter_reports_the_own_sector_only(client_as, period):
    """The demo rapportör of Valdemarsvik reports for Sektor Barn, utbildning, arbetsmarknad och kultur."""
    plan = period.plan
    own = plan.sector_budgets.get(sector__name="Sektor Barn, utbildning, arbetsmarknad och kultur")
    other = plan.sector_budgets.exclude(pk=own.pk).first()
    client = client_as("valdemarsvik-rapportor")
    refused = client.post(_url(period), _post(other, {other.lines.first(): ("1", "2")}))
    assert refused.status_code == 403
    accepted = client.post(_url(period), _post(own, {own.lines.first(): ("1", "2")}))
    assert accepted.status_code == 302
    assert not LineOutcome.objects.filter(line__sector_budget=other).exists()


def test_a_reader_reads_and_writes_nothing(client_as, period):
    sector = _sector(period.plan)
    client = client_as("valdemarsvik-lasare")
    page = client.get(_url(period))
    assert page.status_code == 200 and 'name="sector"' not in page.content.decode()
    assert client.post(_url(period), _post(sector, {sector.lines.first(): ("1", "2")})).status_code == 403
    assert not LineOutcome.objects.exists()


def test_another_municipality_sees_nothing(client_as, period):
    sector = _sector(period.plan)
    client = client_as("mjolby-controller")
    assert client.get(_url(period)).status_code == 404
    assert client.post(_url(period), _post(sector, {sector.lines.first(): ("1", "2")})).status_code == 404
    upload = SimpleUploadedFile("hb.csv", b"Kod;Utfall;Prognos\n1;1;1\n")
    assert client.post(_url(period, "economy:ledger_import"), {"ledger": upload}).status_code == 404
    assert not LineOutcome.objects.exists()


def test_the_ledger_file_through_the_page(client_as, period):
    plan = period.plan
    sector = _sector(plan)
    line = sector.lines.order_by("order", "id").first()
    ledger_code_set(municipality=plan.municipality, code="1100", sector=sector.sector, line_name=line.name)
    client = client_as("valdemarsvik-controller")
    bad = SimpleUploadedFile("hb.csv", b"Kod;Utfall;Prognos\n1100;1;1\n9999;x;1\n1100;2;2\n")
    response = client.post(_url(period, "economy:ledger_import"), {"ledger": bad})
    html = response.content.decode()
    assert response.status_code == 422 and "Rad 3:" in html and "9999" in html and "”x”" in html
    assert "Rad 4: koden 1100 finns redan på rad 2" in html
    assert not LineOutcome.objects.exists()
    good = SimpleUploadedFile("hb.csv", b"Kod;Utfall;Prognos\n1100;1,5;-2\n")
    assert client.post(_url(period, "economy:ledger_import"), {"ledger": good}).status_code == 302
    assert LineOutcome.objects.get(line=line).forecast == D("-2")


def test_the_codes_page_maps_a_code_to_a_line_by_its_sector_and_name(client_as, period):
    plan = period.plan
    line = _sector(plan).lines.order_by("order", "id").first()
    url = reverse("economy:ledger_codes", args=[plan.board.slug, plan.year])
    client = client_as("valdemarsvik-controller")
    assert client.post(url, {"code": "1100", "line": line.pk}).status_code == 302
    code = LedgerCode.objects.get(code="1100")
    assert (code.sector, code.line_name) == (line.sector_budget.sector, line.name)
    assert "1100" in client.get(url).content.decode()
    assert client_as("valdemarsvik-lasare").post(url, {"delete": code.pk}).status_code == 403
    assert client.post(url, {"delete": code.pk}).status_code == 302
    assert not LedgerCode.objects.exists()


def test_the_monthly_periods_from_the_periods_page(client_as, valdemarsvik_plan):
    plan = valdemarsvik_plan
    plan.periods.filter(code__startswith="M").delete()
    periods_url = reverse("followup:periods", args=[plan.board.slug, plan.year])
    client = client_as("valdemarsvik-controller")
    assert "Lägg till månadsuppföljningar" in client.get(periods_url).content.decode()
    url = reverse("economy:monthly_periods", args=[plan.board.slug, plan.year])
    assert client.post(url).status_code == 302
    assert plan.periods.filter(code__startswith="M").count() == 8
    assert client_as("valdemarsvik-lasare").post(url).status_code == 403
