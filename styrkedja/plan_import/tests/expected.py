"""What the demo data files hold, to compare the readings with."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from styrkedja.plan_import.words import STATUS_WORDS

CODES = {"done": "Klart", "ongoing": "Pågår", "not_started": "Ej inledd"}

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "styrkedja" / "documents" / "tests" / "seeds"
DATA = REPO / "styrkedja" / "demo" / "data"


def demo(name: str) -> dict:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


def seed(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


def words(text) -> str:
    return " ".join(str(text or "").split())


def units_by_any_name(data: dict) -> dict[str, str]:
    names: dict[str, str] = {}

    def walk(units):
        for unit in units:
            names[unit["name"]] = unit["name"]
            if unit.get("short_name"):
                names[unit["short_name"]] = unit["name"]
            walk(unit.get("children", []))

    walk(data["municipality"]["units"])
    return names


def activity_row(activity: dict, units: dict[str, str], period: str | None) -> tuple:
    """The fields a document shows of an activity, in one comparable form."""
    status = ""
    for report in activity.get("reports", []):
        if period is None or report.get("period") == period:
            status = str(report.get("status", ""))
            status = CODES.get(status, STATUS_WORDS.get(status.lower(), status))
    collaborators = []
    for item in activity.get("collaborators", []):
        if "unit" in item:
            collaborators.append(("unit", units.get(item["unit"], item["unit"])))
        elif "partner" in item:
            collaborators.append(("partner", item["partner"]))
        else:
            collaborators.append(("text", item["text"]))
    return (
        words(activity["title"]),
        activity.get("kind", ""),
        status,
        units.get(activity.get("responsible", ""), activity.get("responsible", "")),
        tuple(collaborators),
    )


def all_activities(plan: dict) -> list[dict]:
    found = []

    def walk(goals):
        for goal in goals:
            found.extend(goal.get("activities", []))
            walk(goal.get("children", []))

    walk(plan.get("goals", []))
    return found + list(plan.get("special_initiatives", []))


def all_goals(plan: dict) -> list[dict]:
    found = []

    def walk(goals):
        for goal in goals:
            found.append(goal)
            walk(goal.get("children", []))

    walk(plan.get("goals", []))
    return found


def stripped(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
