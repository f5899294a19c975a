"""The public editions' snapshots as tables: one per kind of object, a row per object.

The tables are the package's CSV files and the JSON's lists. Their columns have stable English
keys (a reader's program keeps working when the Swedish texts change); what each means is said
in ``Column.description`` and written into the package's README. Every row names its edition
(``edition``: "ks-2024-t3"), so that the tables of many editions can be put together.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from styrkedja.opendata.selectors import Edition


@dataclass(frozen=True)
class Column:
    key: str
    description: str
    number: bool = False  # a decimal: written with a decimal comma in the CSV files


@dataclass(frozen=True)
class Table:
    key: str  # the file's name without ".csv", and the JSON's list
    description: str
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.key}.csv"


EDITION = Column(
    "edition", _("Utgåvan raden hör till, till exempel ks-2024-t3 (nämnd, år, plan eller period).")
)

TABLES = (
    Table(
        "editions",
        _("Utgåvorna: planen som den beslutades, och varje uppföljning av den."),
        (
            EDITION,
            Column("municipality", _("Kommunens namn.")),
            Column("board_slug", _("Nämndens kortnamn, som i adresserna.")),
            Column("board", _("Nämndens namn.")),
            Column("year", _("Planens år.")),
            Column("title", _("Planens titel.")),
            Column("kind", _("plan: planen själv; followup: en uppföljning av den.")),
            Column("period_code", _("Uppföljningens kod (T1, T2, T3 …); tom för planen.")),
            Column("period_name", _("Uppföljningens namn; tom för planen.")),
            Column("period_ends_on", _("Dagen uppföljningen avser läget per (ÅÅÅÅ-MM-DD).")),
            Column("budget_period_start", _("Budgetperiodens första år.")),
            Column("budget_period_end", _("Budgetperiodens sista år.")),
            Column("decision", _("Beslutet om planen, till exempel KS 2023-12-12 § 210.")),
            Column("summary", _("Uppföljningens sammanfattning i en mening.")),
            Column("published_at", _("När utgåvan publicerades (ISO 8601, UTC).")),
        ),
    ),
    Table(
        "goals",
        _("Målen, i planens ordning (överordnade mål före sina delmål)."),
        (
            EDITION,
            Column("goal_id", _("Målets id, detsamma i alla utgåvor av planen.")),
            Column("parent_id", _("Det överordnade målets id; tomt för ett mål överst.")),
            Column("number", _("Målets nummer i planen.")),
            Column("heading", _("Målets rubrik, till exempel Kommunfullmäktiges mål 1 till nämnden.")),
            Column("title", _("Målets titel.")),
            Column("level", _("Målnivåns nyckel (kommunens målnivåer).")),
            Column("level_name", _("Målnivåns namn.")),
            Column("depth", _("Målnivåns djup: 0 överst.")),
            Column("unit", _("Ansvarig enhet.")),
            Column("texts", _("Målets texter (mål, motivering …), var och en som Rubrik: text.")),
            Column("sdgs", _("Globala målen (Agenda 2030) målet bidrar till, som nummer och namn.")),
            Column("assessment", _("Bedömningens nyckel vid uppföljningen; tom för planen.")),
            Column("assessment_label", _("Bedömningen med kommunens ord.")),
            Column("reason", _("Skälet till bedömningen.")),
            Column("analysis", _("Analys och kommentar vid uppföljningen.")),
            Column("actions", _("Åtgärder.")),
        ),
    ),
    Table(
        "indicators",
        _("Indikatorerna (nyckeltalen) som målen följs upp med."),
        (
            EDITION,
            Column("indicator_id", _("Indikatorns id.")),
            Column("goal_id", _("Målet indikatorn hör till.")),
            Column("name", _("Indikatorns namn.")),
            Column("unit", _("Måttenhet, till exempel %.")),
            Column("source", _("Källa, till exempel Kolada.")),
            Column("target", _("Målvärdet som text, till exempel minst 75.")),
            Column("higher_is_better", _("true om ett högre värde är bättre, annars false.")),
            Column("status_year", _("Året måluppfyllelsen och trenden avser.")),
            Column("status", _("Måluppfyllelsens nyckel det året.")),
            Column("status_label", _("Måluppfyllelsen i ord.")),
            Column("trend", _("Trendens nyckel.")),
            Column("trend_label", _("Trenden i ord.")),
        ),
    ),
    Table(
        "indicator_values",
        _(
            "Indikatorernas värden: en rad per indikator och år, med kommunens och rikets värde "
            "för alla (inte uppdelat på kön)."
        ),
        (
            EDITION,
            Column("indicator_id", _("Indikatorn värdet hör till.")),
            Column("goal_id", _("Målet indikatorn hör till.")),
            Column("year", _("Året värdet avser.")),
            Column("value", _("Kommunens värde; tomt om det saknas."), number=True),
            Column("nation", _("Rikets värde samma år; tomt om det saknas."), number=True),
            Column("missing_reason", _("Varför kommunens värde saknas, om det gör det.")),
        ),
    ),
    Table(
        "activities",
        _("Aktiviteterna: de som hör till ett mål, och särskilda satsningar utan mål."),
        (
            EDITION,
            Column("activity_id", _("Aktivitetens id, detsamma i alla utgåvor av planen.")),
            Column("goal_id", _("Målet aktiviteten hör till; tomt för en särskild satsning.")),
            Column("title", _("Aktivitetens titel.")),
            Column("kind", _("Aktivitetens slag (förkortning).")),
            Column("kind_label", _("Aktivitetens slag i ord.")),
            Column("unit", _("Ansvarig enhet.")),
            Column("collaborators", _("De som samverkar i aktiviteten.")),
            Column("special_initiative", _("true för en särskild satsning, annars false.")),
            Column("status", _("Statusens nyckel vid uppföljningen (not_started, ongoing, done).")),
            Column("status_label", _("Statusen i ord.")),
            Column("comment", _("Kommentaren vid uppföljningen.")),
            Column("planned_start", _("Planerad start (ÅÅÅÅ-MM-DD).")),
            Column("planned_end", _("Planerat slut (ÅÅÅÅ-MM-DD).")),
        ),
    ),
    Table(
        "assignments",
        _("Uppdragen nämnden har fått."),
        (
            EDITION,
            Column("assignment_id", _("Uppdragets id.")),
            Column("title", _("Uppdragets titel.")),
            Column("description", _("Beskrivning av uppdraget.")),
            Column("unit", _("Ansvarig enhet.")),
            Column("status", _("Statusens nyckel vid uppföljningen.")),
            Column("status_label", _("Statusen i ord.")),
            Column("comment", _("Kommentaren vid uppföljningen.")),
        ),
    ),
)
TABLE = {table.key: table for table in TABLES}


def _key(choice: dict | None) -> str:
    return choice["key"] if choice else ""


def _label(choice: dict | None) -> str:
    return choice["label"] if choice else ""


def _flag(value) -> str:
    return "true" if value else "false"


def edition_tables(edition: Edition) -> dict[str, list[dict]]:
    """The edition's rows of every table, as {table key: [row as {column key: value}]}.

    Values are texts, whole numbers, or None for nothing; decimals stay texts with a point."""
    snapshot = edition.snapshot
    plan = snapshot["plan"]
    period = snapshot["period"]
    summary = snapshot.get("summary") or {}
    units = {unit["id"]: unit["name"] for unit in snapshot.get("units", [])}
    levels = {level["key"]: level["name"] for level in snapshot.get("levels", [])}
    key = edition.key
    tables: dict[str, list[dict]] = {table.key: [] for table in TABLES}
    tables["editions"].append(
        {
            "edition": key,
            "municipality": snapshot["municipality"]["name"],
            "board_slug": plan["board"]["slug"],
            "board": plan["board"]["name"],
            "year": plan["year"],
            "title": plan["title"],
            "kind": "plan" if period is None else "followup",
            "period_code": period["code"] if period else "",
            "period_name": period["name"] if period else "",
            "period_ends_on": period["ends_on"] if period else "",
            "budget_period_start": (plan.get("budget_period") or [None, None])[0],
            "budget_period_end": (plan.get("budget_period") or [None, None])[1],
            "decision": plan.get("decision", ""),
            "summary": summary.get("sentence", ""),
            "published_at": edition.publication.published_at.isoformat(),
        }
    )

    def activity_row(activity: dict, goal_id: int | None) -> dict:
        return {
            "edition": key,
            "activity_id": activity["id"],
            "goal_id": goal_id,
            "title": activity["title"],
            "kind": activity.get("kind", ""),
            "kind_label": activity.get("kind_label", ""),
            "unit": units.get(activity.get("unit"), ""),
            "collaborators": activity.get("collaborators", ""),
            "special_initiative": _flag(activity.get("special_initiative", goal_id is None)),
            "status": _key(activity.get("status")),
            "status_label": _label(activity.get("status")),
            "comment": activity.get("comment", ""),
            "planned_start": activity.get("planned_start") or "",
            "planned_end": activity.get("planned_end") or "",
        }

    for goal in snapshot.get("goals", []):
        tables["goals"].append(
            {
                "edition": key,
                "goal_id": goal["id"],
                "parent_id": goal.get("parent"),
                "number": goal.get("number", ""),
                "heading": goal.get("heading", ""),
                "title": goal.get("title", ""),
                "level": goal.get("level", ""),
                "level_name": levels.get(goal.get("level"), ""),
                "depth": goal.get("depth"),
                "unit": units.get(goal.get("unit"), ""),
                "texts": "\n\n".join(f"{text['label']}: {text['text']}" for text in goal.get("texts", [])),
                "sdgs": "; ".join(f"{sdg['number']} {sdg['name']}" for sdg in goal.get("sdgs", [])),
                "assessment": _key(goal.get("assessment")),
                "assessment_label": _label(goal.get("assessment")),
                "reason": goal.get("reason", ""),
                "analysis": goal.get("analysis", ""),
                "actions": goal.get("actions", ""),
            }
        )
        for indicator in goal.get("indicators", []):
            tables["indicators"].append(
                {
                    "edition": key,
                    "indicator_id": indicator["id"],
                    "goal_id": goal["id"],
                    "name": indicator["name"],
                    "unit": indicator.get("unit", ""),
                    "source": indicator.get("source", ""),
                    "target": indicator.get("target", ""),
                    "higher_is_better": _flag(indicator.get("higher_is_better")),
                    "status_year": indicator.get("year"),
                    "status": _key(indicator.get("status")),
                    "status_label": _label(indicator.get("status")),
                    "trend": _key(indicator.get("trend")),
                    "trend_label": _label(indicator.get("trend")),
                }
            )
            for value in indicator.get("values", []):
                tables["indicator_values"].append(
                    {
                        "edition": key,
                        "indicator_id": indicator["id"],
                        "goal_id": goal["id"],
                        "year": value["year"],
                        "value": value.get("value"),
                        "nation": value.get("nation"),
                        "missing_reason": value.get("missing_reason", ""),
                    }
                )
        for activity in goal.get("activities", []):
            tables["activities"].append(activity_row(activity, goal["id"]))
    for activity in snapshot.get("special_initiatives", []):
        tables["activities"].append(activity_row(activity, None))
    for assignment in snapshot.get("assignments", []):
        tables["assignments"].append(
            {
                "edition": key,
                "assignment_id": assignment["id"],
                "title": assignment["title"],
                "description": assignment.get("description", ""),
                "unit": units.get(assignment.get("unit"), ""),
                "status": _key(assignment.get("status")),
                "status_label": _label(assignment.get("status")),
                "comment": assignment.get("comment", ""),
            }
        )
    return tables


def editions_tables(editions: list[Edition]) -> dict[str, list[dict]]:
    """The rows of many editions, table by table, in the editions' order."""
    tables: dict[str, list[dict]] = {table.key: [] for table in TABLES}
    for edition in editions:
        for name, rows in edition_tables(edition).items():
            tables[name].extend(rows)
    return tables
