"""Writes of plans: a new plan, its adoption and revisions, and carrying a plan over into next year.

Every function checks its rules and raises ``ValidationError`` with Swedish messages (a dict
``{field: message}`` where a field is at fault) before it writes anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.audit.services import audit_log
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import carry_over_candidates
from styrkedja.goals.models import Goal
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.plans.models import REPORT_PARTS, Plan, PlanDecision
from styrkedja.plans.selectors import plan_decision_latest
from styrkedja.plans.versions import plan_diff, plan_snapshot
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import Municipality, OrgUnit

# The follow-up periods of a new, empty plan: the tertials, the second and third with the
# municipality's interim and annual report (a carried-over plan keeps its predecessor's).
DEFAULT_PERIODS = (
    ("T1", "T1", (4, 30)),
    ("T2", "T2 – Delårsbokslut", (8, 31)),
    ("T3", "T3 – Årsredovisning", (12, 31)),
)


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def _copy_goals(plan: Plan, new_plan: Plan) -> dict[int, Goal]:
    """Copy the goal tree with its texts and indicators (with their baselines); return old pk → new goal.

    Written in bulk, a generation of the tree at a time (a parent needs its key before its
    children are written): the number of queries follows the depth of the municipality's levels,
    not the number of goals."""
    goals = list(
        plan.goals.select_related("level")
        .prefetch_related("contributes_to", "sdgs", "indicators__values")
        .order_by("level__depth", "order", "id")
    )
    mapping: dict[int, Goal] = {}
    remaining = goals
    while remaining:
        generation = [goal for goal in remaining if goal.parent_id is None or goal.parent_id in mapping]
        if not generation:  # a parent outside the plan: the rest go in as they are
            generation = remaining
        copies = Goal.objects.bulk_create(_goal_copy(goal, new_plan, mapping) for goal in generation)
        mapping |= {goal.pk: copy for goal, copy in zip(generation, copies, strict=True)}
        done = {goal.pk for goal in generation}
        remaining = [goal for goal in remaining if goal.pk not in done]
    # A goal may contribute to a vision area (no plan) or to a goal of the same plan.
    Goal.contributes_to.through.objects.bulk_create(
        Goal.contributes_to.through(from_goal=mapping[goal.pk], to_goal=mapping.get(target.pk, target))
        for goal in goals
        for target in goal.contributes_to.all()
    )
    Goal.sdgs.through.objects.bulk_create(
        Goal.sdgs.through(goal=mapping[goal.pk], sustainabledevelopmentgoal=sdg)
        for goal in goals
        for sdg in goal.sdgs.all()
    )
    _copy_indicators([indicator for goal in goals for indicator in goal.indicators.all()], mapping)
    return mapping


def _copy_of(obj: models.Model, **changes) -> models.Model:
    """A new, unsaved row with ``obj``'s fields but its key, and ``changes`` (by attribute name:
    ``plan_id``, ``goal``): a field added to the model later is carried over without a change here."""
    fields = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    fields.pop(obj._meta.pk.attname)
    return type(obj)(**(fields | changes))


def _goal_copy(goal: Goal, new_plan: Plan, mapping: dict[int, Goal]) -> Goal:
    parent_id = mapping[goal.parent_id].pk if goal.parent_id in mapping else goal.parent_id
    return _copy_of(goal, plan_id=new_plan.pk, parent_id=parent_id)


def _copy_indicators(indicators: list[Indicator], goals: dict[int, Goal]) -> None:
    copies = Indicator.objects.bulk_create(
        _copy_of(indicator, goal_id=goals[indicator.goal_id].pk) for indicator in indicators
    )
    IndicatorValue.objects.bulk_create(
        _copy_of(value, indicator_id=copy.pk)
        for indicator, copy in zip(indicators, copies, strict=True)
        for value in indicator.values.all()
    )


@transaction.atomic
def plan_carry_over(*, plan: Plan, activities: Iterable[Activity] | None = None, user=None) -> Plan:
    """Create next year's plan of the same board from ``plan``.

    The goal tree, its indicators and the follow-up periods are copied; of the
    activities, the chosen unfinished ones (by default all unfinished) go along,
    each linked to the activity it was carried over from.
    """
    year = plan.year + 1
    if Plan.objects.filter(board=plan.board, year=year).exists():
        raise ValidationError(
            _("Det finns redan en plan för %(board)s år %(year)s.") % {"board": plan.board, "year": year}
        )
    candidates = {activity.pk: activity for activity in carry_over_candidates(plan=plan)}
    if activities is None:
        chosen = list(candidates.values())
    else:
        chosen = list(activities)
        for activity in chosen:
            if activity.pk not in candidates:
                raise ValidationError(
                    _("Aktiviteten ”%(title)s” är klar eller hör inte till planen och kan inte överföras.")
                    % {"title": activity.title[:80]}
                )

    span = plan.budget_period_end - plan.budget_period_start
    new_plan = Plan.objects.create(
        municipality=plan.municipality,
        board=plan.board,
        year=year,
        title=plan.title.replace(str(plan.year), str(year))
        if str(plan.year) in plan.title
        else f"{plan.title} {year}",
        budget_period_start=year,
        budget_period_end=year + span,
        carried_over_from=plan,
    )
    goals = _copy_goals(plan, new_plan)
    FollowUpPeriod.objects.bulk_create(
        FollowUpPeriod(
            plan=new_plan,
            code=period.code,
            name=period.name,
            ends_on=_shift_year(period.ends_on, 1),
            description=period.description,
        )
        for period in plan.periods.all()
    )
    _carry_activities(chosen, new_plan, goals)
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.carried_over",
        obj=new_plan,
        user=user,
        data={"from_plan": plan.pk, "activities": [activity.pk for activity in chosen]},
    )
    return new_plan


def _carry_activities(chosen: list[Activity], new_plan: Plan, goals: dict[int, Goal]) -> None:
    """The chosen activities into the new plan, in bulk, each linked to the one it was carried over from."""
    prefetch_related_objects(chosen, "co_responsible_units", "collaborators")
    copies = Activity.objects.bulk_create(
        _copy_of(
            activity,
            plan_id=new_plan.pk,
            goal_id=goals[activity.goal_id].pk if activity.goal_id in goals else None,
            carried_over_from_id=activity.pk,
            order=order,
        )
        for order, activity in enumerate(chosen, start=1)
    )
    pairs = list(zip(chosen, copies, strict=True))
    Activity.co_responsible_units.through.objects.bulk_create(
        Activity.co_responsible_units.through(activity=copy, orgunit=unit)
        for activity, copy in pairs
        for unit in activity.co_responsible_units.all()
    )
    ActivityCollaborator.objects.bulk_create(
        ActivityCollaborator(
            activity=copy, unit_id=c.unit_id, partner_id=c.partner_id, text=c.text, order=c.order
        )
        for activity, copy in pairs
        for c in activity.collaborators.all()
    )


# A new plan

FIRST_YEAR, LAST_YEAR = 2000, 2100


@transaction.atomic
def plan_create(
    *,
    municipality: Municipality,
    board: OrgUnit | None,
    year: int | None,
    title: str = "",
    budget_period_start: int | None = None,
    budget_period_end: int | None = None,
    user=None,
) -> Plan:
    """An empty plan (a draft) of one of the municipality's boards for a year.

    The title defaults to "Verksamhetsplan {year}", the Mål och budget period to the plan year and
    the two after it."""
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if board is None:
        errors["board"] = _("Välj nämnden eller styrelsen som planen hör till.")
    elif board.municipality_id != municipality.pk or board.kind != UnitKind.BOARD:
        errors["board"] = _("Välj en nämnd eller styrelse i den egna kommunen.")
    if year is None:
        errors["year"] = _("Ange planens år med fyra siffror, till exempel 2025.")
    elif not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Ange ett år mellan %(first)s och %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    if errors:
        raise ValidationError(errors)
    start = year if budget_period_start is None else budget_period_start
    end = start + 2 if budget_period_end is None else budget_period_end
    title = title or _("Verksamhetsplan %(year)s") % {"year": year}
    if not FIRST_YEAR <= start <= LAST_YEAR:
        errors["budget_period_start"] = _("Ange ett år mellan %(first)s och %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    elif end < start:
        errors["budget_period_end"] = _(
            "Periodens sista år (%(end)s) kan inte vara före dess första (%(start)s)."
        ) % {"end": end, "start": start}
    elif end > start + 10:
        errors["budget_period_end"] = _(
            "Mål och budget sträcker sig över högst tio år: ange ett år mellan %(start)s och %(last)s."
        ) % {"start": start, "last": start + 10}
    if len(title) > Plan._meta.get_field("title").max_length:
        errors["title"] = _("Titeln får vara högst 200 tecken.")
    # Locked, so that two people creating the same plan at once get the message, not an error.
    OrgUnit.objects.select_for_update().filter(pk=board.pk).first()
    if Plan.objects.filter(board=board, year=year).exists():
        errors["year"] = _("Det finns redan en plan för %(board)s år %(year)s.") % {
            "board": board,
            "year": year,
        }
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(
        municipality=municipality,
        board=board,
        year=year,
        title=title,
        budget_period_start=start,
        budget_period_end=end,
    )
    # Followed up at the three tertials, as a municipality's year is; the periods page opens them.
    FollowUpPeriod.objects.bulk_create(
        FollowUpPeriod(plan=plan, code=code, name=name, ends_on=datetime.date(year, month, day))
        for code, name, (month, day) in DEFAULT_PERIODS
    )
    audit_log(
        municipality=municipality,
        action="plans.plan.created",
        obj=plan,
        user=user,
        data={
            "board": [None, board.name],
            "year": [None, year],
            "title": [None, title],
            "budget_period_start": [None, start],
            "budget_period_end": [None, end],
        },
    )
    return plan


# Adoption and revisions


def _status(decision: PlanDecision | None) -> str:
    if decision is None:
        return _("Utkast")
    return _("Under revision") if decision.is_open else _("Beslutad")


def _decision_errors(
    *, decided_by: str, decided_on: datetime.date | None, reference: str, previous: PlanDecision | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not decided_by:
        errors["decided_by"] = _("Ange vem som beslutade, till exempel KS, KF eller nämnden.")
    elif len(decided_by) > PlanDecision._meta.get_field("decided_by").max_length:
        errors["decided_by"] = _("Beslutande organ får vara högst 200 tecken.")
    if decided_on is None:
        errors["decided_on"] = _("Ange beslutsdatum, till exempel 2023-12-12.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("Beslutsdatumet kan inte ligga i framtiden.")
    elif previous is not None and previous.decided_on and decided_on < previous.decided_on:
        errors["decided_on"] = _(
            "Beslutet kan inte vara fattat före det förra beslutet om planen (%(day)s)."
        ) % {"day": previous.decided_on.isoformat()}
    if len(reference) > PlanDecision._meta.get_field("reference").max_length:
        errors["reference"] = _("Paragrafen eller diarienumret får vara högst 100 tecken.")
    return errors


def _author(user):
    """The user a decision records: None for a change made with no one logged in."""
    return user if user is not None and user.is_authenticated else None


def _locked(plan: Plan) -> Plan:
    """The plan's row, locked until the transaction ends: two decisions on it are made one at a time."""
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_adopt(
    *, plan: Plan, decided_by: str, decided_on: datetime.date | None, reference: str = "", user=None
) -> PlanDecision:
    """Adopt a draft: decision 0, with the plan's content as it is now kept in its snapshot."""
    _locked(plan)
    decided_by, reference = (decided_by or "").strip(), (reference or "").strip()
    latest = plan_decision_latest(plan=plan)
    if latest is not None:
        raise ValidationError(
            _("Planen är redan beslutad (%(decision)s). Ändringar görs genom en revision.")
            % {"decision": plan.decisions.get(number=0).citation}
        )
    errors = _decision_errors(
        decided_by=decided_by, decided_on=decided_on, reference=reference, previous=None
    )
    if errors:
        raise ValidationError(errors)
    decision = PlanDecision.objects.create(
        plan=plan,
        number=0,
        decided_by=decided_by,
        decided_on=decided_on,
        reference=reference,
        snapshot=plan_snapshot(plan),
        opened_by=_author(user),
        closed_by=_author(user),
        closed_at=timezone.now(),
    )
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.adopted",
        obj=plan,
        user=user,
        data={
            "status": [_status(None), _status(decision)],
            "decided_by": [None, decided_by],
            "decided_on": [None, decided_on.isoformat()],
            "reference": [None, reference],
        },
    )
    return decision


@transaction.atomic
def plan_revision_open(*, plan: Plan, reason: str, user=None) -> PlanDecision:
    """Begin a revision of an adopted plan, with its reason: the plan may be changed until it is decided."""
    _locked(plan)
    reason = (reason or "").strip()
    latest = plan_decision_latest(plan=plan)
    if latest is None:
        raise ValidationError(
            _("Planen är ett utkast och är inte beslutad: den kan ändras utan revision. Besluta den först.")
        )
    if latest.is_open:
        raise ValidationError(
            _("Revision %(n)s är redan påbörjad. Besluta den innan nästa påbörjas.") % {"n": latest.number}
        )
    if not reason:
        raise ValidationError(
            {"reason": _("Ange skälet till revisionen, till exempel ett nytt beslut i KF.")}
        )
    if len(reason) > PlanDecision._meta.get_field("reason").max_length:
        raise ValidationError(
            {
                "reason": _("Skälet får vara högst %(n)s tecken.")
                % {"n": PlanDecision._meta.get_field("reason").max_length}
            }
        )
    decision = PlanDecision.objects.create(
        plan=plan,
        number=latest.number + 1,
        reason=reason,
        opened_by=_author(user),
    )
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.revision_opened",
        obj=plan,
        user=user,
        data={
            "status": [_status(latest), _status(decision)],
            "number": [None, decision.number],
            "reason": [None, reason],
        },
    )
    return decision


def _open_revision(plan: Plan) -> PlanDecision:
    latest = plan_decision_latest(plan=plan)
    if latest is None or not latest.is_open:
        raise ValidationError(_("Det finns ingen påbörjad revision av planen."))
    return latest


@transaction.atomic
def plan_revision_close(
    *, plan: Plan, decided_by: str, decided_on: datetime.date | None, reference: str = "", user=None
) -> PlanDecision:
    """Decide the open revision: who, when, the paragraph; the plan's content is kept as it is now."""
    _locked(plan)
    decided_by, reference = (decided_by or "").strip(), (reference or "").strip()
    revision = _open_revision(plan)
    previous = plan.decisions.filter(number__lt=revision.number).defer("snapshot").order_by("-number").first()
    errors = _decision_errors(
        decided_by=decided_by, decided_on=decided_on, reference=reference, previous=previous
    )
    if errors:
        raise ValidationError(errors)
    revision.decided_by, revision.decided_on, revision.reference = decided_by, decided_on, reference
    revision.snapshot = plan_snapshot(plan)
    revision.closed_by = _author(user)
    revision.closed_at = timezone.now()
    revision.save(
        update_fields=["decided_by", "decided_on", "reference", "snapshot", "closed_by", "closed_at"]
    )
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.revised",
        obj=plan,
        user=user,
        data={
            "status": [_("Under revision"), _("Beslutad")],
            "number": [None, revision.number],
            "decided_by": [None, decided_by],
            "decided_on": [None, decided_on.isoformat()],
            "reference": [None, reference],
        },
    )
    return revision


@transaction.atomic
def plan_revision_discard(*, plan: Plan, user=None) -> None:
    """Drop an open revision in which nothing was changed: the plan stands as last decided."""
    _locked(plan)
    revision = _open_revision(plan)
    previous = plan.decisions.filter(number__lt=revision.number).order_by("-number").first()
    changes = plan_diff(previous.snapshot, plan_snapshot(plan))
    if changes:
        raise ValidationError(
            _(
                "Planen har ändrats under revisionen (%(kinds)s). Besluta revisionen, eller ändra tillbaka "
                "först."
            )
            % {"kinds": ", ".join(kind.name.lower() for kind in changes)}
        )
    revision.delete()
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.revision_discarded",
        obj=plan,
        user=user,
        data={
            "status": [_("Under revision"), _("Beslutad")],
            "number": [revision.number, None],
            "reason": [revision.reason, None],
        },
    )


@transaction.atomic
def plan_report_parts_set(*, plan: Plan, user=None, **parts: bool) -> Plan:
    """Choose which parts the plan's follow-up reports show: activity tables, measure tables (with
    the summary per goal area) and charts. Presentation, not the plan's decided content: it may
    be changed after the plan is adopted. Unchanged choices write nothing."""
    unknown = set(parts) - set(REPORT_PARTS)
    if unknown:
        raise ValidationError(_("Okänd del av rapporten: %(parts)s.") % {"parts": ", ".join(sorted(unknown))})
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    changed = {name: [getattr(plan, name), bool(value)] for name, value in parts.items()
               if getattr(plan, name) != bool(value)}  # fmt: skip
    if not changed:
        return plan
    for name, (_before, after) in changed.items():
        setattr(plan, name, after)
    plan.save(update_fields=list(changed))
    audit_log(municipality=plan.municipality, action="plans.plan.report_parts_set", obj=plan, user=user,
              data=changed)  # fmt: skip
    return plan
