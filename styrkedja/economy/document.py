"""The economy in the follow-up documents (the delårsrapport's economy): per sector a table of its
lines (budget, outcome, forecast, deviation in Mnkr and per cent) and its comment, the charts, and
the investments' outcome; and the same figures as sheets of the follow-up workbook.

Called from ``documents.content.followup_document`` and ``documents.spreadsheet
.followup_spreadsheet``; a plan without a budget gets nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styrkedja.documents.blocks import Block, Figure, Heading, Paragraph, Table, paragraphs
from styrkedja.economy.charts import economy_charts
from styrkedja.economy.selectors import economy_by_month, economy_followup, fmt


def _percent(value) -> str:
    return "" if value is None else f"{fmt(value)}\u00a0%"


def _amount(value) -> str:
    return "" if value is None else fmt(value)


def _header(first: str) -> list[str]:
    return [first, _("Budget"), _("Utfall"), _("Helårsprognos"), _("Avvikelse (Mnkr)"), _("Avvikelse (%)")]


def _cells(name: str, row) -> list[str]:
    return [
        name,
        _amount(row.budget),
        _amount(row.outcome),
        _amount(row.forecast),
        _amount(row.deviation),
        _percent(row.deviation_percent),
    ]


NUMERIC = {1, 2, 3, 4, 5}


def economy_section(*, plan, period, numbering) -> list[Block]:
    """The chapter "Ekonomi" of the follow-up at ``period``; nothing for a plan without a budget, or
    before anything of its economy is reported."""
    followup = economy_followup(plan=plan, period=period)
    if followup.is_empty or not followup.reported:
        return []
    blocks: list[Block] = [Heading(1, _("Ekonomi"), numbering.next(1))]
    blocks.append(
        Paragraph(
            _(
                "Utfall hittills och prognos för helåret per %(date)s, netto Mnkr. Avvikelsen är budget "
                "minus helårsprognos: ett positivt tal är ett överskott, ett negativt ett underskott."
            )
            % {"date": period.ends_on.isoformat()}
        )
    )
    rows = [_cells(sector.sector.name, sector) for sector in followup.sectors]
    rows.append(_cells(_("Summa"), followup.totals))
    caption = _("Ekonomin per sektor, %(period)s (Mnkr)") % {"period": period.name}
    blocks.append(Table(caption, _header(_("Sektor")), rows, numeric=NUMERIC, row_headers=True))
    for chart in economy_charts(followup=followup, months=economy_by_month(plan=plan)):
        blocks.append(Figure(svg=chart.svg, title=chart.title, caption=chart.description))
    for sector in followup.sectors:
        blocks.append(Heading(2, sector.sector.name, numbering.next(2)))
        rows = [_cells(row.line.name, row) for row in sector.lines]
        rows.append(_cells(_("Summa"), sector.totals))
        caption = _("%(sector)s, utfall och prognos (Mnkr)") % {"sector": sector.sector.name}
        blocks.append(Table(caption, _header(_("Verksamhet")), rows, numeric=NUMERIC, row_headers=True))
        for row in sector.lines:
            if row.comment:
                blocks += paragraphs(row.comment, label=f"{row.line.name}:")
        if sector.comment:
            blocks.append(Paragraph(_("Sektorns kommentar"), style="subheading"))
            blocks += paragraphs(sector.comment)
    if any(row.current for row in followup.investments):
        blocks.append(Heading(2, _("Investeringar"), numbering.next(2)))
        rows = [_cells(("– " * row.depth) + row.project.name, row) for row in followup.investments]
        rows.append(_cells(_("Summa"), followup.investment_totals))
        caption = _("Investeringarnas utfall och prognos %(year)s (Mnkr)") % {"year": plan.year}
        blocks.append(Table(caption, _header(_("Projekt")), rows, numeric=NUMERIC, row_headers=True))
        for row in followup.investments:
            if row.comment:
                blocks += paragraphs(row.comment, label=f"{row.project.name}:")
    return blocks


def economy_sheets(workbook, *, plan, period, sheet) -> None:
    """The economy at ``period`` as a sheet of the follow-up workbook (``sheet``: the workbook's
    own writer of a sheet, which keeps users' text as text); numbers as numbers."""
    followup = economy_followup(plan=plan, period=period)
    if followup.is_empty:
        return

    def numbers(row) -> list:
        return [row.budget, row.outcome, row.forecast, row.deviation, row.deviation_percent]

    rows = []
    for sector in followup.sectors:
        for line in sector.lines:
            rows.append(
                [sector.sector.name, line.line.name, *numbers(line), line.comment,
                 line.current.author_name if line.current else ""]
            )  # fmt: skip
        rows.append([sector.sector.name, _("Summa"), *numbers(sector.totals), sector.comment, ""])
    for row in followup.investments:
        rows.append([_("Investeringar"), row.project.name, *numbers(row), row.comment, ""])
    sheet(
        workbook,
        _("Ekonomi"),
        [_("Sektor"), _("Verksamhet"), _("Budget (Mnkr)"), _("Utfall (Mnkr)"), _("Helårsprognos (Mnkr)"),
         _("Avvikelse (Mnkr)"), _("Avvikelse (procent)"), _("Kommentar"), _("Rapporterad av")],
        rows,
    )  # fmt: skip
