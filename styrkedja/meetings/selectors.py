"""The plan's year wheel: its meetings (KF, KS, AU) with what is presented at each, and the steps of
the budget process, month by month."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.formats import date_format

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
