"""Outcome and forecast as report history, the deviation derived, the monthly periods, and the
ledger's file read whole or not at all."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from styrkedja.audit.models import AuditEntry
from styrkedja.economy.ledger import MAX_ROWS, MAX_SIZE, read_ledger
from styrkedja.economy.models import BudgetLine, InvestmentOutcome, LedgerCode, LineOutcome, SectorOutcome
from styrkedja.economy.selectors import economy_followup
from styrkedja.economy.services import (
    LineInput,
    ledger_code_set,
    ledger_import,
    line_outcome_set,
    monthly_periods_add,
    sector_followup_save,
)
from styrkedja.followup.services import PeriodClosed, ReportConflict

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


def _sector(plan, index=0):
    return list(plan.sector_budgets.order_by("order", "id"))[index]


def _lines(sector_budget):
    return list(sector_budget.lines.order_by("order", "id"))


def test_a_change_is_a_new_row_and_the_newest_is_current(period):
    line = BudgetLine.objects.filter(sector_budget__plan=period.plan).first()
    first = line_outcome_set(line=line, period=period, outcome=D("10.5"), forecast=D("30"), comment="A")
    assert (
        line_outcome_set(line=line, period=period, outcome=D("10.5"), forecast=D("30"), comment="A") == first
    )
    second = line_outcome_set(line=line, period=period, outcome=D("11"), forecast=D("31"), based_on=first)
    assert LineOutcome.objects.filter(line=line).count() == 2
    followup = economy_followup(plan=period.plan, period=period)
    row = next(r for s in followup.sectors for r in s.lines if r.line == line)
    assert row.current == second
    assert row.deviation == line.net - D("31")
    assert AuditEntry.objects.filter(action="economy.line_outcome.set", object_id=str(line.pk)).count() == 2


def test_a_report_saved_in_between_is_a_conflict_and_nothing_is_saved(period):
    line = BudgetLine.objects.filter(sector_budget__plan=period.plan).first()
    line_outcome_set(line=line, period=period, outcome=D("1"), forecast=D("2"), based_on=None)
    with pytest.raises(ReportConflict):
        line_outcome_set(line=line, period=period, outcome=D("5"), forecast=D("6"), based_on=None)
    assert LineOutcome.objects.filter(line=line).count() == 1


def test_a_closed_period_refuses_and_the_sector_form_writes_all_or_nothing(period):
    sector = _sector(period.plan)
    lines = _lines(sector)
    first, *rest = lines
    line_outcome_set(line=rest[0], period=period, outcome=D("1"), forecast=D("1"), based_on=None)
    given = [LineInput(line, D("1"), D("2"), based_on=None) for line in lines]  # rest[0] is stale
    with pytest.raises(ReportConflict):
        sector_followup_save(sector_budget=sector, period=period, lines=given, comment="Kommentar")
    assert LineOutcome.objects.filter(line=first).count() == 0
    period.closed_at = timezone.now()
    period.save()
    with pytest.raises(PeriodClosed):
        line_outcome_set(line=first, period=period, outcome=D("1"), forecast=D("2"))


def test_the_deviation_of_a_sector_is_the_sum_of_its_lines(period):
    sector = _sector(period.plan)
    lines = _lines(sector)
    given = [
        LineInput(line, D("10.1") * index, (line.net or D(0)) + D("1.3") - index, based_on=None)
        for index, line in enumerate(lines)
    ]
    sector_followup_save(sector_budget=sector, period=period, lines=given, comment="Demotext: ok")
    found = next(
        s for s in economy_followup(plan=period.plan, period=period).sectors if s.sector_budget == sector
    )
    assert found.deviation == sum((row.deviation for row in found.lines), D(0))
    assert found.deviation == found.budget - found.forecast
    assert found.totals.deviation_percent == (found.deviation * 100 / found.budget).quantize(D("0.1"))
    assert found.comment == "Demotext: ok"


def test_monthly_periods_are_added_once_and_no_january(valdemarsvik_plan, members):
    plan = valdemarsvik_plan
    plan.periods.filter(code__startswith="M").delete()
    added = monthly_periods_add(plan=plan, user=members["valdemarsvik-controller"])
    codes = [period.code for period in added]
    # April, July and December are the tertials' months: T1, T2 and T3 end on the same day.
    assert codes == ["M02", "M03", "M05", "M06", "M08", "M09", "M10", "M11"]
    assert plan.periods.get(code="M02").ends_on.isoformat() == "2023-02-28"
    assert monthly_periods_add(plan=plan) == []
    assert AuditEntry.objects.filter(action="economy.monthly_periods.added").count() == 1


# The ledger ----------------------------------------------------------------------------------------


@pytest.fixture
def mapped(period):
    """Two codes for the first sector's first line, one for its second."""
    sector = _sector(period.plan)
    first, second = _lines(sector)[:2]
    municipality = period.plan.municipality
    for code, line in (("1100", first), ("1101", first), ("1200", second)):
        ledger_code_set(municipality=municipality, code=code, sector=sector.sector, line_name=line.name)
    return first, second


def _csv(*rows: str) -> bytes:
    return ("Kod;Utfall;Prognos\n" + "\n".join(rows) + "\n").encode()


def test_swedish_numbers_and_a_decimal_point_both_read():
    read = read_ledger(_csv("1;1 234,5;-3,2", "2;12.25;\u22124", "3;1\u00a0000;"), "huvudbok.csv")
    assert not read.errors
    assert [(row.outcome, row.forecast) for row in read.rows] == [
        (D("1234.5"), D("-3.2")),
        (D("12.25"), D("-4")),
        (D("1000"), None),
    ]


def test_a_file_with_bad_rows_is_refused_whole_naming_every_row(period, mapped):
    content = _csv("1100;1,5;4", "9999;1;2", "1200;mycket;3", "1100;2;2")
    result = ledger_import(plan=period.plan, period=period, content=content, filename="huvudbok.csv")
    messages = [str(error) for error in result.errors]
    assert any(m.startswith("Rad 3:") and "9999" in m for m in messages), messages
    assert any(m.startswith("Rad 4:") and "”mycket” är inte ett tal" in m for m in messages), messages
    assert any(m.startswith("Rad 5:") and "finns redan på rad 2" in m for m in messages), messages
    assert LineOutcome.objects.count() == 0
    assert not AuditEntry.objects.filter(action="economy.ledger.imported").exists()


def test_a_clean_file_is_written_summing_the_codes_of_a_line(period, mapped):
    first, second = mapped
    content = _csv("1100;1,5;4", "1101;2;3,5", "1200;-0,5;")
    result = ledger_import(plan=period.plan, period=period, content=content, filename="huvudbok.csv")
    assert result.errors == [] and result.lines == 2
    current = LineOutcome.objects.filter(line=first).get()
    assert (current.outcome, current.forecast) == (D("3.5"), D("7.5"))
    assert LineOutcome.objects.get(line=second).forecast is None
    assert AuditEntry.objects.filter(action="economy.ledger.imported").count() == 1


def test_an_excel_file_reads_and_a_numeric_code_is_its_digits(period, mapped):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kod", "Utfall", "Prognos"])
    sheet.append([1100, 1.5, 4])
    sheet.append(["1200", "2,5", "-1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = ledger_import(plan=period.plan, period=period, content=buffer.getvalue(), filename="hb.xlsx")
    assert result.errors == [] and result.lines == 2


def test_the_limits_are_checked_before_reading(period, mapped):
    big = ledger_import(plan=period.plan, period=period, content=b"x" * (MAX_SIZE + 1), filename="a.csv")
    assert "högst 2 MB" in str(big.errors[0])
    many = _csv(*[f"{n};1;1" for n in range(MAX_ROWS + 1)])
    assert "fler än" in str(
        ledger_import(plan=period.plan, period=period, content=many, filename="a.csv").errors[0]
    )
    wide = ("Kod;Utfall;Prognos" + ";x" * 30 + "\n1100;1;1\n").encode()
    assert "kolumner" in str(
        ledger_import(plan=period.plan, period=period, content=wide, filename="a.csv").errors[0]
    )
    not_excel = ledger_import(plan=period.plan, period=period, content=b"PK\x03\x04trasig", filename="a.xlsx")
    assert not_excel.errors and LineOutcome.objects.count() == 0


def test_a_closed_period_takes_no_file(period, mapped):
    period.closed_at = timezone.now()
    period.save()
    result = ledger_import(plan=period.plan, period=period, content=_csv("1100;1;1"), filename="a.csv")
    assert "stängd" in str(result.errors[0]) and LineOutcome.objects.count() == 0


def test_the_mapping_is_kept_by_sector_and_line_name(mapped, period):
    code = LedgerCode.objects.get(code="1100")
    assert code.sector == _sector(period.plan).sector and code.line_name == mapped[0].name


def test_an_excel_file_that_unpacks_too_far_is_refused_before_it_is_read(period, mapped):
    import zipfile

    workbook = Workbook()
    workbook.active.append(["Kod", "Utfall", "Prognos"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("xl/media/bomb.bin", b"\0" * (25 * 1024 * 1024))  # 25 MB of nothing, packed small
    content = buffer.getvalue()
    assert len(content) < MAX_SIZE
    result = ledger_import(plan=period.plan, period=period, content=content, filename="hb.xlsx")
    assert result.errors and result.errors[0].number is None
    assert LineOutcome.objects.count() == 0
