"""The reviewer's corrections of a proposed plan: find an item, change it, move, merge or split it.

Functions over the proposal's plan mapping (see ``proposal.py``), without the database: the
services lock the import, apply one of these and record the change. Every item the reviewer may
touch has an id in its ``_review`` mapping ("m3" a goal, "a12" an activity, "i4" an indicator,
"u2" an assignment), given once when the document is read, so that an address stays the same
when items are moved, merged or split around it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from styrkedja.plan_import.proposal import REVIEW_KEY

GOAL, ACTIVITY, INDICATOR, ASSIGNMENT = "goal", "activity", "indicator", "assignment"
PREFIXES = {GOAL: "m", ACTIVITY: "a", INDICATOR: "i", ASSIGNMENT: "u"}
# The list of a goal that holds each kind of item.
LISTS = {ACTIVITY: "activities", INDICATOR: "indicators"}


@dataclass
class Located:
    kind: str
    item: dict[str, Any]
    siblings: list[dict[str, Any]]  # the list the item stands in
    goal: dict[str, Any] | None  # the goal it belongs to (a goal's parent goal), if any


def item_id(item: dict[str, Any]) -> str:
    return item.get(REVIEW_KEY, {}).get("id", "")


def items(plan: dict[str, Any]) -> Iterator[Located]:
    """Every goal, activity, indicator and assignment of the plan, goals before their parts."""

    def goals(siblings: list, parent: dict | None) -> Iterator[Located]:
        for goal in siblings:
            yield Located(GOAL, goal, siblings, parent)
            for kind, key in LISTS.items():
                for item in goal.get(key, []):
                    yield Located(kind, item, goal[key], goal)
            yield from goals(goal.get("children", []), goal)

    yield from goals(plan.get("goals", []), None)
    for item in plan.get("special_initiatives", []):
        yield Located(ACTIVITY, item, plan["special_initiatives"], None)
    for item in plan.get("assignments", []):
        yield Located(ASSIGNMENT, item, plan["assignments"], None)


def numbered(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan with an id in every item's ``_review``; ids given before are kept."""
    taken = {item_id(found.item) for found in items(plan)} - {""}
    counter = 0
    for found in items(plan):
        if item_id(found.item):
            continue
        while True:
            counter += 1
            candidate = f"{PREFIXES[found.kind]}{counter}"
            if candidate not in taken:
                break
        found.item.setdefault(REVIEW_KEY, {})["id"] = candidate
        taken.add(candidate)
    return plan


def item_find(plan: dict[str, Any], wanted: str) -> Located:
    for found in items(plan):
        if item_id(found.item) == wanted:
            return found
    raise ValidationError(_("Posten %(id)s finns inte i förslaget (längre).") % {"id": wanted})


def goals_listed(plan: dict[str, Any]) -> list[tuple[dict[str, Any], int]]:
    """The goals in document order, each with its depth (0 for the top level)."""
    listed: list[tuple[dict, int]] = []

    def walk(goals: list, depth: int) -> None:
        for goal in goals:
            listed.append((goal, depth))
            walk(goal.get("children", []), depth + 1)

    walk(plan.get("goals", []), 0)
    return listed


def goal_label(goal: dict[str, Any], headings: dict[str, Any] | None = None) -> str:
    """How a goal is named in a list: its level's heading with the number ("Nämndspecifikt mål 1",
    from ``headings``, the levels by key), then its title or the start of its text."""
    name = goal.get("title") or goal.get("text") or ""
    if len(name) > 90:
        name = name[:88].rstrip() + " …"
    level = (headings or {}).get(goal.get("level", ""))
    number = goal.get("number") or ""
    heading = level.heading_for(number) if level is not None else number
    if heading and name and name.lower() != heading.lower():
        return f"{heading}: {name}"
    return heading or name or _("Mål utan rubrik")


def checked(item: dict[str, Any]) -> None:
    """The reviewer has looked at the item and corrected what was wrong."""
    item.setdefault(REVIEW_KEY, {})["checked"] = True


def item_move(plan: dict[str, Any], wanted: str, goal_id: str) -> Located:
    """Move an activity or indicator to the end of another goal's list; an activity with no goal
    (``goal_id`` empty) to the särskilda satsningar."""
    found = item_find(plan, wanted)
    if found.kind not in LISTS:
        raise ValidationError(_("Bara aktiviteter och indikatorer kan flyttas till ett annat mål."))
    if not goal_id and found.kind == ACTIVITY:
        destination, goal = plan.setdefault("special_initiatives", []), None
    else:
        target = item_find(plan, goal_id) if goal_id else None
        if target is None or target.kind != GOAL:
            raise ValidationError(_("Välj ett mål att flytta till."))
        destination, goal = target.item.setdefault(LISTS[found.kind], []), target.item
    if goal is found.goal and destination is found.siblings:
        return found
    found.siblings.remove(found.item)
    destination.append(found.item)
    checked(found.item)
    return item_find(plan, wanted)


def item_merge(plan: dict[str, Any], wanted: str) -> dict[str, Any]:
    """Join the item to the one before it in the same list (one activity read as two rows); the
    one before keeps its fields, takes the item's text after its own and its collaborators."""
    found = item_find(plan, wanted)
    if found.kind == GOAL:
        raise ValidationError(_("Mål kan inte slås ihop; flytta deras aktiviteter i stället."))
    index = found.siblings.index(found.item)
    if index == 0:
        raise ValidationError(_("Det finns ingen post före denna att slå ihop den med."))
    before, item = found.siblings[index - 1], found.item
    text_field = "name" if found.kind == INDICATOR else "title"
    before[text_field] = " ".join(part for part in (before.get(text_field), item.get(text_field)) if part)
    if found.kind == ASSIGNMENT and item.get("description"):
        before["description"] = "\n\n".join(
            part for part in (before.get("description"), item["description"]) if part
        )
    for collaborator in item.get("collaborators", []):
        if collaborator not in before.setdefault("collaborators", []):
            before["collaborators"].append(collaborator)
    if not before.get("responsible") and item.get("responsible"):
        before["responsible"] = item["responsible"]
    found.siblings.pop(index)
    checked(before)
    return before


def item_split(plan: dict[str, Any], wanted: str, at: str) -> dict[str, Any]:
    """Split the item's title where ``at`` begins (two activities read as one): the first part
    stays, the rest becomes a new item after it with the same other fields."""
    found = item_find(plan, wanted)
    if found.kind == GOAL:
        raise ValidationError(_("Mål kan inte delas; lägg till det nya målet i planen efter inläsningen."))
    text_field = "name" if found.kind == INDICATOR else "title"
    title = found.item.get(text_field) or ""
    at = " ".join(at.split())
    position = title.find(at) if at else -1
    if position <= 0:
        raise ValidationError(
            _(
                "”%(at)s” står inte inne i rubriken (efter dess början); skriv orden som den andra "
                "delen börjar med."
            )
            % {"at": at}
        )
    second = copy.deepcopy(found.item)
    found.item[text_field] = title[:position].strip()
    second[text_field] = title[position:].strip()
    del second[REVIEW_KEY]["id"]
    checked(found.item)
    checked(second)
    found.siblings.insert(found.siblings.index(found.item) + 1, second)
    numbered(plan)
    return second


def unit_names(plan: dict[str, Any]) -> set[str]:
    """Every unit the plan names: responsible, co-responsible and collaborating units."""
    names: set[str] = set()
    for found in items(plan):
        item = found.item
        if item.get("responsible"):
            names.add(item["responsible"])
        names.update(item.get("co_responsible", []))
        names.update(part["unit"] for part in item.get("collaborators", []) if part.get("unit"))
    return names


def unit_renamed(plan: dict[str, Any], old: str, new: str) -> int:
    """Name the unit ``new`` wherever the plan names ``old``; how many items changed."""
    changed = 0
    for found in items(plan):
        item, touched = found.item, False
        if item.get("responsible") == old:
            item["responsible"], touched = new, True
        if old in item.get("co_responsible", []):
            item["co_responsible"] = [new if name == old else name for name in item["co_responsible"]]
            touched = True
        for part in item.get("collaborators", []):
            if part.get("unit") == old:
                part["unit"], touched = new, True
        changed += touched
    return changed


def counts(plan: dict[str, Any]) -> dict[str, int]:
    found = [located.kind for located in items(plan)]
    return {kind: found.count(kind) for kind in PREFIXES}
