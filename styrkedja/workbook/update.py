"""Update the reports of an existing plan from its workbook, keeping their history.

Controllers often send the workbook out, have each unit fill in status and comment, and read
it back. Replacing the plan for that would re-create every report row; this instead goes
through the follow-up services, as a person reporting in the application does: a report that
differs from the current one becomes a new history row with the importer as author, an
unchanged one adds nothing, a closed period refuses, and a report someone saved in
Styrkedja after the workbook was downloaded (the workbook's creation time, which Excel keeps)
is not overwritten.

Only the sheets Aktivitetsrapporter and Målrapporter are applied. An activity is found by
its goal and title (as on the sheet Aktiviteter), a goal by its key.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from styrkedja.followup.selectors import activity_report_current, goal_report_current
from styrkedja.followup.services import activity_report_set, goal_report_set
from styrkedja.plans.models import Plan
from styrkedja.workbook.errors import WorkbookError
from styrkedja.workbook.reader import Row


@dataclass
class UpdateResult:
    activity_reports: int = 0
    goal_reports: int = 0


class ReportsUpdater:
    def __init__(self, plan: Plan, rows: dict[str, list[Row]], user, downloaded_at: datetime.datetime | None):
        self.plan, self.rows, self.user, self.downloaded_at = plan, rows, user, downloaded_at
        self.errors: list[WorkbookError] = []
        self.result = UpdateResult()
        self.periods = {period.code: period for period in plan.periods.all()}

    def fail(self, row: Row, key: str, message: str) -> None:
        column = row.sheet.column(key)
        self.errors.append(
            WorkbookError(row.sheet.name, row.number, column.header, row.letters.get(key, ""), message)
        )

    def run(self) -> UpdateResult:
        self.activity_reports()
        self.goal_reports()
        return self.result

    @staticmethod
    def groups(rows: list[Row], key: str) -> dict[tuple, list[Row]]:
        """The rows of each object and period; the last is what the workbook wants now."""
        grouped: dict[tuple, list[Row]] = defaultdict(list)
        for row in rows:
            grouped[(row.get(key), row.get("period"))].append(row)
        return grouped

    def period(self, row: Row):
        period = self.periods.get(row.get("period"))
        if period is None:
            self.fail(row, "period", f"perioden {row.get('period')} finns inte i planen {self.plan.name}.")
        return period

    @staticmethod
    def shown(report, field: str) -> str:
        """A report's value as people read it: a status or assessment in words."""
        display = getattr(report, f"get_{field}_display", None)
        return str(display()) if display else str(getattr(report, field))

    def apply(self, row: Row, current, fields: tuple[str, ...], save) -> bool:
        """Save the last row's values unless they are the current report's already, or the current
        report was written after the workbook was made (downloaded): then it is not overwritten."""
        wanted = tuple(row.get(field) for field in fields)
        if current is not None and tuple(getattr(current, field) for field in fields) == wanted:
            return False
        # The file keeps its time to the second: a report of the same second counts as seen.
        written = current.created_at.replace(microsecond=0) if current is not None else None
        if written and self.downloaded_at and written > self.downloaded_at:
            now = " – ".join(self.shown(current, field) for field in fields if getattr(current, field))
            self.fail(
                row,
                fields[0],
                f"rapporten har ändrats i Styrkedja sedan arbetsboken laddades ner (nu: {now}). "
                "Ladda ner arbetsboken igen och för in ändringen där.",
            )
            return False
        try:
            save(based_on=current)
        except ValidationError as error:
            self.fail(row, fields[0], " ".join(error.messages))
            return False
        return True

    def activity_reports(self) -> None:
        by_place: dict[tuple[str, str], list] = defaultdict(list)
        for activity in self.plan.activities.select_related("goal"):
            by_place[(activity.goal.key if activity.goal_id else "", activity.title)].append(activity)
        numbered = {row.get("ref"): row for row in self.rows["Aktiviteter"]}
        for (number, _code), group in self.groups(self.rows["Aktivitetsrapporter"], "activity").items():
            row = group[-1]
            listed = numbered[number]
            matches = by_place.get((listed.get("goal"), listed.get("title")), [])
            if len(matches) != 1:
                where = (
                    f"under målet ”{listed.get('goal')}”"
                    if listed.get("goal")
                    else "bland särskilda satsningar"
                )
                problem = "finns inte" if not matches else "finns flera gånger"
                self.fail(
                    row,
                    "activity",
                    f"aktiviteten ”{listed.get('title')[:60]}” (rad {listed.number} på bladet Aktiviteter) "
                    f"{problem} {where} i planen {self.plan.name}. Rapporter uppdateras bara för planens "
                    "befintliga aktiviteter.",
                )
                continue
            activity, period = matches[0], self.period(row)
            if period is None:
                continue
            current = activity_report_current(activity=activity, period=period)

            def save(based_on, activity=activity, period=period, row=row):
                activity_report_set(
                    activity=activity, period=period, status=row.get("status"), comment=row.get("comment"),
                    user=self.user, based_on=based_on,
                )  # fmt: skip

            if self.apply(row, current, ("status", "comment"), save):
                self.result.activity_reports += 1

    def goal_reports(self) -> None:
        goals = {goal.key: goal for goal in self.plan.goals.all()}
        for (key, _code), group in self.groups(self.rows["Målrapporter"], "goal").items():
            row = group[-1]
            goal, period = goals.get(key), self.period(row)
            if goal is None:
                self.fail(row, "goal", f"målet ”{key}” finns inte i planen {self.plan.name}.")
                continue
            if period is None:
                continue
            current = goal_report_current(goal=goal, period=period)

            def save(based_on, goal=goal, period=period, row=row):
                goal_report_set(
                    goal=goal, period=period, comment=row.get("comment"), assessment=row.get("assessment"),
                    reason=row.get("reason"), user=self.user, based_on=based_on,
                )  # fmt: skip

            if self.apply(row, current, ("assessment", "comment", "reason"), save):
                self.result.goal_reports += 1
