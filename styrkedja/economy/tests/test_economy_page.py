"""The economy page: frames, line budgets and the investment plan, each printed sum checked in place."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from styrkedja.economy.models import BudgetLine, InvestmentTotal, SectorBudget

D = Decimal


def _page(client, plan) -> str:
    response = client.get(reverse("economy:overview", args=[plan.board.slug, plan.year]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _cells(html: str) -> list[str]:
    return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def _row(html: str, header: str) -> list[list[str]]:
    """The cells of every table row whose row header is ``header``."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [
        _cells(row)
        for row in rows
        if re.search(rf"<th scope=\"row\"[^>]*>\s*{re.escape(header)}\s*</th>", row)
    ]


def test_the_valdemarsvik_mismatches_are_marked_with_both_figures(client_as, valdemarsvik_plan):
    html = _page(client_as("valdemarsvik-lasare"), valdemarsvik_plan)
    text = _text(html)

    # The summary at the top: how many, and each one named.
    assert "8 summor stämmer inte med sina rader." in text
    assert text.index("8 summor stämmer inte") < text.index(
        "Sektor Barn, utbildning, arbetsmarknad och kultur, ram"
    )
    # The investment plan's Summa: printed 95,7, its projects give 97,7; every year marked.
    investments = html[html.index('id="investments"') :]
    [sums] = _row(investments, "Summa")
    assert sums == [
        "95,7 — raderna ger 97,7 ⚠ Stämmer inte",
        "68,9 — raderna ger 70,9 ⚠ Stämmer inte",
        "74,0 — raderna ger 76,0 ⚠ Stämmer inte",
        "82,7 — raderna ger 84,7 ⚠ Stämmer inte",
        "51,0 — raderna ger 53,0 ⚠ Stämmer inte",
    ]
    # The sectors: only the sums that differ are marked, the others shown as printed.
    sums = _row(html[: html.index('id="investments"')], "Summa")
    assert sums == [
        ["11,9", "201,7", "189,8", "187,7 — raderna ger 132,1 ⚠ Stämmer inte"],
        ["31,1", "271,8", "240,7", "230,8"],
        ["96,1", "175,2 — raderna ger 176,1 ⚠ Stämmer inte", "79,1", "72,3"],
    ]
    # A line whose net is not its cost less its income.
    [it] = _row(html, "IT-enhet")
    assert it == ["3,0", "8,9", "5,0 — kostnader − intäkter ger 5,9 ⚠ Stämmer inte", "4,6"]
    [school] = _row(html, "Grundskola")
    assert "Stämmer inte" not in " ".join(school)
    assert text.count("⚠ Stämmer inte") == 8 + 1  # each in place, and once in the summary


def test_the_page_shows_frames_lines_investments_and_the_specification(client_as, valdemarsvik_plan):
    text = _text(_page(client_as("valdemarsvik-lasare"), valdemarsvik_plan))

    # The frame over five years, with kind and year.
    assert (
        "Bokslut 2021 Budget 2022 Budget 2023 Ek plan 2024 Ek plan 2025 Netto 178,8 187,7 189,8 193,1 195,4"
        in text
    )
    # A line without amounts stays blank, not zero.
    assert "Budgetjusteringar Individ och familjeomsorg 1,0 46,7 45,7 43,3" in text
    # The investment plan's groups and their lines, and the specification in tkr.
    assert "Fastighetsprojekt 81,4 47,2 16,1 8,5 5,5 PLU och löpande fastighetsinvesteringar 4,7" in text
    assert (
        "Gator och anläggningar: PLU och löpande investeringar Asfaltering PLU. 1 750" in text
    )  # split at the no-break space
    # The note on the frames follows the first sector's frame, as in the document.
    frame = text.index("Sektor Barn, utbildning, arbetsmarknad och kultur, ram (Mnkr)")
    assert frame < text.index("De ramar som anges bygger på") < text.index("Sektor Stöd och omsorg")
    # The sector's texts are shown with the sector, before its tables.
    assert text.index("Sektor Stöd och omsorg Sektorns ansvarsområde") < text.index("Vårdsamverkan")
    assert text.index("Vårdsamverkan") < text.index("Sektor Stöd och omsorg, ram")


def test_sums_that_match_are_not_marked(client_as, valdemarsvik_plan):
    # IT-enhet's cost as its net says (8,0, not 8,9): the line ties and the printed 175,2 with it.
    BudgetLine.objects.filter(sector_budget__plan=valdemarsvik_plan, name="IT-enhet").update(cost=D("8.0"))
    for budget in SectorBudget.objects.filter(plan=valdemarsvik_plan):
        budget.printed_net_previous_total = sum(
            (line.net_previous or D(0) for line in budget.lines.all()), D(0)
        )
        budget.save()
    InvestmentTotal.objects.filter(plan=valdemarsvik_plan, year=2023).update(printed_amount=D("97.7"))

    html = _page(client_as("valdemarsvik-lasare"), valdemarsvik_plan)
    text = _text(html)

    assert "4 summor stämmer inte med sina rader." in text
    sectors = html[: html.index('id="investments"')]
    assert "Stämmer inte" not in _text(sectors[sectors.index('id="sector-') :])
    [sums] = _row(html[html.index('id="investments"') :], "Summa")
    assert sums[0] == "97,7"
    assert sums[1] == "68,9 — raderna ger 70,9 ⚠ Stämmer inte"


def test_a_plan_without_economy_says_so(client_as, mjolby_plan):
    text = _text(_page(client_as("mjolby-lasare"), mjolby_plan))

    assert "Planen har ingen ekonomi" in text
    assert "Stämmer inte" not in text


def test_another_municipalitys_economy_is_not_found(client_as, valdemarsvik_plan):
    response = client_as("mjolby-controller").get(reverse("economy:overview", args=["ks", 2023]))
    assert response.status_code == 404
    assert "Grundskola" not in response.content.decode()
