"""Writes of activities: a rapportör's proposal of a new activity, and the controller's decision on it.

A proposal is not part of the plan: it is kept apart (``ActivityProposal``) and becomes an
``Activity`` only when a controller or administratör accepts it. Every function checks its rules
and raises ``ValidationError`` with Swedish messages, as ``{field: message}``, before it writes
anything; every write is in the audit log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.activities.choices import ActivityKind, ProposalState
from styrkedja.activities.models import Activity, ActivityProposal
from styrkedja.audit.services import audit_log
from styrkedja.audit.snapshots import created, field_values
from styrkedja.goals.models import Goal
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_edit_refusal
from styrkedja.tenancy.models import OrgUnit
from styrkedja.tenancy.permissions import can_manage_plans, can_propose_activity, reporting_units

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _proposal_errors(
    *,
    plan: Plan,
    user: User,
    title: str,
    kind: str,
    goal: Goal | None,
    is_special_initiative: bool,
    responsible_unit: OrgUnit | None,
    co_responsible_units: list[OrgUnit],
    motivation: str,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Skriv vad aktiviteten är, med en kort beskrivning.")
    elif message := text_limits.too_long(title, text_limits.TITLE):
        errors["title"] = message
    if kind not in ActivityKind.values:
        errors["kind"] = _("Välj en av typerna i listan.")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Välj ett av planens mål.")
    elif goal is None and not is_special_initiative:
        errors["goal"] = _("Välj det mål aktiviteten hör till, eller markera den som särskild satsning.")
    if responsible_unit is None:
        errors["responsible_unit"] = _("Välj den enhet som ska ansvara för aktiviteten.")
    elif responsible_unit.municipality_id != plan.municipality_id:
        errors["responsible_unit"] = _("Välj en enhet i den egna kommunen.")
    elif not can_manage_plans(user, plan.municipality) and responsible_unit.pk not in reporting_units(user):
        errors["responsible_unit"] = _(
            "Du kan bara föreslå aktiviteter för dina egna enheter och enheterna under dem. Välj en av dem."
        )
    if any(unit.municipality_id != plan.municipality_id for unit in co_responsible_units):
        errors["co_responsible_units"] = _("Välj bara enheter i den egna kommunen.")
    elif responsible_unit is not None and responsible_unit in co_responsible_units:
        errors["co_responsible_units"] = _("Den ansvariga enheten ska inte också stå som medansvarig.")
    if message := text_limits.too_long(motivation, text_limits.COMMENT):
        errors["motivation"] = message
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("Det planerade slutet kan inte ligga före den planerade starten.")
    return errors


@transaction.atomic
def activity_propose(
    *,
    plan: Plan,
    user: User,
    title: str,
    responsible_unit: OrgUnit | None,
    kind: str = "",
    goal: Goal | None = None,
    is_special_initiative: bool = False,
    co_responsible_units: Iterable[OrgUnit] = (),
    motivation: str = "",
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
) -> ActivityProposal:
    """A new activity proposed for one of the proposer's units; the plan is unchanged until it is accepted."""
    if not can_propose_activity(user, plan.municipality):
        raise ValidationError(
            _("Bara kommunens rapportörer, controller och administratör får föreslå aktiviteter.")
        )
    title = text_limits.normalised(title).strip()
    motivation = text_limits.normalised(motivation).strip()
    co_responsible_units = list(co_responsible_units)
    errors = _proposal_errors(
        plan=plan,
        user=user,
        title=title,
        kind=kind,
        goal=goal,
        is_special_initiative=is_special_initiative,
        responsible_unit=responsible_unit,
        co_responsible_units=co_responsible_units,
        motivation=motivation,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    if errors:
        raise ValidationError(errors)
    proposal = ActivityProposal.objects.create(
        plan=plan,
        goal=goal,
        is_special_initiative=is_special_initiative,
        title=title,
        kind=kind,
        responsible_unit=responsible_unit,
        motivation=motivation,
        planned_start=planned_start,
        planned_end=planned_end,
        proposed_by=user,
    )
    proposal.co_responsible_units.set(co_responsible_units)
    audit_log(
        municipality=plan.municipality,
        action="activities.proposal.created",
        obj=proposal,
        user=user,
        data=created(field_values(proposal)),
    )
    return proposal


def _locked(proposal: ActivityProposal) -> ActivityProposal:
    """The proposal as the database holds it now, locked until the transaction ends: of two
    controllers deciding at once, the second sees the first one's decision."""
    return (
        ActivityProposal.objects.select_for_update(of=("self",))
        .select_related("plan__municipality", "goal", "responsible_unit")
        .get(pk=proposal.pk)
    )


def _undecided(proposal: ActivityProposal) -> None:
    if proposal.state == ProposalState.ACCEPTED:
        raise ValidationError(_("Förslaget är redan godkänt: aktiviteten finns i planen."))
    if proposal.state == ProposalState.DECLINED:
        raise ValidationError(_("Förslaget är redan avslaget."))


@transaction.atomic
def activity_proposal_accept(*, proposal: ActivityProposal, user: User) -> Activity:
    """Accept the proposal: the activity is made, last in the plan's order, with the proposal's fields."""
    proposal = _locked(proposal)
    plan = proposal.plan
    if not can_manage_plans(user, plan.municipality):
        raise ValidationError(_("Bara kommunens controller och administratör får godkänna förslag."))
    _undecided(proposal)
    if refusal := plan_edit_refusal(plan=plan):
        raise ValidationError(refusal)
    last = plan.activities.aggregate(last=Max("order"))["last"]
    activity = Activity.objects.create(
        plan=plan,
        goal=proposal.goal,
        is_special_initiative=proposal.is_special_initiative,
        title=proposal.title,
        kind=proposal.kind,
        responsible_unit=proposal.responsible_unit,
        planned_start=proposal.planned_start,
        planned_end=proposal.planned_end,
        order=0 if last is None else last + 1,
    )
    activity.co_responsible_units.set(proposal.co_responsible_units.all())
    audit_log(
        municipality=plan.municipality,
        action="activities.activity.created",
        obj=activity,
        user=user,
        data=created(field_values(activity)),
    )
    _decided(proposal, ProposalState.ACCEPTED, user=user, activity=activity)
    return activity


@transaction.atomic
def activity_proposal_decline(*, proposal: ActivityProposal, user: User, comment: str) -> ActivityProposal:
    """Decline the proposal, saying why; the plan is unchanged."""
    proposal = _locked(proposal)
    plan = proposal.plan
    if not can_manage_plans(user, plan.municipality):
        raise ValidationError(_("Bara kommunens controller och administratör får avslå förslag."))
    _undecided(proposal)
    comment = text_limits.normalised(comment).strip()
    if not comment:
        raise ValidationError({"comment": _("Skriv varför förslaget avslås: rapportören ser det.")})
    if message := text_limits.too_long(comment, text_limits.COMMENT):
        raise ValidationError({"comment": message})
    _decided(proposal, ProposalState.DECLINED, user=user, decision_comment=comment)
    return proposal


def _decided(proposal: ActivityProposal, state: ProposalState, *, user: User, **decision) -> None:
    """The controller's decision kept on the proposal, and in the audit log with what came of it."""
    proposal.state, proposal.decided_by, proposal.decided_at = state, user, timezone.now()
    for name, value in decision.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=["state", "decided_by", "decided_at", *decision])
    audit_log(
        municipality=proposal.plan.municipality,
        action=f"activities.proposal.{state.value}",
        obj=proposal,
        user=user,
        data={
            "state": [str(ProposalState.PROPOSED.label), str(state.label)],
            **{name: [None, str(value)] for name, value in decision.items()},
        },
    )
