"""The rows of a workbook → the mapping the plan loader reads, checking every reference.

Each row that names something that is not there (a goal key, an activity's Nr, a unit, a
period) is reported at its own row and column, and the reading goes on, so the list of
faults is complete. The loader then builds the plan from the mapping in one transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from styrkedja.plandata.exporter import municipality_data
from styrkedja.plandata.plan_loader import PERIOD_CODE
from styrkedja.plandata.replace import Refusal
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import Municipality
from styrkedja.workbook.errors import WorkbookError
from styrkedja.workbook.reader import Row

# Where a refusal of the loader about something the workbook no longer holds is told.
REFUSAL_SHEETS = {
    "period": "Perioder",
    "goal": "Mål",
    "activity": "Aktiviteter",
    "usersurvey": "Brukarundersökningar",
    "assignment": "Uppdrag",
    "unit": "Enheter",
    "partner": "Externa parter",
}


class Assembler:
    def __init__(self, rows: dict[str, list[Row]], municipality: Municipality):
        self.rows, self.municipality = rows, municipality
        self.errors: list[WorkbookError] = []
        # Each mapping made for the loader → the row it was made from, so that the loader's
        # refusals (which name a mapping) can be told at their row and column.
        self.row_of: dict[int, Row] = {}
        existing = municipality_data(municipality) if municipality.pk else {}
        self.existing_levels = existing.get("goal_levels", [])
        self.existing_units = list(municipality.units.all()) if municipality.pk else []
        self.existing_partners = (
            set(municipality.partners.values_list("name", flat=True)) if municipality.pk else set()
        )

    # Reporting ------------------------------------------------------------------------------

    def fail(self, row: Row, key: str, message: str) -> None:
        column = row.sheet.column(key) if key else None
        self.errors.append(
            WorkbookError(
                row.sheet.name,
                row.number,
                column.header if column else "",
                row.letters.get(key, ""),
                message,
            )
        )

    def unique(self, sheet: str, key: str, what: str) -> dict[Any, Row]:
        """The rows of a sheet by a key column; a second row with the same key is a fault."""
        seen: dict[Any, Row] = {}
        for row in self.rows[sheet]:
            value = row.get(key)
            if value == "":
                continue
            if value in seen:
                self.fail(row, key, f"{what} ”{value}” finns redan på rad {seen[value].number}.")
            else:
                seen[value] = row
        return seen

    def refer(self, row: Row, key: str, known, what: str, *, hint: str = "") -> bool:
        value = row.get(key)
        if value == "" or value in known:
            return True
        self.fail(row, key, f"{what} ”{value}” finns inte{hint}.")
        return False

    # The whole ----------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        municipality = self.organisation()
        plan = self.plan()
        return {"municipality": municipality, "plans": [plan] if plan else []}

    def organisation(self) -> dict[str, Any]:
        levels = [self.values(row) for row in self.rows["Målnivåer"]] or self.existing_levels
        self.unique("Målnivåer", "key", "nyckeln")
        self.level_depth = {level["key"]: depth for depth, level in enumerate(levels)}
        units = self.units()
        partners = [self.values(row) for row in self.rows["Externa parter"]]
        self.unique("Externa parter", "name", "parten")
        self.partners = {partner["name"] for partner in partners} | self.existing_partners
        if not levels:
            self.errors.append(
                WorkbookError("Målnivåer", None, "", "", "är tomt, och kommunen har inga målnivåer än.")
            )
        vision = []
        self.vision_depth = {}
        for row in self.rows["Visionsmål"]:
            self.vision_depth[row.get("key")] = self.level(row)
            vision.append(self.values(row))
        name = self.rows["Kommun"][0].get("name") if self.rows["Kommun"] else ""
        self.unique("Uppdragsstatus", "key", "statusen")
        statuses = {row.get("key"): row.get("label") for row in self.rows["Uppdragsstatus"]}
        scale = [self.values(row) for row in self.rows["Bedömningsskala"]]
        rules = self.assessment_rules("municipality")
        return {
            **({"assignment_statuses": statuses} if statuses else {}),
            **({"assessment_scale": scale} if scale else {}),
            **({"assessment_rules": rules} if rules else {}),
            "slug": self.municipality.slug,
            "name": self.municipality.name or name,
            "goal_levels": levels,
            "units": units,
            "partners": partners,
            "vision": vision,
        }

    def units(self) -> list[dict[str, Any]]:
        rows = self.unique("Enheter", "name", "enheten")
        children: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.unit_names: set[str] = set()
        self.boards: dict[str, str] = {}
        for unit in self.existing_units:
            self.unit_names |= {unit.name, unit.short_name} - {""}
            if unit.kind == UnitKind.BOARD:
                self.boards |= {name: unit.slug for name in (unit.name, unit.short_name, unit.slug) if name}
        top = []
        for row in self.rows["Enheter"]:
            unit = self.values(row, "parent")
            if row.get("kind") == UnitKind.BOARD and not row.get("slug"):
                self.fail(row, "slug", "saknas men måste anges för en nämnd: planer namnges efter den.")
            if row.get("slug") and not re.fullmatch(r"[a-z0-9-]+", row.get("slug")):
                self.fail(
                    row, "slug", f"”{row.get('slug')}” får bara innehålla a–z, siffror och bindestreck."
                )
            self.unit_names |= {row.get("name"), row.get("short_name")} - {""}
            if row.get("kind") == UnitKind.BOARD and row.get("slug"):
                names = (row.get("name"), row.get("short_name"), row.get("slug"))
                self.boards |= {name: row.get("slug") for name in names if name}
            parent = row.get("parent")
            if parent == "":
                top.append(unit)
            elif parent not in rows:
                self.fail(row, "parent", f"enheten ”{parent}” finns inte på bladet Enheter.")
            elif self.ancestors(rows, row):
                children[parent].append(unit)
            else:
                self.fail(row, "parent", "enheterna hör under varandra i en ring.")
        for unit in [*top, *(unit for units in children.values() for unit in units)]:
            if children.get(unit["name"]):
                unit["children"] = children[unit["name"]]
        return top

    @staticmethod
    def ancestors(rows: dict[Any, Row], row: Row) -> bool:
        """True when following the parents ends at a top unit (no ring)."""
        seen = {row.get("name")}
        while row.get("parent"):
            if row.get("parent") in seen or row.get("parent") not in rows:
                return row.get("parent") not in seen
            seen.add(row.get("parent"))
            row = rows[row.get("parent")]
        return True

    def level(self, row: Row) -> int | None:
        key = row.get("level")
        if key == "":
            return None
        if key not in self.level_depth:
            known = ", ".join(self.level_depth) or "inga"
            self.fail(row, "level", f"målnivån ”{key}” finns inte (målnivåer: {known}).")
            return None
        return self.level_depth[key]

    def values(self, row: Row, *leave_out: str) -> dict[str, Any]:
        values = {
            key: value
            for key, value in row.values.items()
            if value not in (None, "", []) and key not in leave_out
        }
        self.row_of[id(values)] = row
        return values

    def refusal_error(self, refusal: Refusal) -> WorkbookError:
        """A refusal of the loader at the row (and column) it concerns."""
        row = self.row_of.get(id(refusal.item)) if refusal.item is not None else None
        if row is None:
            sheet = REFUSAL_SHEETS.get(refusal.kind, "")
            return WorkbookError(sheet, None, "", "", refusal.message)
        keys = {column.key for column in row.sheet.columns}
        if refusal.field not in keys:
            return WorkbookError(row.sheet.name, row.number, "", "", refusal.message)
        column = row.sheet.column(refusal.field)
        return WorkbookError(
            row.sheet.name, row.number, column.header, row.letters.get(refusal.field, ""), refusal.message
        )

    # The plan ---------------------------------------------------------------------------------------

    def plan(self) -> dict[str, Any] | None:
        if not self.rows["Plan"]:
            self.errors.append(
                WorkbookError("Plan", None, "", "", "har ingen rad med planen: bladet saknas eller är tomt.")
            )
            return None
        head = self.plan_row = self.rows["Plan"][0]
        board = head.get("board")
        if board and board not in self.boards:
            self.fail(head, "board", f"det finns ingen nämnd som heter eller har kortnamnet ”{board}”.")
        start, end = head.get("budget_start", None), head.get("budget_end", None)
        if start and end and start > end:
            self.fail(head, "budget_end", f"budgetperioden börjar {start} men slutar {end}.")
        for row in self.rows["Perioder"]:
            if row.get("code"):
                row.values["code"] = str(row.get("code")).upper()
        self.periods = self.unique("Perioder", "code", "perioden")
        for row in self.rows["Perioder"]:
            if row.get("code") and not PERIOD_CODE.match(str(row.get("code")).upper()):
                self.fail(
                    row, "code", f"”{row.get('code')}” är ingen periodkod. Använd T1, T2, T3 eller M01–M12."
                )
            if row.get("closed", False) and row.get("opened", True) is False:
                self.fail(row, "opened", "en stängd period måste ha varit öppnad.")
        plan = {
            "board": self.boards.get(board, board),
            "year": head.get("year", None),
            "title": head.get("title"),
            "budget_period": [start, end],
            "report_show_activity_tables": head.get("report_show_activity_tables", True),
            "report_show_measure_tables": head.get("report_show_measure_tables", False),
            "report_show_charts": head.get("report_show_charts", True),
            "sections": [],
            "periods": [self.values(row) for row in self.rows["Perioder"]],
        }
        self.sector_rows = self.unique("Sektorer", "unit", "sektorn")
        for row in self.rows["Textavsnitt"]:
            if row.get("sector"):
                self.refer(row, "sector", self.sector_rows, "sektorn", hint=" på bladet Sektorer")
                if row.get("key"):
                    self.fail(row, "key", "lämnas tomt för en sektors text: den står under sektorn.")
            else:
                plan["sections"].append(self.values(row))
        plan["goals"] = self.goals()
        activities = self.activities()
        for goal in self.all_goals:
            goal["activities"] = activities.pop(goal.get("key", ""), [])
        plan["special_initiatives"] = activities.pop("", [])
        plan["period_comments"] = [self.with_period(row) for row in self.rows["Avsnittskommentarer"]]
        plan["surveys"] = self.surveys()
        plan["assignments"] = self.assignments()
        plan["meetings"] = self.meetings()
        plan["budget_milestones"] = [self.values(row) for row in self.rows["Budgetprocess"]]
        plan["sectors"] = self.sectors()
        plan["investments"] = self.investments()
        if rules := self.assessment_rules("plan"):
            plan["assessment_rules"] = rules
        return plan

    def assessment_rules(self, scope: str) -> dict[str, Any] | None:
        """The row of the Bedömningsregler sheet for the municipality or the plan; None without one."""
        rows = [row for row in self.rows["Bedömningsregler"] if row.get("scope") == scope]
        for row in rows[1:]:
            self.errors.append(
                WorkbookError(row.sheet.name, row.number, "", "", "Bara en rad per ”Gäller” får finnas.")
            )
        if not rows:
            return None
        values = self.values(rows[0], "scope")
        values.setdefault("show_activity_sentence", True)
        return values

    def with_period(self, row: Row, *leave_out: str) -> dict[str, Any]:
        if row.get("period"):
            row.values["period"] = str(row.get("period")).upper()
            self.refer(row, "period", self.periods, "perioden", hint=" på bladet Perioder")
        return self.values(row, *leave_out)

    # Goals and indicators ---------------------------------------------------------------------------

    def goals(self) -> list[dict[str, Any]]:
        rows = self.unique("Mål", "key", "nyckeln")
        vision = self.unique("Visionsmål", "key", "nyckeln")
        for key, row in rows.items():
            if key in vision:
                self.fail(row, "key", f"nyckeln ”{key}” används redan av ett visionsmål.")
        self.goal_keys = set(rows) | set(vision)
        depth = self.vision_depth | {key: self.level(row) for key, row in rows.items()}
        goals: dict[str, dict[str, Any]] = {}
        top = []
        self.all_goals = []
        for row in self.rows["Mål"]:
            if not row.get("title") and not row.get("text"):
                self.fail(row, "text", "saknas: ett mål måste ha en måltext eller en rubrik.")
            self.unit(row, "responsible")
            goal = self.values(row, "parent")
            goals.setdefault(row.get("key"), goal)
            self.all_goals.append(goal)
            parent = row.get("parent")
            own = depth.get(row.get("key"))
            if parent == "":
                top.append(goal)
            elif not self.refer(row, "parent", rows, "målet", hint=" på bladet Mål"):
                pass
            elif own is not None and depth.get(parent) is not None and own <= depth[parent]:
                self.fail(
                    row,
                    "level",
                    f"målnivån ”{row.get('level')}” ligger inte under det överordnade målets nivå.",
                )
            for target in row.get("contributes_to", []):
                if target not in self.goal_keys:
                    self.fail(row, "contributes_to", f"det finns inget mål med nyckeln ”{target}”.")
                elif own is not None and depth.get(target) is not None and depth[target] >= own:
                    self.fail(
                        row, "contributes_to", f"målet ”{target}” ligger inte på en högre nivå än detta mål."
                    )
            numbers = row.get("agenda2030", [])
            if any(not 1 <= number <= 17 for number in numbers) or len(set(numbers)) != len(numbers):
                self.fail(row, "agenda2030", "ska vara olika nummer på globala mål mellan 1 och 17.")
        for row in self.rows["Mål"]:
            parent = row.get("parent")
            if parent and parent in goals and goals[parent] is not goals.get(row.get("key")):
                goals[parent].setdefault("children", []).append(goals[row.get("key")])
        if any(not self.reaches_top(rows, row) for row in self.rows["Mål"]):
            return top  # A ring of parents is reported through the levels above.
        for row in self.rows["Målrapporter"]:
            if self.refer(row, "goal", rows, "målet", hint=" på bladet Mål"):
                goals[row.get("goal")].setdefault("reports", []).append(self.with_period(row, "goal"))
        indicators = self.unique("Indikatorer", "ref", "Nr")
        by_number: dict[Any, dict[str, Any]] = {}
        for row in self.rows["Indikatorer"]:
            indicator = self.values(row, "ref", "goal")
            by_number.setdefault(row.get("ref"), indicator)
            if self.refer(row, "goal", rows, "målet", hint=" på bladet Mål"):
                goals[row.get("goal")].setdefault("indicators", []).append(indicator)
        seen: dict[tuple, Row] = {}
        for row in self.rows["Indikatorvärden"]:
            if not self.refer(row, "indicator", indicators, "indikatorn", hint=" på bladet Indikatorer"):
                continue
            key = (
                row.get("indicator"),
                row.get("year"),
                row.get("scope") or "municipality",
                row.get("label"),
                row.get("gender") or "T",
            )
            if key in seen:
                self.fail(
                    row,
                    "year",
                    f"värdet för samma år, jämförelse och kön finns redan på rad {seen[key].number}.",
                )
            seen[key] = row
            by_number[row.get("indicator")].setdefault("values", []).append(self.values(row, "indicator"))
        return top

    @staticmethod
    def reaches_top(rows: dict[Any, Row], row: Row) -> bool:
        seen = set()
        while row.get("parent") in rows and row.get("key") not in seen:
            seen.add(row.get("key"))
            row = rows[row.get("parent")]
        return row.get("key") not in seen

    # Activities -------------------------------------------------------------------------------------

    def unit(self, row: Row, key: str) -> None:
        self.refer(row, key, self.unit_names, "enheten", hint=" bland kommunens enheter (bladet Enheter)")

    def activities(self) -> dict[str, list[dict[str, Any]]]:
        rows = self.unique("Aktiviteter", "ref", "Nr")
        by_goal: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_number: dict[Any, dict[str, Any]] = {}
        for row in self.rows["Aktiviteter"]:
            activity = self.values(row, "ref", "goal")
            by_number.setdefault(row.get("ref"), activity)
            self.refer(row, "goal", self.goal_keys - {r.get("key") for r in self.rows["Visionsmål"]}, "målet",
                       hint=" på bladet Mål")  # fmt: skip
            self.unit(row, "responsible")
            for name in row.get("co_responsible", []):
                if name not in self.unit_names:
                    self.fail(row, "co_responsible", f"enheten ”{name}” finns inte bland kommunens enheter.")
            by_goal[row.get("goal")].append(activity)
        for row in self.rows["Samverkan"]:
            if not self.refer(row, "activity", rows, "aktiviteten", hint=" på bladet Aktiviteter"):
                continue
            given = [key for key in ("unit", "partner", "text") if row.get(key)]
            if len(given) != 1:
                self.fail(
                    row,
                    given[1] if len(given) > 1 else "unit",
                    "fyll i precis en av Enhet, Extern part och Fritext.",
                )
                continue
            if given == ["unit"]:
                self.unit(row, "unit")
            elif given == ["partner"]:
                self.refer(row, "partner", self.partners, "parten", hint=" på bladet Externa parter")
            by_number[row.get("activity")].setdefault("collaborators", []).append(
                self.values(row, "activity")
            )
        for row in self.rows["Aktivitetsrapporter"]:
            if self.refer(row, "activity", rows, "aktiviteten", hint=" på bladet Aktiviteter"):
                by_number[row.get("activity")].setdefault("reports", []).append(
                    self.with_period(row, "activity")
                )
        return by_goal

    # Surveys, assignments, meetings -----------------------------------------------------------------

    def surveys(self) -> list[dict[str, Any]]:
        rows = self.unique("Brukarundersökningar", "ref", "Nr")
        surveys, by_number = [], {}
        for row in self.rows["Brukarundersökningar"]:
            self.unit(row, "unit")
            survey = self.values(row, "ref")
            by_number.setdefault(row.get("ref"), survey)
            surveys.append(survey)
        for sheet, key in (("Undersökningsrapporter", "reports"), ("Undersökningsresultat", "results")):
            for row in self.rows[sheet]:
                if self.refer(row, "survey", rows, "undersökningen", hint=" på bladet Brukarundersökningar"):
                    by_number[row.get("survey")].setdefault(key, []).append(self.with_period(row, "survey"))
        return surveys

    def assignments(self) -> list[dict[str, Any]]:
        rows = self.unique("Uppdrag", "key", "nyckeln")
        assignments, by_key = [], {}
        for row in self.rows["Uppdrag"]:
            self.refer(row, "goal", self.goal_keys, "målet")
            if row.get("responsible"):
                self.unit(row, "responsible")
            assignment = self.values(row)
            by_key.setdefault(row.get("key"), assignment)
            assignments.append(assignment)
        for row in self.rows["Uppdragsrapporter"]:
            if self.refer(row, "assignment", rows, "uppdraget", hint=" på bladet Uppdrag"):
                by_key[row.get("assignment")].setdefault("reports", []).append(
                    self.with_period(row, "assignment")
                )
        self.assignment_keys = set(rows)
        return assignments

    def meetings(self) -> list[dict[str, Any]]:
        rows = self.unique("Sammanträden", "ref", "Nr")
        meetings, by_number = [], {}
        for row in self.rows["Sammanträden"]:
            meeting = self.values(row, "ref")
            by_number.setdefault(row.get("ref"), meeting)
            meetings.append(meeting)
        for row in self.rows["Sammanträdespunkter"]:
            if not self.refer(row, "meeting", rows, "sammanträdet", hint=" på bladet Sammanträden"):
                continue
            if row.get("goal") and row.get("assignment"):
                self.fail(row, "assignment", "ange ett mål eller ett uppdrag, inte båda.")
            elif not (row.get("goal") or row.get("assignment") or row.get("text")):
                self.fail(row, "goal", "ange ett mål, ett uppdrag eller en text.")
            self.refer(row, "goal", self.goal_keys, "målet")
            self.refer(row, "assignment", self.assignment_keys, "uppdraget", hint=" på bladet Uppdrag")
            by_number[row.get("meeting")].setdefault("items", []).append(self.values(row, "meeting"))
        return meetings

    # Economy ----------------------------------------------------------------------------------------

    def sectors(self) -> list[dict[str, Any]]:
        sectors = {}
        for row in self.rows["Sektorer"]:
            self.unit(row, "unit")
            totals = self.values(row, "unit")
            sectors.setdefault(
                row.get("unit"), {"unit": row.get("unit")} | ({"printed_total": totals} if totals else {})
            )
        for row in self.rows["Textavsnitt"]:
            if row.get("sector") in sectors:
                sectors[row.get("sector")].setdefault("sections", []).append(
                    self.values(row, "sector", "key")
                )
        seen: dict[tuple, Row] = {}
        for row in self.rows["Ramar"]:
            if not self.refer(row, "sector", sectors, "sektorn", hint=" på bladet Sektorer"):
                continue
            key = (row.get("sector"), row.get("year"), row.get("kind"))
            if key in seen:
                self.fail(row, "year", f"ramen för samma år och slag finns redan på rad {seen[key].number}.")
            seen[key] = row
            sectors[row.get("sector")].setdefault("frames", []).append(self.values(row, "sector"))
        lines: dict[tuple, dict[str, Any]] = {}
        for row in self.rows["Budgetrader"]:
            if self.refer(row, "sector", sectors, "sektorn", hint=" på bladet Sektorer"):
                line = self.values(row, "sector")
                sectors[row.get("sector")].setdefault("lines", []).append(line)
                lines.setdefault((row.get("sector"), row.get("name")), line)
        for row in self.rows["Utfall och prognos"]:
            if not self.refer(row, "sector", sectors, "sektorn", hint=" på bladet Sektorer"):
                continue
            line = lines.get((row.get("sector"), row.get("line")))
            if line is None:
                self.fail(
                    row,
                    "line",
                    f"budgetraden ”{row.get('line')}” finns inte för sektorn på bladet Budgetrader.",
                )
                continue
            line.setdefault("outcomes", []).append(self.with_period(row, "sector", "line"))
        for row in self.rows["Sektorernas ekonomikommentarer"]:
            if self.refer(row, "sector", sectors, "sektorn", hint=" på bladet Sektorer"):
                sectors[row.get("sector")].setdefault("outcomes", []).append(self.with_period(row, "sector"))
        return list(sectors.values())

    def investments(self) -> dict[str, Any]:
        self.unique("Investeringar", "ref", "Nr")
        projects: dict[Any, dict[str, Any]] = {}
        top = []
        for row in self.rows["Investeringar"]:
            project = self.values(row, "ref", "parent")
            parent = row.get("parent")
            if parent == "":
                top.append(project)
            elif parent in projects:
                projects[parent].setdefault("children", []).append(project)
            else:
                self.fail(
                    row,
                    "parent",
                    f"projektet ”{parent}” finns inte på en rad ovanför på bladet Investeringar.",
                )
            projects.setdefault(row.get("ref"), project)
        seen: dict[tuple, Row] = {}
        for row in self.rows["Investeringsbelopp"]:
            if not self.refer(row, "project", projects, "projektet", hint=" på bladet Investeringar"):
                continue
            key = (row.get("project"), row.get("year"))
            if key in seen:
                self.fail(
                    row, "year", f"beloppet för samma projekt och år finns redan på rad {seen[key].number}."
                )
            seen[key] = row
            projects[row.get("project")].setdefault("amounts", {})[row.get("year")] = row.get("amount")
        for row in self.rows["Investeringsspecifikation"]:
            if self.refer(row, "project", projects, "projektet", hint=" på bladet Investeringar"):
                projects[row.get("project")].setdefault("specification", []).append(
                    self.values(row, "project")
                )
        for row in self.rows["Investeringsutfall"]:
            if self.refer(row, "project", projects, "projektet", hint=" på bladet Investeringar"):
                projects[row.get("project")].setdefault("outcomes", []).append(
                    self.with_period(row, "project")
                )
        totals: dict[int, Any] = {}
        self.unique("Investeringar summa", "year", "året")
        for row in self.rows["Investeringar summa"]:
            totals.setdefault(row.get("year"), row.get("amount"))
        return {"projects": top, "printed_total": totals} if top or totals else {}
