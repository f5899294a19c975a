"""Rules of goals: where in the tree a goal may be, and what it must say (its writes are planning's)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styrkedja.goals.models import Goal

GOAL_TEXT_FIELDS = ("title", "text", "measurable", "baseline", "motivation", "way_forward", "followup_text")


def goal_placement_problems(
    *, goal: Goal, level, parent, title: str, text: str, contributes_to=()
) -> dict[str, str]:
    """What is wrong with a goal's place in the tree and its texts, per field, in Swedish."""
    problems: dict[str, str] = {}
    if not (title or "").strip() and not (text or "").strip():
        problems["text"] = _("Skriv vad målet är: ett mål måste ha en måltext eller en rubrik.")
    if level is None:
        return problems
    if any(other.pk == goal.pk or other.level.depth >= level.depth for other in contributes_to):
        problems["contributes_to"] = _(
            "Ett mål bidrar till mål på högre nivåer än sin egen (%(level)s), inte till sig självt."
        ) % {"level": level.name}
    if goal.pk is not None:
        highest_child = goal.children.select_related("level").order_by("level__depth").first()
        if highest_child is not None and highest_child.level.depth <= level.depth:
            problems["level"] = _(
                "Målet har delmål på nivån %(level)s: det måste ligga på en högre nivå än sina delmål."
            ) % {"level": highest_child.level.name}
    if parent is None:
        return problems
    if goal.pk is not None and (parent.pk == goal.pk or parent.pk in goal_descendant_ids(goal)):
        problems["parent"] = _("Ett mål kan inte ligga under sig självt eller under ett av sina delmål.")
    elif parent.level.depth >= level.depth:
        problems["parent"] = _(
            "Det överordnade målet (%(parent)s) ska ligga på en högre nivå än målet (%(level)s)."
        ) % {"parent": parent.level.name, "level": level.name}
    return problems


def goal_descendant_ids(goal: Goal) -> set[int]:
    """The ids of the goals under ``goal``, at any depth (one query per level of the tree)."""
    found: set[int] = set()
    frontier = {goal.pk}
    while frontier:
        frontier = set(Goal.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found
