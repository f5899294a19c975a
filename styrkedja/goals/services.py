"""Writes of goals: their texts, changed with a record of before and after."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.audit.services import audit_log
from styrkedja.goals.models import Goal

GOAL_TEXT_FIELDS = ("title", "text", "measurable", "baseline", "motivation", "way_forward", "followup_text")


class GoalChanged(ValidationError):
    """Someone changed the texts after the form was opened; nothing is saved."""


def goal_texts_fingerprint(goal: Goal) -> str:
    """A short digest of the goal's texts and responsible unit: what an edit form was based on."""
    joined = "\x1f".join([*(getattr(goal, name) for name in GOAL_TEXT_FIELDS), str(goal.responsible_unit_id)])
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


@transaction.atomic
def goal_texts_update(*, goal: Goal, user=None, fingerprint: str | None = None, **texts: str) -> Goal:
    """Change some of the goal's texts. With ``fingerprint``, a change made in between is refused."""
    unknown = set(texts) - set(GOAL_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not goal texts: {sorted(unknown)}")
    texts = {name: text_limits.normalised(text) for name, text in texts.items()}
    errors = {
        name: message
        for name, text in texts.items()
        if (message := text_limits.too_long(text, Goal._meta.get_field(name).max_length))
    }
    if errors:
        raise ValidationError(errors)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    title, text = (texts.get(name, getattr(goal, name)).strip() for name in ("title", "text"))
    if not title and not text:
        raise ValidationError({"text": _("Skriv vad målet är: ett mål måste ha en måltext eller en rubrik.")})
    if fingerprint is not None and fingerprint != goal_texts_fingerprint(goal):
        raise GoalChanged(
            _("Målets texter ändrades av någon annan medan du skrev. Jämför och spara igen."),
        )
    changed = {
        name: [getattr(goal, name), value] for name, value in texts.items() if getattr(goal, name) != value
    }
    if not changed:
        return goal
    for name, (_before, after) in changed.items():
        setattr(goal, name, after)
    goal.save(update_fields=list(changed))
    audit_log(municipality=goal.municipality, action="goals.goal.changed", obj=goal, user=user, data=changed)
    return goal


@transaction.atomic
def goal_responsible_unit_set(*, goal: Goal, unit, user=None) -> Goal:
    """The unit that follows the goal up: its rapportörer may then comment and assess it."""
    if unit is not None and unit.municipality_id != goal.municipality_id:
        raise ValidationError({"responsible_unit": _("Välj en enhet i den egna kommunen.")})
    goal = Goal.objects.select_for_update(of=("self",)).select_related("responsible_unit").get(pk=goal.pk)
    if goal.responsible_unit_id == (unit.pk if unit else None):
        return goal
    before = goal.responsible_unit.name if goal.responsible_unit else None
    goal.responsible_unit = unit
    goal.save(update_fields=["responsible_unit"])
    audit_log(
        municipality=goal.municipality,
        action="goals.goal.changed",
        obj=goal,
        user=user,
        data={"responsible_unit": [before, unit.name if unit else None]},
    )
    return goal


def goal_placement_problems(*, goal: Goal, level, parent, title: str, text: str) -> dict[str, str]:
    """What is wrong with a goal's place in the tree and its texts, per field, in Swedish."""
    problems: dict[str, str] = {}
    if not (title or "").strip() and not (text or "").strip():
        problems["text"] = _("Skriv vad målet är: ett mål måste ha en måltext eller en rubrik.")
    if parent is None or level is None:
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
