"""Update the reports of an existing plan from its workbook, keeping their history.

Controllers often send the workbook out, have each unit fill in status and comment, and read
it back. Replacing the plan for that would be too much; this instead goes through the follow-up
services, as a person reporting in the application does.

Only the sheets Aktivitetsrapporter and Målrapporter are applied. An activity is found by its
goal and title (as on the sheet Aktiviteter), a goal by its key. The rows of one activity (or
goal) and period are its history, oldest first, and are read against the history in Styrkedja
(``followup.history``): a row that is already there changes nothing; rows after the last such
row are added, in order, each a new history row with the importer as author (unchanged input
adds none); a changed row before one that is already there would rewrite what was reported
earlier, and is named as a fault. So every row is applied or named. A closed or unopened period
refuses, and a report someone saved in Styrkedja after the workbook was downloaded (the
workbook's creation time, which Excel keeps) is not overwritten.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from styrkedja.followup.history import history_extend
from styrkedja.followup.models import ActivityReport, GoalReport
from styrkedja.followup.selectors import report_histories
from styrkedja.followup.services import activity_report_set, goal_report_set
from styrkedja.plans.models import Plan
from styrkedja.workbook.errors import WorkbookError
from styrkedja.workbook.reader import Row

ACTIVITY_FIELDS = ("status", "comment")
GOAL_FIELDS = ("assessment", "comment", "reason", "actions")


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
        if key not in {column.key for column in row.sheet.columns}:
            key = "period"  # a fault of no column of its own (the period's state) is told at the period
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
        """The rows of each object and period, in the workbook's order."""
        grouped: dict[tuple, list[Row]] = defaultdict(list)
        for row in rows:
            grouped[(row.get(key), row.get("period"))].append(row)
        return grouped

    def period(self, group: list[Row]):
        code = group[0].get("period")
        period = self.periods.get(code)
        if period is None:
            for row in group:
                self.fail(row, "period", f"perioden {code} finns inte i planen {self.plan.name}.")
        return period

    def merge(
        self, group: list[Row], history: list, fields: tuple[str, ...], save: Callable, *, owner: str
    ) -> int:
        """Apply the group's new rows after the history; name each row that cannot be. Returns the
        number of rows added to the history."""
        return history_extend(
            history=history,
            rows=[tuple(row.get(field) for field in fields) for row in group],
            fields=fields,
            owner=owner,
            downloaded_at=self.downloaded_at,
            write=lambda index, current: save(row=group[index], based_on=current),
            refuse=lambda index, field, message: self.fail(group[index], field, message),
        )

    def activity_reports(self) -> None:
        by_place: dict[tuple[str, str], list] = defaultdict(list)
        for activity in self.plan.activities.select_related("goal"):
            by_place[(activity.goal.key if activity.goal_id else "", activity.title)].append(activity)
        histories = report_histories(
            ActivityReport.objects.filter(activity__plan=self.plan), owner="activity_id"
        )
        numbered = {row.get("ref"): row for row in self.rows["Aktiviteter"]}
        for (number, _code), group in self.groups(self.rows["Aktivitetsrapporter"], "activity").items():
            listed = numbered[number]
            matches = by_place.get((listed.get("goal"), listed.get("title")), [])
            if len(matches) != 1:
                where = (
                    f"under målet ”{listed.get('goal')}”"
                    if listed.get("goal")
                    else "bland särskilda satsningar"
                )
                problem = "finns inte" if not matches else "finns flera gånger"
                for row in group:
                    self.fail(
                        row,
                        "activity",
                        f"aktiviteten ”{listed.get('title')[:60]}” (rad {listed.number} på bladet "
                        f"Aktiviteter) {problem} {where} i planen {self.plan.name}. Rapporter uppdateras "
                        "bara för planens befintliga aktiviteter.",
                    )
                continue
            activity, period = matches[0], self.period(group)
            if period is None:
                continue

            def save(row, based_on, activity=activity, period=period):
                return activity_report_set(
                    activity=activity, period=period, status=row.get("status"), comment=row.get("comment"),
                    user=self.user, based_on=based_on,
                )  # fmt: skip

            history = histories.get((activity.pk, period.pk), [])
            self.result.activity_reports += self.merge(
                group, history, ACTIVITY_FIELDS, save, owner="aktiviteten"
            )

    def goal_reports(self) -> None:
        goals = {goal.key: goal for goal in self.plan.goals.all()}
        histories = report_histories(GoalReport.objects.filter(goal__plan=self.plan), owner="goal_id")
        for (key, _code), group in self.groups(self.rows["Målrapporter"], "goal").items():
            goal, period = goals.get(key), self.period(group)
            if goal is None:
                for row in group:
                    self.fail(row, "goal", f"målet ”{key}” finns inte i planen {self.plan.name}.")
                continue
            if period is None:
                continue

            def save(row, based_on, goal=goal, period=period):
                return goal_report_set(
                    goal=goal, period=period, comment=row.get("comment"), assessment=row.get("assessment"),
                    reason=row.get("reason"), actions=row.get("actions"), user=self.user, based_on=based_on,
                )  # fmt: skip

            history = histories.get((goal.pk, period.pk), [])
            self.result.goal_reports += self.merge(group, history, GOAL_FIELDS, save, owner="målet")
