"""The plan's year wheel: its meetings (KF, KS, AU) with what is presented at each, and the steps of
the budget process, month by month; and one meeting's agenda with the reports it hears."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.formats import date_format

from styrkedja.assignments.models import AssignmentReport
from styrkedja.assignments.selectors import assignment_reports_current
from styrkedja.documents.content import meeting_item_text
from styrkedja.followup.models import FollowUpPeriod, GoalReport
from styrkedja.followup.selectors import goal_reports_current
from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem
from styrkedja.plans.models import Plan

MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
_MONTH_WORD = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r")\b", re.IGNORECASE)


@dataclass
class Month:
    year: int
    month: int
    meetings: list[Meeting] = field(default_factory=list)
    milestones: list[BudgetMilestone] = field(default_factory=list)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def name(self) -> str:
        """ "april 2023", as Django's Swedish localization names the month."""
        return date_format(self.first_day, "F Y")

    @property
    def anchor(self) -> str:
        return f"manad-{self.year}-{self.month:02d}"

    @property
    def is_empty(self) -> bool:
        return not self.meetings and not self.milestones


@dataclass
class YearWheel:
    year: int
    months: list[Month]  # January–December of the plan year, and any other month with a meeting
    undated: list[BudgetMilestone]  # steps whose time the document gives in words that name no one month

    @property
    def plan_year_months(self) -> list[Month]:
        return [month for month in self.months if month.year == self.year]

    @property
    def meeting_count(self) -> int:
        return sum(len(month.meetings) for month in self.months)

    @property
    def is_empty(self) -> bool:
        return not self.undated and all(month.is_empty for month in self.months)


def milestone_month(milestone: BudgetMilestone) -> int | None:
    """The month of a step: its date's, else the one month its words name ("Beslut december")."""
    if milestone.date:
        return milestone.date.month
    named = {MONTH_NAMES.index(word.lower()) + 1 for word in _MONTH_WORD.findall(milestone.when_text)}
    return named.pop() if len(named) == 1 else None


def year_wheel(*, plan: Plan) -> YearWheel:
    meetings = list(
        plan.meetings.prefetch_related(
            Prefetch(
                "items",
                queryset=MeetingItem.objects.select_related("goal__level", "assignment").order_by(
                    "order", "id"
                ),
            )
        ).order_by("date", "body", "id")
    )
    milestones = list(plan.budget_milestones.order_by("order", "id"))
    months = {(plan.year, number): Month(plan.year, number) for number in range(1, 13)}
    for meeting in meetings:
        key = (meeting.date.year, meeting.date.month)
        months.setdefault(key, Month(*key)).meetings.append(meeting)
    undated = []
    for milestone in milestones:
        number = milestone_month(milestone)
        if number is None:
            undated.append(milestone)
            continue
        year = milestone.date.year if milestone.date else plan.year
        months.setdefault((year, number), Month(year, number)).milestones.append(milestone)
    for month in months.values():
        month.milestones.sort(key=lambda m: (m.date or datetime.date(month.year, month.month, 28), m.order))
    return YearWheel(year=plan.year, months=[months[key] for key in sorted(months)], undated=undated)


# A meeting's agenda, with the report each goal and assignment is presented from -------------------


@dataclass
class AgendaItem:
    """A point of the meeting, and for a goal or an assignment the report it is presented from."""

    item: MeetingItem
    report: GoalReport | AssignmentReport | None = None

    @property
    def kind(self) -> str:
        return "goal" if self.item.goal_id else "assignment" if self.item.assignment_id else "text"

    @property
    def is_missing(self) -> bool:
        """A goal or an assignment without a report at the meeting's period."""
        return self.kind != "text" and self.report is None

    @property
    def name(self) -> str:
        return meeting_item_text(self.item)


@dataclass
class MeetingAgenda:
    meeting: Meeting
    period: FollowUpPeriod | None  # the period whose reports the meeting hears; None: the plan has none
    items: list[AgendaItem]

    @property
    def goals(self) -> list[AgendaItem]:
        return [item for item in self.items if item.kind == "goal"]

    @property
    def assignments(self) -> list[AgendaItem]:
        return [item for item in self.items if item.kind == "assignment"]

    @property
    def missing(self) -> list[AgendaItem]:
        return [item for item in self.items if item.is_missing]


class MeetingNotFound(Exception):
    pass


PRESENTED_AT = (MeetingBody.KS, MeetingBody.AU)  # the bodies whose meetings hear goals and assignments


def meeting_get(*, plan: Plan, pk: int) -> Meeting:
    """A KS or AU meeting of the plan (and so of its municipality)."""
    try:
        meeting = plan.meetings.get(pk=pk, body__in=PRESENTED_AT)
    except Meeting.DoesNotExist:
        raise MeetingNotFound(f"Sammanträdet {pk} finns inte i planen.") from None
    meeting.plan = plan  # asked already, with its municipality and board
    return meeting


def meeting_period(*, meeting: Meeting, periods: list[FollowUpPeriod]) -> FollowUpPeriod | None:
    """The period whose reports a meeting hears: the latest tertial that ends on or before the
    meeting's day, or, before the first has ended, the tertial in progress (the first).

    Tertials only: goals and assignments are reported at T1–T3; the months are the economy's."""
    tertials = sorted((period for period in periods if period.is_tertial), key=lambda p: p.ends_on)
    ended = [period for period in tertials if period.ends_on <= meeting.date]
    if ended:
        return ended[-1]
    return tertials[0] if tertials else None


def meeting_agenda(*, meeting: Meeting) -> MeetingAgenda:
    """What is presented at the meeting, in its order, each goal and assignment with the newest
    report of the meeting's period (``meeting_period``), or none: then it is missing."""
    items = list(
        meeting.items.select_related(
            "goal__level", "goal__responsible_unit", "assignment__responsible_unit"
        ).order_by("order", "id")
    )
    period = meeting_period(meeting=meeting, periods=list(meeting.plan.periods.all()))
    goal_reports, assignment_reports = {}, {}
    if period is not None:
        goals = [item.goal_id for item in items if item.goal_id]
        assignments = [item.assignment_id for item in items if item.assignment_id]
        if goals:
            goal_reports = goal_reports_current(period=period, goals=goals)
        if assignments:
            assignment_reports = assignment_reports_current(period=period, assignments=assignments)
    agenda = []
    for item in items:
        if item.goal_id:
            report = goal_reports.get(item.goal_id)
        else:
            report = assignment_reports.get(item.assignment_id) if item.assignment_id else None
        agenda.append(AgendaItem(item, report))
    return MeetingAgenda(meeting=meeting, period=period, items=agenda)
