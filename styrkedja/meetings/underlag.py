"""The underlag of a KS or AU meeting, as blocks: what is sent out with the kallelse.

For each goal presented (at KS): its texts, its report at the meeting's period with the
assessment in the municipality's words, its indicators (latest value, target, the chart) and
its activities' status, and so for its subgoals. For each assignment (at AU): nuläge, genomfört
arbete, prognos and korrigerande åtgärder, as the plan asks them to be reported. Goals and
assignments are printed as the follow-up report prints them, from the documents app's helpers.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.charts.numbers import with_unit
from styrkedja.documents.blocks import Block, BulletList, Document, Heading, Paragraph, Table, paragraphs
from styrkedja.documents.content import (
    Numbering,
    activity_table,
    goal_heading,
    goal_texts,
    goals_with_subgoals,
    indicator_figures,
)
from styrkedja.followup.assessment import assessment_scale
from styrkedja.followup.selectors import activity_reports_current, goal_reports_current
from styrkedja.goals.models import Goal
from styrkedja.indicators.choices import TargetStatus
from styrkedja.indicators.selectors import indicator_assessments
from styrkedja.meetings.selectors import AgendaItem, MeetingAgenda

DEEPEST = 6  # headings below this level are printed at it


def underlag_title(agenda: MeetingAgenda) -> str:
    meeting = agenda.meeting
    return _("Underlag till %(body)s %(date)s") % {"body": meeting.body, "date": meeting.date.isoformat()}


def reported_by(report) -> str:
    """ "Rapporterad av Anna Berg 2023-04-28" (or without a name, for a report read from a file)."""
    day = timezone.localtime(report.created_at).date().isoformat()
    if report.author_name:
        return _("Rapporterad av %(name)s %(day)s.") % {"name": report.author_name, "day": day}
    return _("Rapporterad %(day)s.") % {"day": day}


def rule_sentence(agenda: MeetingAgenda) -> str:
    """Which reports the meeting hears, in words, for the page and the document alike."""
    if agenda.period is None:
        return _("Planen har inga uppföljningsperioder (T1–T3), så det finns inga rapporter att redovisa.")
    return _(
        "Underlaget bygger på rapporterna för %(period)s, per %(ends_on)s. Med den senaste rapporten "
        "menas den nyaste rapporten av varje mål och uppdrag för den senaste tertialen som slutar på "
        "eller före sammanträdesdagen; har ingen tertial slutat än, för den pågående."
    ) % {"period": agenda.period.name, "ends_on": agenda.period.ends_on.isoformat()}


def underlag_document(*, agenda: MeetingAgenda) -> Document:
    meeting, period = agenda.meeting, agenda.period
    plan = meeting.plan
    blocks: list[Block] = [Paragraph(rule_sentence(agenda))]
    if agenda.missing:
        blocks.append(Paragraph(_("Rapport saknas för:"), style="subheading"))
        blocks.append(BulletList([item.name for item in agenda.missing]))

    goals = _goals(agenda)
    tree = [goal for named in agenda.goals for goal in _subtree(goals[named.item.goal_id])]
    goal_reports = goal_reports_current(period=period, goals=[g.pk for g in tree]) if period and tree else {}
    activities = [activity for goal in tree for activity in goal.activities.all()]
    activity_reports = activity_reports_current(period=period, activities=activities) if activities else {}
    scale = dict(assessment_scale(municipality_id=plan.municipality_id))
    numbering = Numbering()
    for item in agenda.items:
        if item.kind == "goal":
            printer = _GoalPrinter(period, numbering, goal_reports, activity_reports, scale)
            blocks += printer.goal(goals[item.item.goal_id], depth=1)
        elif item.kind == "assignment":
            blocks += _assignment(item, period, numbering)
    texts = [item.item.text for item in agenda.items if item.kind == "text"]
    if texts:
        blocks.append(Heading(1, _("Övriga punkter"), numbering.next(1)))
        blocks.append(BulletList(texts))
    subtitle = f"{meeting.get_body_display()} {meeting.date.isoformat()} · {plan.board} · {plan.municipality}"
    return Document(
        title=underlag_title(agenda),
        subtitle=f"{meeting.title} · {subtitle}" if meeting.title else subtitle,
        municipality=plan.municipality.name,
        board=str(plan.board),
        blocks=blocks,
    )


def _goals(agenda: MeetingAgenda) -> dict[int, Goal]:
    """The plan's goals with their subgoals, indicators and activities, read once for all, if any is
    presented."""
    if not agenda.goals:
        return {}
    return {goal.pk: goal for goal in goals_with_subgoals(agenda.meeting.plan)}


def _subtree(goal: Goal) -> list[Goal]:
    return [goal, *(below for child in goal.subgoals for below in _subtree(child))]


class _GoalPrinter:
    """A goal's section of the underlag, and its subgoals' sections under it."""

    def __init__(self, period, numbering: Numbering, goal_reports: dict, activity_reports: dict, scale: dict):
        self.period = period
        self.numbering = numbering
        self.goal_reports = goal_reports
        self.activity_reports = activity_reports
        self.scale = scale

    def heading(self, depth: int, text: str) -> Heading:
        depth = min(depth, DEEPEST)
        return Heading(depth, text, self.numbering.next(depth))

    def goal(self, goal: Goal, depth: int, *, named: bool = True) -> list[Block]:
        """``named``: the goal the meeting hears, whose missing report is said; a subgoal's
        report is printed where there is one."""
        blocks: list[Block] = [self.heading(depth, goal_heading(goal))]
        blocks += goal_texts(goal, plan_document=False)
        if named or goal.pk in self.goal_reports:
            blocks += self.report(goal, depth + 1)
        blocks += self.indicators(goal, depth + 1)
        activities = list(goal.activities.all())
        if activities and self.period is not None:
            heading = self.heading(depth + 1, _("Uppföljning av aktiviteter och projekt"))
            blocks += [heading, *activity_table(activities, self.period, self.activity_reports, heading)]
        for child in goal.subgoals:
            blocks += self.goal(child, depth + 1, named=False)
        return blocks

    def report(self, goal: Goal, depth: int) -> list[Block]:
        if self.period is None:
            return []
        blocks: list[Block] = [
            self.heading(depth, _("Redovisning %(period)s") % {"period": self.period.code})
        ]
        report = self.goal_reports.get(goal.pk)
        if report is None:
            blocks.append(Paragraph(_("Ingen rapport för %(period)s.") % {"period": self.period.code}))
            return blocks
        if report.assessment:
            label = str(self.scale.get(report.assessment, report.get_assessment_display()))
            blocks.append(Paragraph(label, label=_("Bedömning:")))
        blocks += paragraphs(report.comment)
        blocks.append(Paragraph(reported_by(report), style="small"))
        return blocks

    def indicators(self, goal: Goal, depth: int) -> list[Block]:
        indicators = list(goal.indicators.all())
        if not indicators:
            return []
        heading = self.heading(depth, _("Indikatorer"))
        rows = []
        for indicator in indicators:
            years = [year for year in indicator_assessments(indicator=indicator) if year.value is not None]
            latest = years[-1] if years else None
            value = (
                f"{with_unit(latest.value.value, indicator.unit)} ({latest.year})"
                if latest
                else _("Värde saknas")
            )
            status = latest.status if latest and latest.status != TargetStatus.NO_DATA else None
            rows.append([
                " ".join(indicator.name.split()),
                value,
                indicator.target or "–",
                str(TargetStatus(status).label) if status else "–",
            ])  # fmt: skip
        header = [_("Indikator"), _("Senaste värde"), _("Målvärde"), _("Når målvärdet")]
        table = Table(caption="", header=header, rows=rows, row_headers=True, labelled_by=heading.anchor)
        return [heading, table, *indicator_figures(goal)]


def _assignment(item: AgendaItem, period, numbering: Numbering) -> list[Block]:
    """An assignment as the AU hears it: nuläge, genomfört arbete, prognos, korrigerande åtgärder."""
    assignment = item.item.assignment
    blocks: list[Block] = [
        Heading(1, _("Uppdrag: %(title)s") % {"title": assignment.title}, numbering.next(1))
    ]
    if assignment.responsible_unit:
        blocks.append(Paragraph(assignment.responsible_unit.name, label=_("Ansvarig:")))
    blocks += paragraphs(assignment.description)
    if period is None:
        return blocks
    blocks.append(Heading(2, _("Redovisning %(period)s") % {"period": period.code}, numbering.next(2)))
    report = item.report
    if report is None:
        blocks.append(Paragraph(_("Ingen rapport för %(period)s.") % {"period": period.code}))
        return blocks
    blocks.append(Paragraph(report.status_text, label=_("Nuläge:")))
    for title, text in (
        (_("Genomfört arbete"), report.comment),
        (_("Prognos"), report.prognosis),
        (_("Korrigerande åtgärder"), report.corrective_actions),
    ):
        blocks.append(Paragraph(title, style="subheading"))
        blocks += paragraphs(text) or [Paragraph("–")]
    blocks.append(Paragraph(reported_by(report), style="small"))
    return blocks


def underlag_filename(meeting) -> str:
    """ "valdemarsvik-ks-2023-underlag-au-2023-04-19", without its extension."""
    plan = meeting.plan
    parts = [
        plan.municipality.slug,
        plan.board.slug,
        str(plan.year),
        "underlag",
        meeting.body,
        meeting.date.isoformat(),
    ]
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower())
