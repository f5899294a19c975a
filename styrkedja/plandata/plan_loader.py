"""The contents of one plan from plan data: goals, indicators, activities, reports, economy …

Used by ``loader.load_plan_data`` for a new plan, and to replace a plan in place: with an
``ExistingObjects`` pool every object is first looked for among the plan's own, by the name
the file gives it, and only made anew when it is not there (see ``replace.py``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models

from styrkedja import text_limits
from styrkedja.activities.choices import ActivityKind, Priority
from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.assignments.models import Assignment, AssignmentReport
from styrkedja.assignments.services import assignment_report_set
from styrkedja.audit.services import audit_log
from styrkedja.economy.choices import FrameKind
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentOutcome,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    LineOutcome,
    SectorBudget,
    SectorOutcome,
)
from styrkedja.economy.services import investment_outcome_set, line_outcome_set, sector_outcome_set
from styrkedja.followup.choices import STATUS_ALIASES, Assessment, CommentTopic
from styrkedja.followup.history import history_extend
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport, PeriodComment
from styrkedja.followup.services import activity_report_set, goal_report_set, period_lock_open
from styrkedja.goals.models import Goal, SustainableDevelopmentGoal
from styrkedja.goals.services import GOAL_TEXT_FIELDS
from styrkedja.indicators.choices import Gender, TargetKind, ValueScope
from styrkedja.indicators.models import AVERAGE_YEARS_MAX, AVERAGE_YEARS_MIN, Indicator, IndicatorValue
from styrkedja.indicators.selectors import target_parse
from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem
from styrkedja.plandata.reader import Node, to_decimal
from styrkedja.plandata.replace import HISTORY_FIELDS, ExistingObjects, Refusal
from styrkedja.plans.choices import SectionKey
from styrkedja.plans.models import Plan, PlanSection
from styrkedja.surveys.models import SurveyReport, SurveyResult, UserSurvey
from styrkedja.tenancy.models import OrgUnit

if TYPE_CHECKING:
    from styrkedja.plandata.loader import _FileLoader

PERIOD_CODE = re.compile(r"^(T[1-3]|M(0[1-9]|1[0-2]))$")


def lower_map(choices) -> dict[str, str]:
    """Accept a choice by its stored value or by its Swedish label, case-insensitively."""
    words = {}
    for value, label in choices:
        words[str(value).lower()] = value
        words[str(label).lower()] = value
    return words


STATUSES = {**lower_map([(v, v) for v in STATUS_ALIASES.values()]), **STATUS_ALIASES}
# An uppdrag's four statuses; the activities' words for the three they share are taken too.
ASSIGNMENT_STATUSES = {**STATUSES, **lower_map(AssignmentStatus.choices)}
ASSESSMENTS = {"": "", **lower_map(Assessment.choices)}
KINDS = {"": "", "a": "A", "p": "P", "f": "F", "fp": "FP", "f/p": "FP"}
PRIORITIES = lower_map(Priority.choices)
SECTION_KEYS = {value: value for value in SectionKey.values}
TOPICS = {value: value for value in CommentTopic.values}
TARGET_KINDS = {value: value for value in TargetKind.values}
SCOPES = {**lower_map(ValueScope.choices), "riket": ValueScope.NATION}
GENDERS = lower_map(Gender.choices)  # "T", "K", "M" or "Totalt", "Kvinnor", "Män"
BODIES = {value.lower(): value for value in MeetingBody.values}
FRAME_KINDS = {**lower_map(FrameKind.choices), "ek plan": FrameKind.EK_PLAN}

# What a report row is called in a refusal, by its model.
REPORT_KINDS = {
    ActivityReport: "activity_report",
    GoalReport: "goal_report",
    SurveyReport: "survey_report",
    AssignmentReport: "assignment_report",
    LineOutcome: "line_outcome",
    SectorOutcome: "sector_outcome",
    InvestmentOutcome: "investment_outcome",
}
ACTIVITY_AUDITED = ("title", "kind", "priority", "responsible_unit", "note")


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _titles(activities: list) -> set[str]:
    """The titles of a list of activities in a file, as the loader will read them."""
    return {str(item.get("title", "")).strip() for item in activities if isinstance(item, dict)}


def _changed(obj: models.Model, fields: dict[str, Any]) -> list[str]:
    """The fields whose value differs from the object's; a relation by its id, not a query."""
    changed = []
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if field.is_relation:
            current, wanted = getattr(obj, field.attname), value.pk if value is not None else None
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            changed.append(name)
    return changed


def _shown(value: Any) -> Any:
    """A value as the audit log keeps it: a unit by its name."""
    return str(value) if isinstance(value, models.Model) else value


class _Report:
    """A report row of the file: where it is, its period, and the values of its model's fields."""

    def __init__(self, node: Node, period: FollowUpPeriod, fields: dict[str, Any]):
        self.node, self.period, self.fields = node, period, fields


class PlanLoader:
    """Loads the contents of one plan; ``order`` keeps the document's order of everything."""

    def __init__(self, file_loader: _FileLoader, plan: Plan, node: Node, pool: ExistingObjects | None = None):
        self.f, self.plan, self.node, self.pool = file_loader, plan, node, pool
        self.periods: dict[str, FollowUpPeriod] = {}
        self.goals: dict[str, Goal] = dict(file_loader.vision)
        self.assignments: dict[str, Assignment] = {}
        self.activity_order = 0
        self.section_order = 0
        self.investment_order = 0
        self.closed_before: dict[int, str] = {}  # in a replace: the periods already closed, id → code
        self.goal_reports_after: list[tuple] = []
        self.changes: Counter[str] = Counter()

    def sub(self, data: Any, where: str, fields: set[str]) -> Node:
        return self.f.node(data, f"{self.node.where}, {where}", fields)

    def refuse(self, kind: str, node: Node | None, field: str, message: str, where: str = "") -> None:
        self.f.refusals.append(
            Refusal(kind, message, node.data if node else None, field, node.where if node else where)
        )

    # Made anew, or found again -------------------------------------------------------------------

    def put(
        self, name: tuple, model: type[models.Model], found: models.Model | None = None, /, **fields: Any
    ) -> models.Model:
        """The object: in a replace the plan's own one of that ``name`` (or ``found``), its fields
        set to the file's; otherwise, or when the plan has none, a new one."""
        existing = found or (self.pool.take(name) if self.pool else None)
        if existing is None:
            if self.pool is not None:
                self.changes[f"{model._meta.model_name}.created"] += 1
            return model.objects.create(**fields)
        changed = _changed(existing, fields)
        if changed:
            before = {field: _shown(getattr(existing, field)) for field in changed}
            for field in changed:
                setattr(existing, field, fields[field])
            existing.save(update_fields=changed)
            self.changes[f"{model._meta.model_name}.changed"] += 1
            self.audit_change(existing, before)
        return existing

    def audit_change(self, obj: models.Model, before: dict[str, Any]) -> None:
        """Goals and activities have a history page: their changed texts are shown there."""
        if isinstance(obj, Goal):
            names, action = (*GOAL_TEXT_FIELDS, "number", "responsible_unit"), "goals.goal.changed"
        elif isinstance(obj, Activity):
            names, action = ACTIVITY_AUDITED, "activities.activity.changed"
        else:
            return
        data = {name: [value, _shown(getattr(obj, name))] for name, value in before.items() if name in names}
        if data:
            audit_log(
                municipality=self.plan.municipality, action=action, obj=obj, user=self.f.user, data=data
            )

    def remove_left_over(self) -> None:
        """In a replace, remove what the file no longer holds, unless that would remove a report
        of a closed period, or a period with reports."""
        left_over = self.pool.left_over()
        for obj in left_over:
            if isinstance(obj, FollowUpPeriod):
                if obj.is_closed or any(
                    model.objects.filter(period=obj).exists() for model in (*HISTORY_FIELDS, PeriodComment)
                ):
                    state = "är stängd" if obj.is_closed else "har rapporter"
                    self.refuse(
                        "period", None, "", f"perioden {obj.code} {state} och kan inte tas bort ur planen. "
                        "Låt den stå kvar i filen.", where=self.node.where,
                    )  # fmt: skip
                continue
            codes = self.pool.closed_reports_of(obj, self.closed_before)
            if codes:
                self.refuse(
                    obj._meta.model_name, None, "",
                    f"”{_short(str(obj))}” finns inte längre i filen där den stod men har rapporter i den "
                    f"stängda perioden {', '.join(codes)}, och rapporter i en stängd period tas inte bort. "
                    "Låt den stå kvar i filen, med samma rubrik och under samma mål.", where=self.node.where,
                )  # fmt: skip
        if self.f.refusals:
            return  # the load is refused and rolled back: nothing to remove
        for obj in left_over:
            type(obj).objects.filter(pk=obj.pk).delete()  # what hangs on it may already be gone
            self.changes[f"{obj._meta.model_name}.removed"] += 1

    # The plan's contents ------------------------------------------------------------------------

    def run(self) -> None:
        node = self.node
        for data in node.items("sections"):
            self.load_section(data, sector=None)
        for index, data in enumerate(node.items("periods"), start=1):
            self.load_period(data, index)
        pending_links: list[tuple[Node, Goal]] = []
        for order, data in enumerate(node.items("goals"), start=1):
            self.load_goal(data, None, order, pending_links)
        for goal_node, goal in pending_links:
            self.link_goal(goal_node, goal)
        special = node.items("special_initiatives")
        titles = _titles(special)
        for index, data in enumerate(special, start=1):
            self.load_activity(data, f"särskild satsning {index}", goal=None, place=(index, titles))
        comments: dict[tuple[str, str], list[_Report]] = defaultdict(list)
        for index, data in enumerate(node.items("period_comments"), start=1):
            comment_node = self.sub(data, f"avsnittskommentar {index}", {"period", "topic", "comment"})
            period = self.period(comment_node)
            topic = comment_node.choice("topic", TOPICS, required=True)
            comment = comment_node.text("comment", required=True, max_length=text_limits.COMMENT)
            comments[(period.code, topic)].append(_Report(comment_node, period, {"comment": comment}))
        for (_code, topic), rows in comments.items():
            self.load_period_comments(topic, rows)
        for index, data in enumerate(node.items("surveys"), start=1):
            self.load_survey(data, index)
        for index, data in enumerate(node.items("assignments"), start=1):
            self.load_assignment(data, index)
        for index, data in enumerate(node.items("meetings"), start=1):
            self.load_meeting(data, index)
        for index, data in enumerate(node.items("budget_milestones"), start=1):
            milestone = self.sub(data, f"milstolpe {index}", {"title", "when", "date", "description"})
            title = milestone.text("title", required=True, max_length=200)
            self.put(
                ("milestone", title),
                BudgetMilestone,
                plan=self.plan,
                title=title,
                when_text=milestone.text("when", max_length=200),
                date=milestone.date("date"),
                description=milestone.text("description", max_length=text_limits.COMMENT),
                order=index,
            )
        for index, data in enumerate(node.items("sectors"), start=1):
            self.load_sector(data, index)
        if node.has("investments"):
            self.load_investments(node.raw("investments"))
        for merge in self.goal_reports_after:
            self.add_to_history(*merge)
        if self.pool:
            self.remove_left_over()

    def load_section(self, data: Any, sector: OrgUnit | None) -> None:
        self.section_order += 1
        node = self.sub(data, f"textavsnitt {self.section_order}", {"key", "heading", "body"})
        key = SectionKey.SECTOR if sector else node.choice("key", SECTION_KEYS, default=SectionKey.OTHER)
        self.put(
            ("section", sector.pk if sector else None, key),
            PlanSection,
            plan=self.plan,
            key=key,
            sector=sector,
            heading=node.text("heading", max_length=300),
            body=node.text("body", max_length=text_limits.SECTION),
            order=self.section_order,
        )

    # Periods and reports --------------------------------------------------------------------------

    def load_period(self, data: Any, index: int) -> None:
        node = self.sub(
            data,
            f"period {index}",
            {"code", "name", "ends_on", "due_on", "opened", "closed", "description", "comment"},
        )
        code = node.text("code", required=True).upper()
        if not PERIOD_CODE.match(code):
            node.fail("code", f"”{code}” är ingen periodkod. Använd T1, T2, T3 eller M01–M12.")
        if code in self.periods:
            node.fail("code", f"perioden {code} finns redan i planen.")
        node.where = f"{self.node.where}, period {code}"
        closed = node.boolean("closed")
        opened = node.boolean("opened", default=True)
        if closed and not opened:
            node.fail("opened", "en stängd period måste ha varit öppnad.")
        fields = {
            "name": node.text("name", max_length=100) or code,
            "ends_on": node.date("ends_on", required=True),
            "due_on": node.date("due_on"),
            "description": node.text("description", max_length=text_limits.COMMENT),
            "comment": node.text("comment", max_length=text_limits.COMMENT),
        }
        if fields["due_on"] and fields["due_on"] < fields["ends_on"]:
            node.fail(
                "due_on",
                f"sista dag att rapportera, {fields['due_on']}, ligger före periodens slut "
                f"{fields['ends_on']}.",
            )
        existing = self.pool.take(("period", code)) if self.pool else None
        if existing is None and self.pool is not None and closed:
            self.refuse(
                "period", node, "closed",
                f"perioden {code} är ny i planen och kan inte läggas till stängd: en period stängs på "
                "periodsidan. Skriv nej i Stängd.",
            )  # fmt: skip
        if existing is None:
            # The file says how far the follow-up has come; the times are those of the loading.
            self.periods[code] = FollowUpPeriod.objects.create(
                plan=self.plan,
                code=code,
                opened_at=self.plan.created_at if opened else None,
                closed_at=self.plan.created_at if closed else None,
                **fields,
            )
            return
        self.periods[code] = existing
        if (existing.opened_at is not None, existing.is_closed) != (opened, closed):
            field = "closed" if existing.is_closed != closed else "opened"
            state = existing.get_state_display().lower()
            self.refuse(
                "period", node, field,
                f"perioden {code} är {state} i Styrkedja. En period öppnas, stängs och öppnas igen på "
                "periodsidan (att öppna en stängd period kräver ett skäl), aldrig genom en inläsning.",
            )  # fmt: skip
        if existing.is_closed:
            self.closed_before[existing.pk] = code
            changed = _changed(existing, fields)
            if changed:
                self.refuse(
                    "period", node, changed[0],
                    f"perioden {code} är stängd, och en stängd periods uppgifter ändras inte.",
                )  # fmt: skip
            return
        self.put(("period", code), FollowUpPeriod, existing, **fields)

    def period(self, node: Node) -> FollowUpPeriod:
        code = node.text("period", required=True).upper()
        if code not in self.periods:
            known = ", ".join(self.periods) or "inga"
            node.fail("period", f"perioden ”{code}” finns inte i planen (perioder: {known}).")
        return self.periods[code]

    def load_reports(self, model: type[models.Model], owner: models.Model, rows: list[_Report]) -> None:
        """The report rows of one owner (an activity, a goal, a survey, an assignment), in the file's
        order. New, every row is written; in a replace they meet the history (``history_extend``)."""
        owner_field, compared = HISTORY_FIELDS[model]
        owner_name = owner_field.removesuffix("_id")
        by_period: dict[int, list[_Report]] = defaultdict(list)
        for row in rows:
            by_period[row.period.pk].append(row)
        for period_id, group in by_period.items():
            period = group[0].period
            if self.pool is None:
                for row in group:
                    model.objects.create(**{owner_name: owner}, period=period, **row.fields)
                continue
            history = self.pool.history(model, owner.pk, period_id)

            def write(row, current, period=period):
                return self.write_report(model, owner_name, owner, period, row, current)

            extend = (REPORT_KINDS[model], history, group, compared, period, write)
            if model is GoalReport:
                # The proposal comes from the activities' statuses, which are read in after the goal.
                self.goal_reports_after.append(extend)
            else:
                self.add_to_history(*extend)

    OWNER_WORDS = {
        "activity_report": "aktiviteten", "goal_report": "målet", "survey_report": "undersökningen",
        "assignment_report": "uppdraget", "period_comment": "avsnittet", "line_outcome": "budgetraden",
        "sector_outcome": "sektorn", "investment_outcome": "projektet",
    }  # fmt: skip

    def add_to_history(self, kind: str, history: list, group: list[_Report], compared, period, write) -> None:
        def written(index: int, current):
            refused = self.period_refusal(period)
            if refused:
                raise ValidationError({"period": refused})
            return write(group[index], current)

        history_extend(
            history=history,
            rows=[tuple(row.fields.get(name, "") for name in compared) for row in group],
            fields=compared,
            owner=self.OWNER_WORDS[kind],
            downloaded_at=self.f.downloaded_at,
            write=written,
            refuse=lambda index, field, message: self.refuse(kind, group[index].node, field, message),
        )

    def period_refusal(self, period: FollowUpPeriod) -> str:
        """Why a replace writes no report at ``period``: it was closed before, or it is not opened."""
        if period.pk in self.closed_before:
            return (
                f"perioden {period.code} är stängd, och rapporter i en stängd period läggs inte till "
                "eller ändras."
            )
        if period.opened_at is None:
            return (
                f"perioden {period.code} är inte öppnad för rapportering: rapporterna skrivs när den har "
                "öppnats på periodsidan."
            )
        return ""

    def write_report(self, model, owner_name: str, owner, period, row: _Report, current):
        """A new history row in a replace, by the importer: an activity's or a goal's through the
        follow-up services, as a person writes it in a page (the goal's proposal Styrkedja's own, a
        departing assessment with its reason, the audit log); a survey's or an assignment's, which
        have no service of their own, under the same lock of the open period."""
        fields, user = row.fields, self.f.user
        if model is ActivityReport:
            report = activity_report_set(activity=owner, period=period, user=user, based_on=current,
                                         status=fields["status"], comment=fields["comment"])  # fmt: skip
        elif model is GoalReport:
            report = goal_report_set(goal=owner, period=period, user=user, based_on=current,
                                     comment=fields["comment"], assessment=fields["assessment"],
                                     reason=fields["reason"], actions=fields["actions"])  # fmt: skip
        elif model is AssignmentReport:
            report = assignment_report_set(assignment=owner, period=period, user=user, based_on=current,
                                           **fields)  # fmt: skip
        elif model is LineOutcome:
            report = line_outcome_set(line=owner, period=period, user=user, based_on=current, **fields)
        elif model is SectorOutcome:
            report = sector_outcome_set(
                sector_budget=owner, period=period, user=user, based_on=current, **fields
            )
        elif model is InvestmentOutcome:
            report = investment_outcome_set(
                project=owner, period=period, user=user, based_on=current, **fields
            )
        elif current is not None and all(getattr(current, name) == value for name, value in fields.items()):
            return current  # unchanged input adds no row, as the services have it
        else:
            period_lock_open(period=period)
            report = model.objects.create(**{owner_name: owner}, period=period, created_by=user, **fields)
        if report is not current:
            self.changes[f"{model._meta.model_name}.created"] += 1
        return report

    def load_period_comments(self, topic: str, rows: list[_Report]) -> None:
        period = rows[0].period
        if self.pool is None:
            for row in rows:
                PeriodComment.objects.create(period=period, topic=topic, **row.fields)
            return
        history = self.pool.comments.get((topic, period.pk), [])

        def write(row, current):
            if current is not None and current.comment == row.fields["comment"]:
                return current  # unchanged input adds no row
            period_lock_open(period=period)
            self.changes["periodcomment.created"] += 1
            return PeriodComment.objects.create(
                period=period, topic=topic, created_by=self.f.user, **row.fields
            )

        self.add_to_history("period_comment", history, rows, ("comment",), period, write)

    # Goals, indicators, activities -----------------------------------------------------------

    GOAL_FIELDS = {
        "key", "level", "number", "title", "text", "measurable", "baseline", "motivation", "way_forward",
        "followup", "responsible", "contributes_to", "agenda2030", "indicators", "reports", "activities",
        "children",
    }  # fmt: skip

    def load_goal(self, data: Any, parent: Goal | None, order: int, pending: list) -> None:
        node = self.sub(data, f"mål {order}", self.GOAL_FIELDS)
        key = node.text("key", required=True, max_length=80)
        node.where = f"{self.node.where}, mål ”{key}”"
        if key in self.goals:
            node.fail("key", f"nyckeln ”{key}” används redan av ett annat mål i filen.")
        level = self.f.level(node)
        if parent is not None and level.depth <= parent.level.depth:
            node.fail(
                "level",
                f"målnivån ”{level.key}” ligger inte under det överordnade målets nivå ”{parent.level.key}”.",
            )
        if not node.has("title") and not node.has("text"):
            node.fail("text", "saknas: ett mål måste ha en måltext (text) eller en rubrik (title).")
        goal = self.put(
            ("goal", key),
            Goal,
            municipality=self.plan.municipality,
            plan=self.plan,
            level=level,
            parent=parent,
            key=key,
            number=node.text("number", max_length=20),
            title=node.text("title", max_length=300),
            text=node.text("text", max_length=text_limits.GOAL_TEXT),
            measurable=node.text("measurable", max_length=text_limits.GOAL_TEXT),
            baseline=node.text("baseline", max_length=text_limits.GOAL_TEXT),
            motivation=node.text("motivation", max_length=text_limits.GOAL_TEXT),
            way_forward=node.text("way_forward", max_length=text_limits.GOAL_TEXT),
            followup_text=node.text("followup", max_length=text_limits.GOAL_TEXT),
            responsible_unit=self.f.unit(node, "responsible", required=False),
            order=order,
        )
        self.goals[key] = goal
        pending.append((node, goal))
        for index, indicator in enumerate(node.items("indicators"), start=1):
            self.load_indicator(indicator, goal, index, node.where)
        reports = []
        for index, report in enumerate(node.items("reports"), start=1):
            report_node = self.f.node(
                report,
                f"{node.where}, rapport {index}",
                {"period", "comment", "assessment", "proposed_assessment", "reason", "actions"},
            )
            fields = {
                "comment": report_node.text("comment", max_length=text_limits.COMMENT),
                "assessment": report_node.choice("assessment", ASSESSMENTS),
                "proposed_assessment": report_node.choice("proposed_assessment", ASSESSMENTS),
                "reason": report_node.text("reason", max_length=text_limits.REASON),
                "actions": report_node.text("actions", max_length=text_limits.COMMENT),
            }
            reports.append(_Report(report_node, self.period(report_node), fields))
        self.load_reports(GoalReport, goal, reports)
        activities = node.items("activities")
        titles = _titles(activities)
        for index, activity in enumerate(activities, start=1):
            self.load_activity(
                activity, f"aktivitet {index} under mål ”{key}”", goal=goal, place=(index, titles)
            )
        for child_order, child in enumerate(node.items("children"), start=1):
            self.load_goal(child, goal, child_order, pending)

    def link_goal(self, node: Node, goal: Goal) -> None:
        """Links are made once all goals exist, so a goal may name one that comes later in the file."""
        targets = []
        for key in node.items("contributes_to"):
            target = self.goals.get(str(key))
            if target is None:
                node.fail("contributes_to", f"det finns inget mål med nyckeln ”{key}”.")
            if target.level.depth >= goal.level.depth:
                node.fail("contributes_to", f"målet ”{key}” ligger inte på en högre nivå än detta mål.")
            targets.append(target)
        goal.contributes_to.set(targets)
        numbers = node.items("agenda2030")
        sdgs = list(
            SustainableDevelopmentGoal.objects.filter(number__in=[n for n in numbers if isinstance(n, int)])
        )
        if len(sdgs) != len(set(numbers)):
            node.fail("agenda2030", f"{numbers} ska vara nummer på globala mål mellan 1 och 17.")
        goal.sdgs.set(sdgs)

    def load_indicator(self, data: Any, goal: Goal, order: int, where: str) -> None:
        node = self.f.node(
            data,
            f"{where}, indikator {order}",
            {
                "name", "source", "unit", "target", "target_kind", "target_value", "average_years",
                "higher_is_better", "kolada_kpi", "values",
            },
        )  # fmt: skip
        target = node.text("target", max_length=300)
        higher_is_better = node.boolean("higher_is_better", default=True)
        target_kind = node.choice("target_kind", TARGET_KINDS, default="")
        target_value = node.number("target_value")
        if not target_kind and target:
            # Without a structured target the printed words are read, where they say one plainly.
            parsed = target_parse(text=target, higher_is_better=higher_is_better)
            if parsed:
                target_kind, target_value = parsed
        average_years = node.integer("average_years")
        if average_years is not None and not AVERAGE_YEARS_MIN <= average_years <= AVERAGE_YEARS_MAX:
            node.fail(
                "average_years",
                f"{average_years}: medelvärdet tas över {AVERAGE_YEARS_MIN} till {AVERAGE_YEARS_MAX} år.",
            )
        name = node.text("name", required=True, max_length=text_limits.TITLE)
        indicator = self.put(
            ("indicator", goal.key, name),
            Indicator,
            goal=goal,
            name=name,
            source=node.text("source", max_length=300),
            unit=node.text("unit", max_length=40),
            target=target,
            target_kind=target_kind,
            target_value=target_value,
            average_years=average_years,
            higher_is_better=higher_is_better,
            kolada_kpi=node.text("kolada_kpi", max_length=20),
            order=order,
        )
        for index, value in enumerate(node.items("values"), start=1):
            value_node = self.f.node(
                value,
                f"{node.where}, värde {index}",
                {
                    "year", "scope", "label", "gender", "value", "missing_reason", "note", "source",
                    "rank", "rank_of",
                },
            )  # fmt: skip
            year = value_node.year("year", required=True)
            scope = value_node.choice("scope", SCOPES, default=ValueScope.MUNICIPALITY)
            label = value_node.text("label", max_length=200)
            gender = value_node.choice("gender", GENDERS, default=Gender.TOTAL)
            missing_reason = value_node.text("missing_reason", max_length=300)
            number = value_node.number("value", required=not missing_reason)
            if number is not None and missing_reason:
                value_node.fail("missing_reason", "anges bara för ett år utan värde, inte bredvid value.")
            self.put(
                ("value", indicator.pk, year, scope, label, gender),
                IndicatorValue,
                indicator=indicator,
                year=year,
                scope=scope,
                label=label,
                gender=gender,
                value=number,
                missing_reason=missing_reason,
                note=value_node.text("note", max_length=300),
                source=value_node.text("source", max_length=300),
                rank=int(value_node.number("rank")) if value_node.has("rank") else None,
                rank_of=int(value_node.number("rank_of")) if value_node.has("rank_of") else None,
            )

    def load_activity(self, data: Any, where: str, goal: Goal | None, place: tuple[int, set[str]]) -> None:
        """``place``: the activity's position under its goal in the file, and the titles there."""
        node = self.sub(
            data,
            where,
            {
                "title",
                "kind",
                "priority",
                "responsible",
                "co_responsible",
                "collaborators",
                "note",
                "reports",
            },
        )
        title = node.text("title", required=True, max_length=text_limits.TITLE)
        node.where = f"{node.where} (”{_short(title)}”)"
        self.activity_order += 1
        responsible = self.f.unit(node, "responsible")
        goal_key = goal.key if goal else ""
        renamed = None
        if self.pool is not None and not self.pool.has(("activity", goal_key, title)):
            # A title corrected in the file: the activity in the same place under the same goal, with
            # the same responsible unit and a title the file no longer has, is this one renamed.
            renamed = self.pool.take_renamed(goal_key, place[0], responsible.pk, titles_in_file=place[1])
        activity = self.put(
            ("activity", goal_key, title),
            Activity,
            renamed,
            plan=self.plan,
            goal=goal,
            title=title,
            kind=node.choice("kind", KINDS, default=ActivityKind.UNSTATED),
            is_special_initiative=goal is None,
            priority=node.choice("priority", PRIORITIES, default=Priority.NORMAL),
            responsible_unit=responsible,
            note=node.text("note", max_length=300),
            order=self.activity_order,
        )
        co_responsible = []
        for name in node.items("co_responsible"):
            if str(name) not in self.f.units:
                node.fail("co_responsible", f"enheten ”{name}” finns inte bland kommunens enheter (units).")
            co_responsible.append(self.f.units[str(name)])
        activity.co_responsible_units.set(co_responsible)
        for order, data in enumerate(node.items("collaborators"), start=1):
            self.load_collaborator(data, activity, order, node.where)
        self.load_status_reports(node, ActivityReport, activity)

    def load_status_reports(
        self, node: Node, model, owner: models.Model, *, statuses=STATUSES, texts: tuple[str, ...] = ()
    ) -> None:
        """The reports of an activity, a survey or an assignment: a status and a comment per period
        (and an assignment's ``texts``: its prognosis and corrective actions)."""
        rows = []
        for index, report in enumerate(node.items("reports"), start=1):
            report_node = self.f.node(
                report, f"{node.where}, rapport {index}", {"period", "status", "comment", *texts}
            )
            fields = {
                "status": report_node.choice("status", statuses, required=True),
                "comment": report_node.text("comment", max_length=text_limits.COMMENT),
                **{name: report_node.text(name, max_length=text_limits.COMMENT) for name in texts},
            }
            rows.append(_Report(report_node, self.period(report_node), fields))
        self.load_reports(model, owner, rows)

    def load_collaborator(self, data: Any, activity: Activity, order: int, where: str) -> None:
        node = self.f.node(data, f"{where}, samverkanspart {order}", {"unit", "partner", "text"})
        given = [key for key in ("unit", "partner", "text") if node.has(key)]
        if len(given) != 1:
            node.fail("unit", "ange precis ett av fälten unit, partner eller text.")
        unit = partner = None
        text = ""
        if given == ["unit"]:
            unit = self.f.unit(node, "unit")
        elif given == ["partner"]:
            name = node.text("partner")
            if name not in self.f.partners:
                node.fail(
                    "partner", f"den externa parten ”{name}” finns inte bland kommunens parter (partners)."
                )
            partner = self.f.partners[name]
        else:
            text = node.text("text", max_length=200)
        self.put(
            ("collaborator", activity.pk, unit.pk if unit else None, partner.pk if partner else None, text),
            ActivityCollaborator,
            activity=activity,
            unit=unit,
            partner=partner,
            text=text,
            order=order,
        )

    # Surveys, assignments, meetings ---------------------------------------------------------------

    def load_survey(self, data: Any, index: int) -> None:
        node = self.sub(
            data, f"brukarundersökning {index}", {"unit", "kind", "contact", "reports", "results"}
        )
        unit = self.f.unit(node, "unit")
        kind = node.text("kind", required=True, max_length=200)
        survey = self.put(
            ("survey", unit.pk, kind),
            UserSurvey,
            plan=self.plan,
            unit=unit,
            kind=kind,
            contact=node.text("contact", max_length=200),
            order=index,
        )
        self.load_status_reports(node, SurveyReport, survey)
        for number, result in enumerate(node.items("results"), start=1):
            result_node = self.f.node(
                result,
                f"{node.where}, resultat {number}",
                {"measure", "year", "value", "national_value", "unit", "period"},
            )
            measure = result_node.text("measure", required=True, max_length=300)
            year = result_node.year("year", required=True)
            # Reported at a follow-up period, or (none) known when the plan was made.
            period = self.period(result_node) if result_node.has("period") else None
            self.put(
                ("survey_result", survey.pk, measure, year, period.pk if period else None),
                SurveyResult,
                survey=survey,
                measure=measure,
                year=year,
                value=result_node.number("value", required=True),
                national_value=result_node.number("national_value"),
                unit=result_node.text("unit", max_length=20),
                period=period,
            )

    def load_assignment(self, data: Any, index: int) -> None:
        node = self.sub(
            data, f"uppdrag {index}", {"key", "title", "description", "goal", "responsible", "reports"}
        )
        key = node.text("key", required=True, max_length=80)
        if key in self.assignments:
            node.fail("key", f"nyckeln ”{key}” används redan av ett annat uppdrag.")
        goal = None
        if node.has("goal"):
            goal = self.goals.get(node.text("goal"))
            if goal is None:
                node.fail("goal", f"det finns inget mål med nyckeln ”{node.text('goal')}”.")
        assignment = self.put(
            ("assignment", key),
            Assignment,
            plan=self.plan,
            key=key,
            title=node.text("title", required=True, max_length=text_limits.TITLE),
            description=node.text("description", max_length=text_limits.COMMENT),
            goal=goal,
            responsible_unit=self.f.unit(node, "responsible", required=False),
            order=index,
        )
        self.assignments[key] = assignment
        self.load_status_reports(
            node,
            AssignmentReport,
            assignment,
            statuses=ASSIGNMENT_STATUSES,
            texts=("prognosis", "corrective_actions"),
        )

    def load_meeting(self, data: Any, index: int) -> None:
        node = self.sub(data, f"sammanträde {index}", {"body", "date", "title", "items"})
        body, date = node.choice("body", BODIES, required=True), node.date("date", required=True)
        meeting = self.put(
            ("meeting", body, date),
            Meeting,
            plan=self.plan,
            body=body,
            date=date,
            title=node.text("title", max_length=200),
        )
        for order, item in enumerate(node.items("items"), start=1):
            item_node = self.f.node(item, f"{node.where}, punkt {order}", {"goal", "assignment", "text"})
            goal = assignment = None
            text = item_node.text("text", max_length=300)
            if item_node.has("goal"):
                goal = self.goals.get(item_node.text("goal"))
                if goal is None:
                    item_node.fail("goal", f"det finns inget mål med nyckeln ”{item_node.text('goal')}”.")
            elif item_node.has("assignment"):
                assignment = self.assignments.get(item_node.text("assignment"))
                if assignment is None:
                    item_node.fail(
                        "assignment", f"det finns inget uppdrag med nyckeln ”{item_node.text('assignment')}”."
                    )
            elif not text:
                item_node.fail("goal", "ange ett mål, ett uppdrag eller en text.")
            self.put(
                (
                    "meeting_item",
                    meeting.pk,
                    goal.pk if goal else None,
                    assignment.pk if assignment else None,
                    text,
                ),
                MeetingItem,
                meeting=meeting,
                order=order,
                goal=goal,
                assignment=assignment,
                text=text,
            )

    # Economy --------------------------------------------------------------------------------------

    def load_sector(self, data: Any, index: int) -> None:
        node = self.sub(
            data, f"sektor {index}", {"unit", "sections", "frames", "lines", "printed_total", "outcomes"}
        )
        sector = self.f.unit(node, "unit")
        node.where = f"{self.node.where}, sektor ”{sector.label}”"
        total = (
            self.f.node(
                node.raw("printed_total"), f"{node.where}, summa", {"income", "cost", "net", "net_previous"}
            )
            if node.has("printed_total")
            else None
        )
        printed = {
            f"printed_{column}_total": total.number(column) if total else None
            for column in ("income", "cost", "net", "net_previous")
        }
        budget = self.put(
            ("sector", sector.pk), SectorBudget, plan=self.plan, sector=sector, order=index, **printed
        )
        for data_section in node.items("sections"):
            self.load_section(data_section, sector=sector)
        seen = set()
        for number, frame in enumerate(node.items("frames"), start=1):
            frame_node = self.f.node(frame, f"{node.where}, ram {number}", {"year", "kind", "amount"})
            year, kind = (
                frame_node.year("year", required=True),
                frame_node.choice("kind", FRAME_KINDS, required=True),
            )
            if (year, kind) in seen:
                frame_node.fail("year", f"ramen för {year} ({kind}) anges två gånger.")
            seen.add((year, kind))
            self.put(
                ("frame", budget.pk, year, kind),
                BudgetFrame,
                sector_budget=budget,
                year=year,
                kind=kind,
                amount=frame_node.number("amount", required=True),
            )
        for number, line in enumerate(node.items("lines"), start=1):
            line_node = self.f.node(
                line,
                f"{node.where}, budgetrad {number}",
                {"name", "income", "cost", "net", "net_previous", "outcomes"},
            )
            name = line_node.text("name", required=True, max_length=200)
            line_node.where = f"{node.where}, budgetrad ”{name}”"
            budget_line = self.put(
                ("line", budget.pk, name),
                BudgetLine,
                sector_budget=budget,
                name=name,
                income=line_node.number("income"),
                cost=line_node.number("cost"),
                net=line_node.number("net"),
                net_previous=line_node.number("net_previous"),
                order=number,
            )
            self.load_outcomes(line_node, LineOutcome, budget_line, amounts=True)
        self.load_outcomes(node, SectorOutcome, budget, amounts=False)

    def load_outcomes(self, node: Node, model, owner: models.Model, *, amounts: bool) -> None:
        """The economy's reports of a budget line or an investment project (outcome so far,
        forecast for the year, comment) or of a sector (its comment), per period."""
        names = {"period", "outcome", "forecast", "comment"} if amounts else {"period", "comment"}
        rows = []
        for index, report in enumerate(node.items("outcomes"), start=1):
            report_node = self.f.node(report, f"{node.where}, utfall {index}", names)
            fields = {"comment": report_node.text("comment", max_length=text_limits.COMMENT).strip()}
            if amounts:
                fields |= {
                    "outcome": report_node.number("outcome"),
                    "forecast": report_node.number("forecast"),
                }
            rows.append(_Report(report_node, self.period(report_node), fields))
        self.load_reports(model, owner, rows)

    def load_investments(self, data: Any) -> None:
        node = self.sub(data, "investeringsplanen", {"years", "projects", "printed_total"})
        years = node.items("years")
        if not all(isinstance(year, int) and not isinstance(year, bool) for year in years):
            node.fail("years", "ska vara en lista med årtal.")
        for data_project in node.items("projects"):
            self.load_investment_project(data_project, None, node.where, years)
        printed = node.raw("printed_total") or {}
        if not isinstance(printed, dict):
            node.fail("printed_total", "ska vara en mappning år: belopp.")
        for year, amount in self.amounts(node, "printed_total", printed, years).items():
            self.put(("total", year), InvestmentTotal, plan=self.plan, year=year, printed_amount=amount)

    def amounts(self, node: Node, field_name: str, data: dict, years: list[int]) -> dict:
        result = {}
        for year, amount in data.items():
            try:
                year = int(year)
            except (TypeError, ValueError):
                node.fail(field_name, f"”{year}” är inget årtal.")
            if years and year not in years:
                node.fail(field_name, f"året {year} finns inte bland investeringsplanens år {years}.")
            try:
                result[year] = to_decimal(amount)
            except ValueError:
                node.fail(field_name, f"beloppet för {year}, ”{amount}”, är inte ett tal.")
        return result

    def load_investment_project(
        self, data: Any, parent: InvestmentProject | None, where: str, years: list
    ) -> None:
        node = self.f.node(
            data, f"{where}, projekt", {"name", "amounts", "children", "specification", "outcomes"}
        )
        name = node.text("name", required=True, max_length=200)
        node.where = f"{where}, projekt ”{name}”"
        self.investment_order += 1
        project = self.put(
            ("project", parent.pk if parent else None, name),
            InvestmentProject,
            plan=self.plan,
            parent=parent,
            name=name,
            order=self.investment_order,
        )
        raw_amounts = node.raw("amounts") or {}
        if not isinstance(raw_amounts, dict):
            node.fail("amounts", "ska vara en mappning år: belopp.")
        for year, amount in self.amounts(node, "amounts", raw_amounts, years).items():
            self.put(
                ("amount", project.pk, year), InvestmentAmount, project=project, year=year, amount=amount
            )
        for order, item in enumerate(node.items("specification"), start=1):
            item_node = self.f.node(item, f"{node.where}, specificering {order}", {"name", "amount_tkr"})
            item_name = item_node.text("name", required=True, max_length=text_limits.TITLE)
            self.put(
                ("spec", project.pk, item_name),
                InvestmentSpecItem,
                project=project,
                name=item_name,
                amount_tkr=item_node.number("amount_tkr", required=True),
                order=order,
            )
        self.load_outcomes(node, InvestmentOutcome, project, amounts=True)
        for child in node.items("children"):
            self.load_investment_project(child, project, node.where, years)
