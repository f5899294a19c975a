"""Load a municipality and its plans from a YAML data file (see docs/data-format.md).

All or nothing: the whole file is written in one transaction, so the first error
leaves the database as it was. Loading the same file again changes nothing: the
organisation is updated in place and a plan that already exists is left alone
(unless ``replace`` is asked for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from styrkedja.activities.choices import ActivityKind, Priority
from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.assignments.models import Assignment, AssignmentReport
from styrkedja.audit.services import audit_log
from styrkedja.economy.choices import FrameKind
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    SectorBudget,
)
from styrkedja.followup.choices import STATUS_ALIASES, Assessment, CommentTopic
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport, PeriodComment
from styrkedja.goals.models import Goal, GoalLevel, SustainableDevelopmentGoal
from styrkedja.indicators.choices import TargetKind, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.indicators.selectors import target_parse
from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem
from styrkedja.plandata.reader import DataFileError, Node, to_decimal
from styrkedja.plans.choices import SectionKey
from styrkedja.plans.models import Plan, PlanSection
from styrkedja.surveys.models import SurveyReport, SurveyResult, UserSurvey
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import Municipality, OrgUnit, Partner

PERIOD_CODE = re.compile(r"^(T[1-3]|M(0[1-9]|1[0-2]))$")


def _lower_map(choices) -> dict[str, str]:
    """Accept a choice by its stored value or by its Swedish label, case-insensitively."""
    words = {}
    for value, label in choices:
        words[str(value).lower()] = value
        words[str(label).lower()] = value
    return words


STATUSES = {**_lower_map([(v, v) for v in STATUS_ALIASES.values()]), **STATUS_ALIASES}
ASSESSMENTS = {"": "", **_lower_map(Assessment.choices)}
KINDS = {"": "", "a": "A", "p": "P", "f": "F", "fp": "FP", "f/p": "FP"}
PRIORITIES = _lower_map(Priority.choices)
UNIT_KINDS = _lower_map(UnitKind.choices)
SECTION_KEYS = {value: value for value in SectionKey.values}
TOPICS = {value: value for value in CommentTopic.values}
TARGET_KINDS = {value: value for value in TargetKind.values}
SCOPES = {**_lower_map(ValueScope.choices), "riket": ValueScope.NATION}
BODIES = {value.lower(): value for value in MeetingBody.values}
FRAME_KINDS = {**_lower_map(FrameKind.choices), "ek plan": FrameKind.EK_PLAN}


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass
class LoadResult:
    municipality: Municipality
    created: list[Plan] = field(default_factory=list)
    skipped: list[Plan] = field(default_factory=list)


def load_plan_file(path: Path | str, *, replace: bool = False) -> LoadResult:
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(file, "filen", "", "finns inte.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(file, "filen", "", f"kan inte läsas som UTF-8-text ({error}).") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else "filen"
        problem = getattr(error, "problem", None) or str(error)
        raise DataFileError(file, where, "", f"är inte giltig YAML: {problem}.") from None
    return load_plan_data(data, source=file, replace=replace)


def load_plan_data(data: Any, *, source: str, replace: bool = False) -> LoadResult:
    """Load a mapping of the file format (from YAML, or assembled from a workbook); ``source``
    names it in messages and in the audit log."""
    with transaction.atomic():
        return _FileLoader(source, data, replace=replace).run()


class _FileLoader:
    def __init__(self, file: str, data: Any, *, replace: bool):
        self.file, self.data, self.replace = file, data, replace
        self.units: dict[str, OrgUnit] = {}
        self.partners: dict[str, Partner] = {}
        self.levels: dict[str, GoalLevel] = {}
        self.vision: dict[str, Goal] = {}

    def node(self, data: Any, where: str, fields: set[str]) -> Node:
        return Node(self.file, data, where, fields)

    # The municipality and its organisation ---------------------------------------------

    def run(self) -> LoadResult:
        root = self.node(self.data, "filen", {"municipality", "plans"})
        if not root.has("municipality"):
            root.fail("municipality", "saknas men måste anges.")
        municipality = self.load_municipality(
            self.node(
                root.raw("municipality"),
                "kommunen",
                {"slug", "name", "goal_levels", "units", "partners", "vision"},
            )
        )
        result = LoadResult(municipality)
        for index, data in enumerate(root.items("plans"), start=1):
            plan, created = self.load_plan(municipality, data, f"plan {index}")
            (result.created if created else result.skipped).append(plan)
        return result

    def load_municipality(self, node: Node) -> Municipality:
        slug = node.text("slug", required=True, max_length=50)
        if not re.fullmatch(r"[a-z0-9-]+", slug):
            node.fail("slug", f"”{slug}” får bara innehålla små bokstäver a–z, siffror och bindestreck.")
        municipality, _ = Municipality.objects.update_or_create(
            slug=slug, defaults={"name": node.text("name", required=True, max_length=200)}
        )
        self.load_levels(municipality, node)
        for order, data in enumerate(node.items("units"), start=1):
            self.load_unit(municipality, data, None, order)
        for data in node.items("partners"):
            partner_node = self.node(data, "extern part", {"name"})
            name = partner_node.text("name", required=True, max_length=200)
            Partner.objects.get_or_create(municipality=municipality, name=name)
        for unit in municipality.units.all():
            self.units.setdefault(unit.name, unit)
            if unit.short_name:
                self.units.setdefault(unit.short_name, unit)
        self.partners = {partner.name: partner for partner in municipality.partners.all()}
        for order, data in enumerate(node.items("vision"), start=1):
            goal_node = self.node(data, f"visionsmål {order}", {"key", "level", "number", "title", "text"})
            key = goal_node.text("key", required=True, max_length=80)
            goal, _ = Goal.objects.update_or_create(
                municipality=municipality,
                plan=None,
                key=key,
                defaults={
                    "level": self.level(goal_node),
                    "number": goal_node.text("number", max_length=20),
                    "title": goal_node.text("title", max_length=300),
                    "text": goal_node.text("text"),
                    "order": order,
                },
            )
            self.vision[key] = goal
        return municipality

    def load_levels(self, municipality: Municipality, node: Node) -> None:
        wanted = []
        for depth, data in enumerate(node.items("goal_levels", required=True)):
            level_node = self.node(data, f"målnivå {depth + 1}", {"key", "name", "name_plural", "numbered"})
            name = level_node.text("name", required=True, max_length=200)
            wanted.append(
                {
                    "key": level_node.text("key", required=True, max_length=50),
                    "name": name,
                    "name_plural": level_node.text("name_plural", max_length=200) or name,
                    "numbered_name": level_node.text("numbered", max_length=200),
                    "depth": depth,
                }
            )
        existing = list(
            municipality.goal_levels.order_by("depth").values(
                "key", "name", "name_plural", "numbered_name", "depth"
            )
        )
        if existing != wanted:
            if existing and municipality.goals.exists():
                node.fail(
                    "goal_levels",
                    "skiljer sig från kommunens befintliga målnivåer, som redan används av mål. "
                    "Ändra målnivåerna i administrationen i stället.",
                )
            municipality.goal_levels.all().delete()
            GoalLevel.objects.bulk_create(GoalLevel(municipality=municipality, **level) for level in wanted)
        self.levels = {level.key: level for level in municipality.goal_levels.all()}

    def load_unit(self, municipality: Municipality, data: Any, parent: OrgUnit | None, order: int) -> None:
        node = self.node(data, "enhet", {"name", "short_name", "slug", "kind", "children"})
        name = node.text("name", required=True, max_length=200)
        node.where = f"enhet ”{name}”"
        kind = node.choice("kind", UNIT_KINDS, required=True)
        slug = node.text("slug", max_length=50)
        if kind == UnitKind.BOARD and not slug:
            node.fail(
                "slug", "saknas men måste anges för en nämnd: planer namnges efter den (kommun/nämnd/år)."
            )
        unit, _ = OrgUnit.objects.update_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "parent": parent,
                "kind": kind,
                "slug": slug,
                "short_name": node.text("short_name", max_length=40),
                "order": order,
            },
        )
        for child_order, child in enumerate(node.items("children"), start=1):
            self.load_unit(municipality, child, unit, child_order)

    # References ---------------------------------------------------------------------------

    def level(self, node: Node) -> GoalLevel:
        key = node.text("level", required=True)
        if key not in self.levels:
            node.fail(
                "level", f"målnivån ”{key}” finns inte. Kommunens målnivåer är: {', '.join(self.levels)}."
            )
        return self.levels[key]

    def unit(self, node: Node, key: str, *, required: bool = True) -> OrgUnit | None:
        name = node.text(key, required=required)
        if not name:
            return None
        if name not in self.units:
            node.fail(key, f"enheten ”{name}” finns inte bland kommunens enheter (units).")
        return self.units[name]

    # A plan ---------------------------------------------------------------------------------

    def load_plan(self, municipality: Municipality, data: Any, where: str) -> tuple[Plan, bool]:
        node = self.node(
            data,
            where,
            {
                "board", "year", "title", "budget_period", "sections", "periods", "goals",
                "special_initiatives", "period_comments", "surveys", "assignments", "meetings",
                "budget_milestones", "sectors", "investments",
            },
        )  # fmt: skip
        board_slug = node.text("board", required=True)
        board = municipality.units.filter(slug=board_slug, kind=UnitKind.BOARD).first()
        if board is None:
            node.fail(
                "board", f"det finns ingen nämnd med kortnamnet ”{board_slug}” bland kommunens enheter."
            )
        year = node.year("year", required=True)
        node.where = f"plan {board_slug}/{year}"
        existing = Plan.objects.filter(board=board, year=year).first()
        if existing and not self.replace:
            return existing, False
        if existing:
            existing.delete()
        period = node.items("budget_period", required=True)
        if len(period) != 2 or not all(isinstance(y, int) and not isinstance(y, bool) for y in period):
            node.fail("budget_period", "ska vara två årtal, till exempel [2024, 2026].")
        if period[0] > period[1]:
            node.fail("budget_period", f"börjar {period[0]} men slutar {period[1]}.")
        plan = Plan.objects.create(
            municipality=municipality,
            board=board,
            year=year,
            title=node.text("title", required=True, max_length=200),
            budget_period_start=period[0],
            budget_period_end=period[1],
        )
        PlanLoader(self, plan, node).run()
        audit_log(
            municipality=municipality,
            action="plandata.plan.loaded",
            obj=plan,
            data={"file": Path(self.file).name},
        )
        return plan, True


class PlanLoader:
    """Loads the contents of one plan; ``order`` keeps the document's order of everything."""

    def __init__(self, file_loader: _FileLoader, plan: Plan, node: Node):
        self.f, self.plan, self.node = file_loader, plan, node
        self.periods: dict[str, FollowUpPeriod] = {}
        self.goals: dict[str, Goal] = dict(file_loader.vision)
        self.assignments: dict[str, Assignment] = {}
        self.activity_order = 0
        self.section_order = 0
        self.investment_order = 0

    def sub(self, data: Any, where: str, fields: set[str]) -> Node:
        return self.f.node(data, f"{self.node.where}, {where}", fields)

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
        for index, data in enumerate(node.items("special_initiatives"), start=1):
            self.load_activity(data, f"särskild satsning {index}", goal=None)
        for index, data in enumerate(node.items("period_comments"), start=1):
            comment_node = self.sub(data, f"avsnittskommentar {index}", {"period", "topic", "comment"})
            PeriodComment.objects.create(
                period=self.period(comment_node),
                topic=comment_node.choice("topic", TOPICS, required=True),
                comment=comment_node.text("comment", required=True),
            )
        for index, data in enumerate(node.items("surveys"), start=1):
            self.load_survey(data, index)
        for index, data in enumerate(node.items("assignments"), start=1):
            self.load_assignment(data, index)
        for index, data in enumerate(node.items("meetings"), start=1):
            self.load_meeting(data, index)
        for index, data in enumerate(node.items("budget_milestones"), start=1):
            milestone = self.sub(data, f"milstolpe {index}", {"title", "when", "date", "description"})
            BudgetMilestone.objects.create(
                plan=self.plan,
                title=milestone.text("title", required=True, max_length=200),
                when_text=milestone.text("when", max_length=200),
                date=milestone.date("date"),
                description=milestone.text("description"),
                order=index,
            )
        for index, data in enumerate(node.items("sectors"), start=1):
            self.load_sector(data, index)
        if node.has("investments"):
            self.load_investments(node.raw("investments"))

    def load_section(self, data: Any, sector: OrgUnit | None) -> None:
        self.section_order += 1
        node = self.sub(data, f"textavsnitt {self.section_order}", {"key", "heading", "body"})
        key = SectionKey.SECTOR if sector else node.choice("key", SECTION_KEYS, default=SectionKey.OTHER)
        PlanSection.objects.create(
            plan=self.plan,
            key=key,
            sector=sector,
            heading=node.text("heading", max_length=300),
            body=node.text("body"),
            order=self.section_order,
        )

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
        # The file says how far the follow-up has come; the times are those of the loading.
        self.periods[code] = FollowUpPeriod.objects.create(
            plan=self.plan,
            code=code,
            name=node.text("name", max_length=100) or code,
            ends_on=node.date("ends_on", required=True),
            due_on=node.date("due_on"),
            description=node.text("description"),
            comment=node.text("comment"),
            opened_at=self.plan.created_at if opened else None,
            closed_at=self.plan.created_at if closed else None,
        )

    def period(self, node: Node) -> FollowUpPeriod:
        code = node.text("period", required=True).upper()
        if code not in self.periods:
            known = ", ".join(self.periods) or "inga"
            node.fail("period", f"perioden ”{code}” finns inte i planen (perioder: {known}).")
        return self.periods[code]

    # Goals, indicators, activities -----------------------------------------------------------

    GOAL_FIELDS = {
        "key", "level", "number", "title", "text", "measurable", "baseline", "motivation", "way_forward",
        "followup", "contributes_to", "agenda2030", "indicators", "reports", "activities", "children",
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
        goal = Goal.objects.create(
            municipality=self.plan.municipality,
            plan=self.plan,
            level=level,
            parent=parent,
            key=key,
            number=node.text("number", max_length=20),
            title=node.text("title", max_length=300),
            text=node.text("text"),
            measurable=node.text("measurable"),
            baseline=node.text("baseline"),
            motivation=node.text("motivation"),
            way_forward=node.text("way_forward"),
            followup_text=node.text("followup"),
            order=order,
        )
        self.goals[key] = goal
        pending.append((node, goal))
        for index, indicator in enumerate(node.items("indicators"), start=1):
            self.load_indicator(indicator, goal, index, node.where)
        for index, report in enumerate(node.items("reports"), start=1):
            report_node = self.f.node(
                report,
                f"{node.where}, rapport {index}",
                {"period", "comment", "assessment", "proposed_assessment", "reason"},
            )
            GoalReport.objects.create(
                goal=goal,
                period=self.period(report_node),
                comment=report_node.text("comment"),
                assessment=report_node.choice("assessment", ASSESSMENTS),
                proposed_assessment=report_node.choice("proposed_assessment", ASSESSMENTS),
                reason=report_node.text("reason"),
            )
        for index, activity in enumerate(node.items("activities"), start=1):
            self.load_activity(activity, f"aktivitet {index} under mål ”{key}”", goal=goal)
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
                "name", "source", "unit", "target", "target_kind", "target_value", "higher_is_better",
                "kolada_kpi", "values",
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
        indicator = Indicator.objects.create(
            goal=goal,
            name=node.text("name", required=True),
            source=node.text("source", max_length=300),
            unit=node.text("unit", max_length=40),
            target=target,
            target_kind=target_kind,
            target_value=target_value,
            higher_is_better=higher_is_better,
            kolada_kpi=node.text("kolada_kpi", max_length=20),
            order=order,
        )
        for index, value in enumerate(node.items("values"), start=1):
            value_node = self.f.node(
                value,
                f"{node.where}, värde {index}",
                {"year", "scope", "label", "value", "note", "source", "rank", "rank_of"},
            )
            IndicatorValue.objects.create(
                indicator=indicator,
                year=value_node.year("year", required=True),
                scope=value_node.choice("scope", SCOPES, default=ValueScope.MUNICIPALITY),
                label=value_node.text("label", max_length=200),
                value=value_node.number("value", required=True),
                note=value_node.text("note", max_length=300),
                source=value_node.text("source", max_length=300),
                rank=int(value_node.number("rank")) if value_node.has("rank") else None,
                rank_of=int(value_node.number("rank_of")) if value_node.has("rank_of") else None,
            )

    def load_activity(self, data: Any, where: str, goal: Goal | None) -> None:
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
        title = node.text("title", required=True)
        node.where = f"{node.where} (”{_short(title)}”)"
        self.activity_order += 1
        activity = Activity.objects.create(
            plan=self.plan,
            goal=goal,
            title=title,
            kind=node.choice("kind", KINDS, default=ActivityKind.UNSTATED),
            is_special_initiative=goal is None,
            priority=node.choice("priority", PRIORITIES, default=Priority.NORMAL),
            responsible_unit=self.f.unit(node, "responsible"),
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
        self.load_status_reports(node, ActivityReport, activity=activity)

    def load_status_reports(self, node: Node, model, **owner) -> None:
        """The reports of an activity, a survey or an assignment: a status and a comment per period."""
        for index, report in enumerate(node.items("reports"), start=1):
            report_node = self.f.node(
                report, f"{node.where}, rapport {index}", {"period", "status", "comment"}
            )
            model.objects.create(
                **owner,
                period=self.period(report_node),
                status=report_node.choice("status", STATUSES, required=True),
                comment=report_node.text("comment"),
            )

    def load_collaborator(self, data: Any, activity: Activity, order: int, where: str) -> None:
        node = self.f.node(data, f"{where}, samverkanspart {order}", {"unit", "partner", "text"})
        given = [key for key in ("unit", "partner", "text") if node.has(key)]
        if len(given) != 1:
            node.fail("unit", "ange precis ett av fälten unit, partner eller text.")
        collaborator = ActivityCollaborator(activity=activity, order=order)
        if given == ["unit"]:
            collaborator.unit = self.f.unit(node, "unit")
        elif given == ["partner"]:
            name = node.text("partner")
            if name not in self.f.partners:
                node.fail(
                    "partner", f"den externa parten ”{name}” finns inte bland kommunens parter (partners)."
                )
            collaborator.partner = self.f.partners[name]
        else:
            collaborator.text = node.text("text", max_length=200)
        collaborator.save()

    # Surveys, assignments, meetings ---------------------------------------------------------------

    def load_survey(self, data: Any, index: int) -> None:
        node = self.sub(
            data, f"brukarundersökning {index}", {"unit", "kind", "contact", "reports", "results"}
        )
        survey = UserSurvey.objects.create(
            plan=self.plan,
            unit=self.f.unit(node, "unit"),
            kind=node.text("kind", required=True, max_length=200),
            contact=node.text("contact", max_length=200),
            order=index,
        )
        self.load_status_reports(node, SurveyReport, survey=survey)
        for number, result in enumerate(node.items("results"), start=1):
            result_node = self.f.node(
                result,
                f"{node.where}, resultat {number}",
                {"measure", "year", "value", "national_value", "unit"},
            )
            SurveyResult.objects.create(
                survey=survey,
                measure=result_node.text("measure", required=True, max_length=300),
                year=result_node.year("year", required=True),
                value=result_node.number("value", required=True),
                national_value=result_node.number("national_value"),
                unit=result_node.text("unit", max_length=20),
            )

    def load_assignment(self, data: Any, index: int) -> None:
        node = self.sub(data, f"uppdrag {index}", {"key", "title", "description", "goal", "reports"})
        key = node.text("key", required=True, max_length=80)
        if key in self.assignments:
            node.fail("key", f"nyckeln ”{key}” används redan av ett annat uppdrag.")
        goal = None
        if node.has("goal"):
            goal = self.goals.get(node.text("goal"))
            if goal is None:
                node.fail("goal", f"det finns inget mål med nyckeln ”{node.text('goal')}”.")
        assignment = Assignment.objects.create(
            plan=self.plan,
            key=key,
            title=node.text("title", required=True),
            description=node.text("description"),
            goal=goal,
            order=index,
        )
        self.assignments[key] = assignment
        self.load_status_reports(node, AssignmentReport, assignment=assignment)

    def load_meeting(self, data: Any, index: int) -> None:
        node = self.sub(data, f"sammanträde {index}", {"body", "date", "title", "items"})
        meeting = Meeting.objects.create(
            plan=self.plan,
            body=node.choice("body", BODIES, required=True),
            date=node.date("date", required=True),
            title=node.text("title", max_length=200),
        )
        for order, item in enumerate(node.items("items"), start=1):
            item_node = self.f.node(item, f"{node.where}, punkt {order}", {"goal", "assignment", "text"})
            entry = MeetingItem(meeting=meeting, order=order, text=item_node.text("text", max_length=300))
            if item_node.has("goal"):
                entry.goal = self.goals.get(item_node.text("goal"))
                if entry.goal is None:
                    item_node.fail("goal", f"det finns inget mål med nyckeln ”{item_node.text('goal')}”.")
            elif item_node.has("assignment"):
                entry.assignment = self.assignments.get(item_node.text("assignment"))
                if entry.assignment is None:
                    item_node.fail(
                        "assignment", f"det finns inget uppdrag med nyckeln ”{item_node.text('assignment')}”."
                    )
            elif not entry.text:
                item_node.fail("goal", "ange ett mål, ett uppdrag eller en text.")
            entry.save()

    # Economy --------------------------------------------------------------------------------------

    def load_sector(self, data: Any, index: int) -> None:
        node = self.sub(data, f"sektor {index}", {"unit", "sections", "frames", "lines", "printed_total"})
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
        budget = SectorBudget.objects.create(plan=self.plan, sector=sector, order=index, **printed)
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
            BudgetFrame.objects.create(
                sector_budget=budget, year=year, kind=kind, amount=frame_node.number("amount", required=True)
            )
        for number, line in enumerate(node.items("lines"), start=1):
            line_node = self.f.node(
                line, f"{node.where}, budgetrad {number}", {"name", "income", "cost", "net", "net_previous"}
            )
            name = line_node.text("name", required=True, max_length=200)
            line_node.where = f"{node.where}, budgetrad ”{name}”"
            BudgetLine.objects.create(
                sector_budget=budget,
                name=name,
                income=line_node.number("income"),
                cost=line_node.number("cost"),
                net=line_node.number("net"),
                net_previous=line_node.number("net_previous"),
                order=number,
            )

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
            InvestmentTotal.objects.create(plan=self.plan, year=year, printed_amount=amount)

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
        node = self.f.node(data, f"{where}, projekt", {"name", "amounts", "children", "specification"})
        name = node.text("name", required=True, max_length=200)
        node.where = f"{where}, projekt ”{name}”"
        self.investment_order += 1
        project = InvestmentProject.objects.create(
            plan=self.plan, parent=parent, name=name, order=self.investment_order
        )
        raw_amounts = node.raw("amounts") or {}
        if not isinstance(raw_amounts, dict):
            node.fail("amounts", "ska vara en mappning år: belopp.")
        InvestmentAmount.objects.bulk_create(
            InvestmentAmount(project=project, year=year, amount=amount)
            for year, amount in self.amounts(node, "amounts", raw_amounts, years).items()
        )
        for order, item in enumerate(node.items("specification"), start=1):
            item_node = self.f.node(item, f"{node.where}, specificering {order}", {"name", "amount_tkr"})
            InvestmentSpecItem.objects.create(
                project=project,
                name=item_node.text("name", required=True),
                amount_tkr=item_node.number("amount_tkr", required=True),
                order=order,
            )
        for child in node.items("children"):
            self.load_investment_project(child, project, node.where, years)
