"""The assignments (uppdrag) in the follow-up report and its workbook: each with where it stands in
the municipality's words, the work done, the prognosis and the corrective actions, and the counts.

Kept here, as blocks and rows, so that ``documents.content`` and ``documents.spreadsheet`` add the
section with one line each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.assignments.selectors import (
    assignment_counts,
    assignment_reports_current,
    assignment_status_labels,
)
from styrkedja.documents.blocks import Block, Heading, Paragraph, Table, paragraphs
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import PlanSummary
from styrkedja.plans.models import Plan

if TYPE_CHECKING:
    from styrkedja.documents.content import Numbering


def _counts_table(plan: Plan, period: FollowUpPeriod, labels: dict[str, str]) -> tuple[Table, str]:
    from styrkedja.followup.texts import assignment_sentence

    counts = assignment_counts(plan=plan, period=period)
    rows = [[label, str(n)] for _key, label, n in counts.by_status(labels)]
    if counts.not_reported:
        rows.append([_("Ej rapporterat"), str(counts.not_reported)])
    rows.append([_("Totalt"), str(counts.total)])
    summary = PlanSummary(
        plan=plan, period=period, counts=None, goals=[], special_initiatives=None,
        assignments=counts, assignment_labels=labels,
    )  # fmt: skip
    table = Table(
        _("Uppdragens nuläge per %(period)s") % {"period": period.name},
        [_("Nuläge"), _("Antal uppdrag")],
        rows,
        numeric={1},
        row_headers=True,
    )
    return table, assignment_sentence(summary)


def followup_assignment_blocks(*, plan: Plan, period: FollowUpPeriod, numbering: Numbering) -> list[Block]:
    """The chapter "Uppdrag": the counts, then each assignment as an AU meeting hears it."""
    assignments = list(
        plan.assignments.select_related("goal__level", "responsible_unit").order_by("order", "id")
    )
    if not assignments:
        return []
    labels = assignment_status_labels(municipality_id=plan.municipality_id)
    reports = assignment_reports_current(period=period, assignments=assignments)
    table, sentence = _counts_table(plan, period, labels)
    blocks: list[Block] = [Heading(1, _("Uppdrag"), numbering.next(1)), Paragraph(sentence), table]
    for assignment in assignments:
        blocks.append(Heading(2, " ".join(assignment.title.split()), numbering.next(2)))
        facts = []
        if assignment.responsible_unit_id:
            facts.append(Paragraph(assignment.responsible_unit.name, label=_("Ansvarig:")))
        if assignment.goal_id:
            goal = assignment.goal
            facts.append(Paragraph(f"{goal.level.name} {goal.number}".strip(), label=_("Mål:")))
        blocks += facts
        report = reports.get(assignment.pk)
        if report is None:
            blocks.append(Paragraph(_("Inte rapporterat."), label=_("Nuläge:")))
            continue
        blocks.append(Paragraph(report.status_text, label=_("Nuläge:")))
        for label, text in (
            (_("Genomfört arbete:"), report.comment),
            (_("Prognos:"), report.prognosis),
            (_("Korrigerande åtgärder:"), report.corrective_actions),
        ):
            parts = paragraphs(text)
            if parts:
                parts[0].label = label
            blocks += parts
    return blocks


def followup_assignment_sheet(
    *, plan: Plan, period: FollowUpPeriod
) -> tuple[str, list[str], list[list]] | None:
    """The sheet "Uppdrag" of the follow-up workbook: (title, header, rows), for ``_sheet``; None for
    a plan without assignments."""
    assignments = list(plan.assignments.select_related("responsible_unit").order_by("order", "id"))
    if not assignments:
        return None
    reports = assignment_reports_current(period=period, assignments=assignments)
    rows = []
    for assignment in assignments:
        report = reports.get(assignment.pk)
        unit = assignment.responsible_unit.name if assignment.responsible_unit_id else ""
        if report is None:
            rows.append([assignment.title, unit, _("Ej rapporterad"), "", "", "", "", None])
            continue
        rows.append([
            assignment.title, unit, report.status_text, report.comment, report.prognosis,
            report.corrective_actions, report.author_name,
            timezone.localtime(report.created_at).replace(tzinfo=None),
        ])  # fmt: skip
    header = [_("Uppdrag"), _("Ansvarig"), _("Nuläge"), _("Genomfört arbete"), _("Prognos"),
              _("Korrigerande åtgärder"), _("Rapporterad av"), _("Rapporterad")]  # fmt: skip
    return _("Uppdrag"), header, rows


def followup_assignment_count_rows(summary: PlanSummary) -> list[list]:
    """The summary sheet's rows of assignment counts, in the municipality's words."""
    if summary.assignments is None or not summary.assignments.total:
        return []
    rows = [[_("Uppdrag"), summary.assignments.total]]
    rows += [[_("Uppdrag: %(status)s") % {"status": label}, n] for _key, label, n in summary.assignment_rows]
    if summary.assignments.not_reported:
        rows.append([_("Uppdrag ej rapporterade"), summary.assignments.not_reported])
    return rows
