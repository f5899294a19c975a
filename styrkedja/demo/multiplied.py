"""A municipality that holds another's plans many times over: data to measure growth with.

The query-count test asks every URL of a municipality that holds the Mjölby plans once and of
one that holds them ten times, and the benchmarks time pages and documents against the same
ten-fold data. Both are made the same way: the source municipality written as a data file
(``plandata.exporter``), every plan's content and the organisation repeated in the mapping, and
the mapping read in by the data file loader, so that everything the loader knows (goals,
indicators, activities, reports, assignments, surveys, meetings, economy) is multiplied and
nothing is left out because this module forgot it.

Copy 1 is the source as it is; copy n (from 2) has every unit, partner, goal key, assignment key
and title marked " (n)", and its content uses copy n of the organisation. The boards (units with
a slug, which name the plans) are not copied.
"""

from __future__ import annotations

import copy
from typing import Any

from styrkedja.plandata.exporter import municipality_data, plan_data
from styrkedja.plandata.loader import load_plan_data
from styrkedja.tenancy.models import Municipality


def municipality_multiplied(source: Municipality, *, fold: int, slug: str, name: str) -> Municipality:
    """A new municipality ``slug`` whose plans hold each of ``source``'s plans ``fold`` times."""
    plans = [plan_data(plan)["plans"][0] for plan in source.plans.order_by("year", "pk")]
    data = _Multiplier(municipality_data(source), plans, fold).run()
    data["municipality"] |= {"slug": slug, "name": name}
    return load_plan_data(data, source=f"{source.slug} × {fold}").municipality


def marked(text: str, n: int) -> str:
    return text if n == 1 else f"{text} ({n})"


class _Multiplier:
    def __init__(self, municipality: dict[str, Any], plans: list[dict[str, Any]], fold: int):
        self.municipality, self.plans, self.fold = municipality, plans, fold
        self.unit_names: set[str] = set()  # the units that are copied (every one but the boards)
        self.goal_keys: set[str] = set()
        self.assignment_keys: set[str] = set()

    def run(self) -> dict[str, Any]:
        copies = range(1, self.fold + 1)
        organisation = self.municipality
        organisation["units"] = self.units(organisation.get("units", []))
        organisation["partners"] = [
            {"name": marked(partner["name"], n)}
            for n in copies
            for partner in organisation.get("partners", [])
        ]
        return {"municipality": organisation, "plans": [self.plan(plan) for plan in self.plans]}

    # The organisation -----------------------------------------------------------------------------

    def units(self, nodes: list[dict]) -> list[dict]:
        """Boards stay once, with their children copied; every other unit is copied beside itself."""
        result = []
        for node in nodes:
            if node.get("slug"):
                result.append({**node, "children": self.units(node.get("children", []))})
            else:
                self._remember_units(node)
                result.extend(self.unit_copy(node, n) for n in range(1, self.fold + 1))
        return result

    def _remember_units(self, node: dict) -> None:
        self.unit_names.add(node["name"])
        for child in node.get("children", []):
            self._remember_units(child)

    def unit_copy(self, node: dict, n: int) -> dict:
        if n == 1:
            return node
        unit = {key: value for key, value in node.items() if key not in ("short_name", "slug")}
        unit["name"] = marked(node["name"], n)
        unit["children"] = [self.unit_copy(child, n) for child in node.get("children", [])]
        return unit

    def unit(self, name: str, n: int) -> str:
        return marked(name, n) if name in self.unit_names else name

    # A plan ---------------------------------------------------------------------------------------

    def plan(self, plan: dict) -> dict:
        self.goal_keys = set(self._keys(plan.get("goals", [])))
        self.assignment_keys = {item["key"] for item in plan.get("assignments", []) if item.get("key")}
        copies = range(1, self.fold + 1)
        result = dict(plan)
        result["goals"] = [self.goal(goal, n) for n in copies for goal in plan.get("goals", [])]
        result["special_initiatives"] = [
            self.activity(item, n) for n in copies for item in plan.get("special_initiatives", [])
        ]
        result["surveys"] = [
            {**survey, "unit": self.unit(survey["unit"], n)}
            for n in copies
            for survey in plan.get("surveys", [])
        ]
        result["assignments"] = [
            {
                **item,
                "key": marked(item["key"], n) if item.get("key") else "",
                "title": marked(item["title"], n),
                "goal": self.goal_key(item.get("goal", ""), n),
                **({"responsible": self.unit(item["responsible"], n)} if item.get("responsible") else {}),
            }
            for n in copies
            for item in plan.get("assignments", [])
        ]
        result["meetings"] = [
            {
                **meeting,
                "items": [self.meeting_item(item, n) for n in copies for item in meeting.get("items", [])],
            }
            for meeting in plan.get("meetings", [])
        ]
        # A sector that is a board is not copied, as the board is not: its lines are.
        result["sectors"] = [
            self.sector(sector, n)
            for sector in plan.get("sectors", [])
            for n in copies
            if self.copied(sector, n)
        ]
        investments = plan.get("investments") or {}
        if investments.get("projects"):
            result["investments"] = {
                **investments,
                "projects": [self.project(p, n) for n in copies for p in investments["projects"]],
            }
        return {key: value for key, value in result.items() if value not in ([], {}, "")}

    def _keys(self, goals: list[dict]):
        for goal in goals:
            yield goal["key"]
            yield from self._keys(goal.get("children", []))

    def goal_key(self, key: str, n: int) -> str:
        return marked(key, n) if key in self.goal_keys else key

    def goal(self, goal: dict, n: int) -> dict:
        if n == 1:
            return goal
        result = copy.deepcopy(goal)
        result["key"] = marked(goal["key"], n)
        if goal.get("number"):
            result["number"] = f"{goal['number']}.{n}"
        if goal.get("responsible"):
            result["responsible"] = self.unit(goal["responsible"], n)
        if goal.get("contributes_to"):
            result["contributes_to"] = [self.goal_key(key, n) for key in goal["contributes_to"]]
        result["activities"] = [self.activity(item, n) for item in goal.get("activities", [])]
        result["children"] = [self.goal(child, n) for child in goal.get("children", [])]
        return {key: value for key, value in result.items() if value != []}

    def activity(self, activity: dict, n: int) -> dict:
        if n == 1:
            return activity
        result = copy.deepcopy(activity)
        result["title"] = marked(activity["title"], n)
        result["responsible"] = self.unit(activity["responsible"], n)
        if activity.get("co_responsible"):
            result["co_responsible"] = sorted(self.unit(name, n) for name in activity["co_responsible"])
        collaborators = []
        for item in activity.get("collaborators", []):
            if "unit" in item:
                collaborators.append({"unit": self.unit(item["unit"], n)})
            elif "partner" in item:
                collaborators.append({"partner": marked(item["partner"], n)})
            else:
                collaborators.append(item)
        if collaborators:
            result["collaborators"] = collaborators
        return result

    def meeting_item(self, item: dict, n: int) -> dict:
        result = dict(item)
        if item.get("goal"):
            result["goal"] = self.goal_key(item["goal"], n)
        if item.get("assignment"):
            key = item["assignment"]
            result["assignment"] = marked(key, n) if key in self.assignment_keys else key
        return result

    def copied(self, sector: dict, n: int) -> bool:
        return n == 1 or sector["unit"] in self.unit_names

    def sector(self, sector: dict, n: int) -> dict:
        if sector["unit"] in self.unit_names:
            return {**sector, "unit": self.unit(sector["unit"], n)}
        lines = sector.get("lines", [])
        return {
            **sector,
            "lines": [
                {**line, "name": marked(line["name"], m)} for m in range(1, self.fold + 1) for line in lines
            ],
        }

    def project(self, project: dict, n: int) -> dict:
        if n == 1:
            return project
        return {
            **project,
            "name": marked(project["name"], n),
            "children": [self.project(child, n) for child in project.get("children", [])],
        }
