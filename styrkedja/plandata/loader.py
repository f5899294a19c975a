"""Load a municipality and its plans from plan data: a YAML data file (see docs/data-format.md)
or the mapping a workbook is read into.

All or nothing: the whole file is written in one transaction, so the first error
leaves the database as it was. Loading the same file again changes nothing: the
organisation is updated in place and a plan that already exists is left alone,
unless ``replace`` is asked for: then the file is laid over the plan in place, keeping
what it still holds with its history (see ``replace.py``).

Who loads matters: ``user`` is the author of what the load writes, in the audit log and on
the report rows a replace adds; a person who may not change the organisation
(``may_change_organisation``: units and partners are the administratör's) is refused a file
that would add or change a unit or a partner, each named, and nothing is written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from styrkedja import text_limits
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.assignments.services import assignment_status_labels_set
from styrkedja.audit.services import audit_log
from styrkedja.economy.models import LedgerCode
from styrkedja.followup.choices import Assessment, ProposalRule
from styrkedja.followup.services import assessment_rules_clear, assessment_rules_set, assessment_scale_set
from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.plandata.plan_loader import PlanLoader, lower_map
from styrkedja.plandata.reader import DataFileError, Node
from styrkedja.plandata.replace import ExistingObjects, LoadRefused, Refusal
from styrkedja.plans.models import REPORT_PARTS, Plan
from styrkedja.plans.selectors import plan_edit_refusal
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import Municipality, OrgUnit, Partner
from styrkedja.tenancy.services import partner_create, unit_create, unit_update

UNIT_KINDS = lower_map(UnitKind.choices)
ORGANISATION_IS_THE_ADMINISTRATORS = (
    "Enheter och externa parter läggs till och ändras av kommunens administratör: be administratören "
    "göra ändringen, eller ändra raden så att den stämmer med Styrkedja."
)


@dataclass
class LoadResult:
    municipality: Municipality
    created: list[Plan] = field(default_factory=list)
    skipped: list[Plan] = field(default_factory=list)
    replaced: list[Plan] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=dict)  # of a replace: "activity.removed": 2, …


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


def load_plan_data(
    data: Any,
    *,
    source: str,
    replace: bool = False,
    user=None,
    may_change_organisation: bool = True,
    downloaded_at: datetime.datetime | None = None,
) -> LoadResult:
    """Load a mapping of the file format (from YAML, or assembled from a workbook); ``source``
    names it in messages and in the audit log. Raises DataFileError at the first fault of the
    file, or LoadRefused with every change the load may not make. ``downloaded_at``: when the
    file was made from Styrkedja (a workbook's creation time); a replace then does not overwrite
    a report written after it."""
    with transaction.atomic():
        return _FileLoader(
            source, data, replace=replace, user=user, may_change_organisation=may_change_organisation,
            downloaded_at=downloaded_at,
        ).run()  # fmt: skip


class _FileLoader:
    def __init__(
        self, file: str, data: Any, *, replace: bool, user, may_change_organisation: bool, downloaded_at=None
    ):
        self.file, self.data, self.replace = file, data, replace
        self.downloaded_at = downloaded_at
        self.user = user if user is not None and user.is_authenticated else None
        self.may_change_organisation = may_change_organisation
        self.refusals: list[Refusal] = []
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
                {
                    "slug",
                    "name",
                    "goal_levels",
                    "units",
                    "partners",
                    "vision",
                    "assignment_statuses",
                    "assessment_scale",
                    "assessment_rules",
                    "ledger_codes",
                },
            )
        )
        if self.refusals:
            # Now, before a plan names a unit that was refused: its fault would hide these.
            raise LoadRefused(self.file, self.refusals)
        result = LoadResult(municipality)
        for index, data in enumerate(root.items("plans"), start=1):
            plan, outcome = self.load_plan(municipality, data, f"plan {index}")
            getattr(result, outcome).append(plan)
        if self.refusals:
            raise LoadRefused(self.file, self.refusals)  # the transaction is rolled back
        result.changes = dict(getattr(self, "changes", {}))
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
        partners = {partner.name: partner for partner in municipality.partners.all()}
        for data in node.items("partners"):
            partner_node = self.node(data, "extern part", {"name"})
            name = partner_node.text("name", required=True, max_length=200)
            partner_node.where = f"extern part ”{name}”"
            if name in partners:
                continue
            if not self.may_change_organisation:
                self.refuse_organisation(
                    "partner", partner_node, "name", f"parten ”{name}” finns inte i kommunen."
                )
                continue
            partners[name] = self.validated(
                partner_node, "name", lambda name=name: partner_create(
                    municipality=municipality, user=self.user, name=name
                ),
            )  # fmt: skip
        for unit in municipality.units.all():
            self.units.setdefault(unit.name, unit)
            if unit.short_name:
                self.units.setdefault(unit.short_name, unit)
        self.partners = {partner.name: partner for partner in municipality.partners.all()}
        for order, data in enumerate(node.items("vision"), start=1):
            self.load_vision_goal(municipality, data, order)
        self.load_assignment_statuses(municipality, node)
        self.load_assessment_scale(municipality, node)
        if node.has("assessment_rules"):
            self.load_assessment_rules(municipality, None, node.raw("assessment_rules"), node.where)
        for index, data in enumerate(node.items("ledger_codes"), start=1):
            self.load_ledger_code(municipality, data, index)
        return municipality

    def load_assignment_statuses(self, municipality: Municipality, node: Node) -> None:
        """The municipality's words for an uppdrag's statuses: {done: "Klart", …}; a status the file
        leaves out keeps its standard word."""
        words = node.raw("assignment_statuses")
        if words in (None, ""):
            return
        if not isinstance(words, dict):
            node.fail(
                "assignment_statuses", "ska vara statusarna med kommunens ord, till exempel {done: Klart}."
            )
        for key, label in words.items():
            if str(key) not in AssignmentStatus.values:
                node.fail(
                    "assignment_statuses",
                    f"statusen ”{key}” finns inte; statusarna är {', '.join(AssignmentStatus.values)}.",
                )
            if not isinstance(label, str):
                node.fail("assignment_statuses", f"ordet för ”{key}” ska vara en text.")
        labels = {key: words.get(key, "") for key in AssignmentStatus.values}
        try:
            assignment_status_labels_set(municipality=municipality, labels=labels, user=self.user)
        except ValidationError as error:
            node.fail("assignment_statuses", " ".join(error.messages))

    def load_assessment_scale(self, municipality: Municipality, node: Node) -> None:
        """The municipality's scale of goal fulfilment, best first: [{key, label, symbol,
        summary_word}, …]; a file without one leaves the scale as it is."""
        if not node.has("assessment_scale"):
            return
        steps = []
        for number, data in enumerate(node.items("assessment_scale"), start=1):
            step = self.node(data, f"bedömningssteg {number}", {"key", "label", "symbol", "summary_word"})
            key = step.text("key", required=True)
            if key not in Assessment.values:
                step.fail("key", f"”{key}” finns inte; betydelserna är {', '.join(Assessment.values)}.")
            steps.append(
                {
                    "key": key,
                    "label": step.text("label", required=True, max_length=100),
                    "symbol": step.text("symbol", max_length=8),
                    "summary_word": step.text("summary_word", max_length=60),
                }
            )
        try:
            assessment_scale_set(municipality=municipality, steps=steps, user=self.user)
        except ValidationError as error:
            node.fail("assessment_scale", " ".join(error.messages))

    def load_assessment_rules(
        self, municipality: Municipality, plan: Plan | None, data: Any, where: str
    ) -> None:
        """What the summary counts and how the proposal is drawn, for the municipality or a plan."""
        node = self.node(
            data,
            f"{where}, regler för målbedömning",
            {"counted_levels", "goal_noun", "show_activity_sentence", "proposal_rule", "partly_threshold"},
        )
        levels = {level.key: level for level in municipality.goal_levels.all()}
        counted = []
        for key in node.items("counted_levels"):
            if str(key) not in levels:
                node.fail("counted_levels", f"målnivån ”{key}” finns inte; nivåerna är {', '.join(levels)}.")
            counted.append(levels[str(key)])
        shown = node.raw("show_activity_sentence", True)
        if not isinstance(shown, bool):
            node.fail("show_activity_sentence", "ska vara true eller false.")
        rule = node.text("proposal_rule") or ProposalRule.STANDARD
        if rule not in ProposalRule.values:
            node.fail("proposal_rule", f"”{rule}” finns inte; reglerna är {', '.join(ProposalRule.values)}.")
        threshold = node.integer("partly_threshold")
        try:
            assessment_rules_set(
                municipality=municipality,
                plan=plan,
                counted_levels=counted,
                goal_noun=node.text("goal_noun", max_length=60),
                show_activity_sentence=shown,
                proposal_rule=rule,
                partly_threshold=80 if threshold is None else threshold,
                user=self.user,
            )
        except ValidationError as error:
            node.fail("assessment_rules", " ".join(error.messages))

    def load_ledger_code(self, municipality: Municipality, data: Any, index: int) -> None:
        """A code of the ledger and the sector's line it is booked on (``economy.LedgerCode``)."""
        node = self.node(data, f"kod i ekonomisystemet {index}", {"code", "unit", "line"})
        code = node.text("code", required=True, max_length=50)
        sector = self.unit(node, "unit")
        line = node.text("line", required=True, max_length=200)
        LedgerCode.objects.update_or_create(
            municipality=municipality, code=code, defaults={"sector": sector, "line_name": line}
        )

    def refuse_organisation(self, kind: str, node: Node, field: str, message: str) -> None:
        self.refusals.append(
            Refusal(kind, f"{message} {ORGANISATION_IS_THE_ADMINISTRATORS}", node.data, field, node.where)
        )

    @staticmethod
    def validated(node: Node, field: str, write):
        """A write through a service; its Swedish message is the file's fault."""
        try:
            return write()
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {field: error.messages}
            name, texts = next(iter(messages.items()))
            node.fail(name if name in node.data else field, " ".join(texts))

    def load_vision_goal(self, municipality: Municipality, data: Any, order: int) -> None:
        goal_node = self.node(data, f"visionsmål {order}", {"key", "level", "number", "title", "text"})
        key = goal_node.text("key", required=True, max_length=80)
        wanted = {
            "level": self.level(goal_node),
            "number": goal_node.text("number", max_length=20),
            "title": goal_node.text("title", max_length=300),
            "text": goal_node.text("text", max_length=text_limits.GOAL_TEXT),
            "order": order,
        }
        goal = municipality.goals.filter(plan=None, key=key).first()
        if goal is None:
            goal = Goal.objects.create(municipality=municipality, plan=None, key=key, **wanted)
            data = {name: [None, str(value)] for name, value in wanted.items() if name != "order"}
            audit_log(
                municipality=municipality, action="goals.goal.created", obj=goal, user=self.user, data=data
            )
        else:
            changed = {
                name: [str(getattr(goal, name)), str(value)]
                for name, value in wanted.items()
                if getattr(goal, name) != value and name != "order"
            }
            for name, value in wanted.items():
                setattr(goal, name, value)
            goal.save()
            if changed:
                audit_log(municipality=municipality, action="goals.goal.changed", obj=goal, user=self.user,
                          data=changed)  # fmt: skip
        self.vision[key] = goal

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
            audit_log(
                municipality=municipality,
                action="goals.levels.set",
                obj=municipality,
                user=self.user,
                data={"levels": [[level["name"] for level in existing], [level["name"] for level in wanted]]},
            )
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
        wanted = {
            "name": name, "short_name": node.text("short_name", max_length=40), "slug": slug, "kind": kind,
            "parent": parent,
        }  # fmt: skip
        unit = municipality.units.filter(name=name).first()
        if not self.may_change_organisation:
            self.check_unit(node, unit, wanted)
        elif unit is None:
            unit = self.validated(node, "name", lambda: unit_create(
                municipality=municipality, user=self.user, **wanted
            ))  # fmt: skip
        else:
            unit = self.validated(node, "name", lambda: unit_update(unit=unit, user=self.user, **wanted))
        if unit is not None and self.may_change_organisation and unit.order != order:
            OrgUnit.objects.filter(pk=unit.pk).update(order=order)  # the file's order; not worth a log entry
        for child_order, child in enumerate(node.items("children"), start=1):
            self.load_unit(municipality, child, unit, child_order)

    UNIT_WORDS = {
        "short_name": "förkortningen",
        "slug": "kortnamnet",
        "kind": "typen",
        "parent": "överordnad enhet",
    }

    def check_unit(self, node: Node, unit: OrgUnit | None, wanted: dict[str, Any]) -> None:
        """For one who may not change the organisation: the file's unit must be Styrkedja's as it is."""
        if unit is None:
            self.refuse_organisation(
                "unit", node, "name", f"enheten ”{wanted['name']}” finns inte i kommunen."
            )
            return
        for name, word in self.UNIT_WORDS.items():
            current, value = getattr(unit, name), wanted[name]
            if current != value:
                shown = [str(v) if v not in (None, "") else "(ingen)" for v in (current, value)]
                self.refuse_organisation(
                    "unit", node, name,
                    f"enheten ”{unit.name}” har {word} ”{shown[0]}” i Styrkedja, inte ”{shown[1]}”.",
                )  # fmt: skip
                return

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

    def load_plan(self, municipality: Municipality, data: Any, where: str) -> tuple[Plan, str]:
        node = self.node(
            data,
            where,
            {
                "board", "year", "title", "budget_period", "sections", "periods", "goals",
                "special_initiatives", "period_comments", "surveys", "assignments", "meetings",
                "budget_milestones", "sectors", "investments", "assessment_rules", *REPORT_PARTS,
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
            return existing, "skipped"
        if existing and (refusal := plan_edit_refusal(plan=existing)):
            node.fail("year", refusal)  # an adopted plan changes only within a revision, a file's too
        period = node.items("budget_period", required=True)
        if len(period) != 2 or not all(isinstance(y, int) and not isinstance(y, bool) for y in period):
            node.fail("budget_period", "ska vara två årtal, till exempel [2024, 2026].")
        if period[0] > period[1]:
            node.fail("budget_period", f"börjar {period[0]} men slutar {period[1]}.")
        head = {
            "title": node.text("title", required=True, max_length=200),
            "budget_period_start": period[0],
            "budget_period_end": period[1],
            # Which parts the follow-up reports show; a file without them keeps the defaults.
            **{name: node.boolean(name, default=Plan._meta.get_field(name).default) for name in REPORT_PARTS},
        }
        if existing:
            # A period is not closed while a replace writes its reports (the services lock it too).
            list(existing.periods.select_for_update())
            plan, pool = existing, ExistingObjects(existing)
            for name, value in head.items():
                setattr(plan, name, value)
            plan.save(update_fields=list(head))
        else:
            plan, pool = Plan.objects.create(municipality=municipality, board=board, year=year, **head), None
        # Before the reports: their proposals follow the plan's rules.
        if node.has("assessment_rules"):
            self.load_assessment_rules(municipality, plan, node.raw("assessment_rules"), node.where)
        elif existing:
            assessment_rules_clear(municipality=municipality, plan=plan, user=self.user)
        loader = PlanLoader(self, plan, node, pool)
        loader.run()
        audit_log(
            municipality=municipality,
            action="plandata.plan.replaced" if existing else "plandata.plan.loaded",
            obj=plan,
            user=self.user,
            data={"file": Path(self.file).name} | ({"changes": dict(loader.changes)} if existing else {}),
        )
        self.changes = loader.changes
        return plan, "replaced" if existing else "created"
