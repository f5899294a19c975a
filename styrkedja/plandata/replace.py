"""Replacing a plan from a file without losing what the plan already is.

A replace used to delete the plan and load the file anew: every report row came back with the
loader as author and the loading's time, every object with a new id (so addresses such as
``/aktiviteter/1/`` and each page's history were gone), and closed periods were rewritten and
reopened. Now the file is laid over the plan in place:

- every object the file still names keeps its row, its id and what hangs on it; its fields are
  set to the file's; what the file no longer names is removed;
- reports are history: the file's rows are read against it (``followup.history``), so the rows
  that are there stay as they are, with their authors and times, and new rows are added after
  them with the importer as author;
- a closed period is never touched: not its fields, not its state, not its reports, nor by
  removing an object that was reported in it; and a period is opened, closed or reopened only on
  the period page, never by a file.

What a replace may not do is collected as ``Refusal``s, all of them, and the whole load is
refused (``LoadRefused``), so a workbook can name every row at fault. An import by a person who
may not change the organisation (units and partners are the administratör's) is refused the
same way.

Objects are named as the file names them: a goal by its key, an activity by its goal and title,
an indicator by its goal and name, a period by its code, and so on (``ExistingObjects``). An
object whose name changes in the file (an activity's title, say) is a new object, and the old
one is removed with its history, unless it was reported in a closed period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.assignments.models import AssignmentReport
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentOutcome,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    LineOutcome,
    SectorOutcome,
)
from styrkedja.followup.models import ActivityReport, GoalReport, PeriodComment
from styrkedja.followup.selectors import report_histories
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.meetings.models import MeetingItem
from styrkedja.plandata.reader import DataFileError
from styrkedja.plans.models import Plan
from styrkedja.surveys.models import SurveyReport, SurveyResult


@dataclass(frozen=True)
class Refusal:
    """One thing a load may not do: ``kind`` is what it concerns ("period", "activity_report",
    "unit", …), ``item`` the file's mapping at fault where the file has one, ``field`` its field."""

    kind: str
    message: str
    item: dict[str, Any] | None = None
    field: str = ""
    where: str = ""


class LoadRefused(DataFileError):
    """The file was not loaded, for every reason in ``refusals``; nothing was written."""

    def __init__(self, file: str, refusals: list[Refusal]):
        self.refusals = refusals
        first = refusals[0]
        lines = "\n".join(f"{r.where}: {r.message}" if r.where else r.message for r in refusals)
        super().__init__(file, first.where or "filen", first.field, first.message)
        count = f"{len(refusals)} ändring kan" if len(refusals) == 1 else f"{len(refusals)} ändringar kan"
        self.args = (f"{file}: {count} inte göras:\n{lines}",)

    def __str__(self) -> str:
        return self.args[0]


# The report models whose rows are history, with the owner's field and the compared values.
HISTORY_FIELDS: dict[type[models.Model], tuple[str, tuple[str, ...]]] = {
    ActivityReport: ("activity_id", ("status", "comment")),
    GoalReport: ("goal_id", ("comment", "assessment", "reason", "actions")),
    SurveyReport: ("survey_id", ("status", "comment")),
    AssignmentReport: ("assignment_id", ("status", "comment", "prognosis", "corrective_actions")),
    LineOutcome: ("line_id", ("outcome", "forecast", "comment")),
    SectorOutcome: ("sector_budget_id", ("comment",)),
    InvestmentOutcome: ("project_id", ("outcome", "forecast", "comment")),
}


@dataclass
class ExistingObjects:
    """The objects of a plan being replaced, by the name the file gives them.

    ``take`` hands out each object once (the first of equal names first, so a list with two
    equal entries keeps both); what is not taken by the end is what the file no longer holds.
    """

    plan: Plan
    pools: dict[tuple, list[models.Model]] = field(default_factory=lambda: defaultdict(list))
    # (report model, owner id, period id) → the rows, oldest first
    histories: dict[tuple, list[models.Model]] = field(default_factory=dict)
    comments: dict[tuple[str, int], list[PeriodComment]] = field(default_factory=dict)  # (topic, period id)
    places: dict[tuple[str, int], Activity] = field(default_factory=dict)  # (goal key, position) → activity

    def __post_init__(self) -> None:
        plan = self.plan
        add = self._add
        for period in plan.periods.all():
            add(("period", period.code), period)
        for section in plan.sections.order_by("order", "id"):
            add(("section", section.sector_id, section.key), section)
        goals = list(plan.goals.order_by("order", "id"))
        keys = {goal.pk: goal.key for goal in goals}
        for goal in goals:
            add(("goal", goal.key), goal)
        for indicator in Indicator.objects.filter(goal__plan=plan).order_by("order", "id"):
            add(("indicator", keys[indicator.goal_id], indicator.name), indicator)
        for value in IndicatorValue.objects.filter(indicator__goal__plan=plan):
            add(("value", value.indicator_id, value.year, value.scope, value.label, value.gender), value)
        positions: dict[str, int] = defaultdict(int)
        for activity in plan.activities.order_by("order", "id"):
            goal_key = keys.get(activity.goal_id, "")
            add(("activity", goal_key, activity.title), activity)
            positions[goal_key] += 1
            self.places[(goal_key, positions[goal_key])] = activity
        for c in ActivityCollaborator.objects.filter(activity__plan=plan).order_by("order", "id"):
            add(("collaborator", c.activity_id, c.unit_id, c.partner_id, c.text), c)
        for survey in plan.surveys.order_by("order", "id"):
            add(("survey", survey.unit_id, survey.kind), survey)
        for result in SurveyResult.objects.filter(survey__plan=plan).order_by("id"):
            add(("survey_result", result.survey_id, result.measure, result.year, result.period_id), result)
        for assignment in plan.assignments.all():
            add(("assignment", assignment.key), assignment)
        for meeting in plan.meetings.order_by("date", "id"):
            add(("meeting", meeting.body, meeting.date), meeting)
        for item in MeetingItem.objects.filter(meeting__plan=plan).order_by("order", "id"):
            add(("meeting_item", item.meeting_id, item.goal_id, item.assignment_id, item.text), item)
        for milestone in plan.budget_milestones.order_by("order", "id"):
            add(("milestone", milestone.title), milestone)
        for budget in plan.sector_budgets.all():
            add(("sector", budget.sector_id), budget)
        for frame in BudgetFrame.objects.filter(sector_budget__plan=plan):
            add(("frame", frame.sector_budget_id, frame.year, frame.kind), frame)
        for line in BudgetLine.objects.filter(sector_budget__plan=plan).order_by("order", "id"):
            add(("line", line.sector_budget_id, line.name), line)
        for project in InvestmentProject.objects.filter(plan=plan).order_by("order", "id"):
            add(("project", project.parent_id, project.name), project)
        for amount in InvestmentAmount.objects.filter(project__plan=plan):
            add(("amount", amount.project_id, amount.year), amount)
        for item in InvestmentSpecItem.objects.filter(project__plan=plan).order_by("order", "id"):
            add(("spec", item.project_id, item.name), item)
        for total in InvestmentTotal.objects.filter(plan=plan):
            add(("total", total.year), total)
        for model, (owner, _fields) in HISTORY_FIELDS.items():
            histories = report_histories(model.objects.filter(period__plan=plan), owner=owner)
            self.histories |= {(model, *key): reports for key, reports in histories.items()}
        self.comments = report_histories(PeriodComment.objects.filter(period__plan=plan), owner="topic")

    def _add(self, key: tuple, obj: models.Model) -> None:
        self.pools[key].append(obj)

    def take(self, key: tuple) -> models.Model | None:
        pool = self.pools.get(key)
        return pool.pop(0) if pool else None

    def has(self, key: tuple) -> bool:
        return bool(self.pools.get(key))

    def take_renamed(
        self, goal_key: str, position: int, unit_id: int, *, titles_in_file: set[str]
    ) -> Activity | None:
        """The activity at ``position`` under the goal, if it is unclaimed, has the same responsible
        unit and a title the file does not have: a corrected typo keeps the activity, its address
        and its history."""
        old = self.places.get((goal_key, position))
        if old is None or old.responsible_unit_id != unit_id or old.title in titles_in_file:
            return None
        pool = self.pools.get(("activity", goal_key, old.title), [])
        if old not in pool:
            return None  # claimed already
        pool.remove(old)
        return old

    def history(self, model: type[models.Model], owner_id: int, period_id: int) -> list[models.Model]:
        return self.histories.get((model, owner_id, period_id), [])

    def left_over(self) -> list[models.Model]:
        """What the file no longer holds."""
        return [obj for pool in self.pools.values() for obj in pool]

    def closed_reports_of(self, obj: models.Model, closed: dict[int, str]) -> list[str]:
        """The codes of the closed periods (id → code) in which ``obj`` was reported: removing it
        would remove those reports."""
        reports = [
            model
            for model, (owner, _fields) in HISTORY_FIELDS.items()
            if model._meta.get_field(owner.removesuffix("_id")).related_model is type(obj)
        ]
        return sorted(
            {
                code
                for model in reports
                for period_id, code in closed.items()
                if self.history(model, obj.pk, period_id)
            }
        )
