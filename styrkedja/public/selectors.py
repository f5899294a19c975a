"""Reads over a publication's snapshot: the goals a visitor filters and searches, one goal, the
values the filters offer. The snapshot is all the public pages read of a plan, so nothing that
was not published can show; these functions never touch the plan's own tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NO_ASSESSMENT = "none"  # the filter's value for goals without an assessment


@dataclass(frozen=True)
class GoalFilter:
    """What a visitor asked for in the edition's GET form; empty: everything."""

    level: str = ""
    assessment: str = ""
    unit: str = ""
    sdg: str = ""
    query: str = ""

    @classmethod
    def from_query(cls, query) -> GoalFilter:
        def value(name: str) -> str:
            return (query.get(name) or "").strip()[:200]

        return cls(
            level=value("level"), assessment=value("assessment"), unit=value("unit"), sdg=value("sdg"),
            query=value("q"),
        )  # fmt: skip

    @property
    def active(self) -> bool:
        return any((self.level, self.assessment, self.unit, self.sdg, self.query))


@dataclass
class FilterOptions:
    levels: list[dict] = field(default_factory=list)
    assessments: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    sdgs: list[dict] = field(default_factory=list)


def _goal_words(goal: dict) -> str:
    """A goal's searchable text: its heading, title and texts, and its activities' titles and comments."""
    parts = [goal.get("heading", ""), goal.get("title", ""), goal.get("reason", ""), goal.get("analysis", "")]
    parts += [goal.get("actions", "")]
    parts += [text.get("text", "") for text in goal.get("texts", [])]
    for activity in goal.get("activities", []):
        parts += [activity.get("title", ""), activity.get("comment", "")]
    return " ".join(part for part in parts if part).casefold()


def _units_of(goal: dict) -> set[str]:
    units = {goal.get("unit")} | {activity.get("unit") for activity in goal.get("activities", [])}
    return {str(unit) for unit in units if unit is not None}


def _matches(goal: dict, wanted: GoalFilter) -> bool:
    if wanted.level and goal.get("level") != wanted.level:
        return False
    if wanted.assessment:
        key = (goal.get("assessment") or {}).get("key") or NO_ASSESSMENT
        if key != wanted.assessment:
            return False
    if wanted.unit and wanted.unit not in _units_of(goal):
        return False
    if wanted.sdg and wanted.sdg not in {str(sdg.get("number")) for sdg in goal.get("sdgs", [])}:
        return False
    if wanted.query:
        words = _goal_words(goal)
        return all(word in words for word in wanted.query.casefold().split())
    return True


def goals_filtered(*, snapshot: dict, wanted: GoalFilter) -> list[dict]:
    """The snapshot's goals that meet every part of ``wanted``, in tree order."""
    return [goal for goal in snapshot.get("goals", []) if _matches(goal, wanted)]


def hits_sentence(*, count: int, wanted: GoalFilter) -> str:
    """The number of hits in words, and what an empty result means."""
    if count == 0:
        return _("Inga mål matchar sökningen och filtren. Ta bort ett filter eller sök på ett annat ord.")
    if not wanted.active:
        return ngettext("Planen har %(count)d mål.", "Planen har %(count)d mål.", count) % {"count": count}
    return ngettext("%(count)d mål matchar.", "%(count)d mål matchar.", count) % {"count": count}


def filter_options(*, snapshot: dict) -> FilterOptions:
    """The choices the filters offer: only values that some goal of the snapshot has."""
    goals = snapshot.get("goals", [])
    used_levels = {goal.get("level") for goal in goals}
    used_units = set().union(*(_units_of(goal) for goal in goals)) if goals else set()
    sdgs = {}
    for goal in goals:
        for sdg in goal.get("sdgs", []):
            sdgs[sdg["number"]] = sdg["name"]
    assessments = [step for step in snapshot.get("scale", [])]
    if any(not goal.get("assessment") for goal in goals) and snapshot.get("period"):
        assessments.append({"key": NO_ASSESSMENT, "label": _("Ingen bedömning"), "symbol": ""})
    return FilterOptions(
        levels=[level for level in snapshot.get("levels", []) if level["key"] in used_levels],
        assessments=assessments if snapshot.get("period") else [],
        units=[unit for unit in snapshot.get("units", []) if str(unit["id"]) in used_units],
        sdgs=[{"number": number, "name": name} for number, name in sorted(sdgs.items())],
    )


def goal_get(*, snapshot: dict, goal_id: int) -> dict | None:
    return next((goal for goal in snapshot.get("goals", []) if goal.get("id") == goal_id), None)


def goal_ancestors(*, snapshot: dict, goal: dict) -> list[dict]:
    """The goal's parents, the top one first (for the breadcrumbs)."""
    by_id = {item["id"]: item for item in snapshot.get("goals", [])}
    found, parent = [], goal.get("parent")
    while parent is not None and parent in by_id and len(found) < 50:
        found.insert(0, by_id[parent])
        parent = by_id[parent].get("parent")
    return found


def goal_children(*, snapshot: dict, goal: dict) -> list[dict]:
    return [item for item in snapshot.get("goals", []) if item.get("parent") == goal["id"]]


def units_by_id(*, snapshot: dict) -> dict[int, dict]:
    return {unit["id"]: unit for unit in snapshot.get("units", [])}


def level_names(*, snapshot: dict) -> dict[str, str]:
    return {level["key"]: level["name"] for level in snapshot.get("levels", [])}
