"""Writes of follow-up state: reports are added as new rows; periods opened, closed and reopened."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.activities.models import Activity
from styrkedja.audit.services import audit_log
from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.followup.selectors import activity_report_current, goal_report_current
from styrkedja.goals.models import Goal


class PeriodClosed(ValidationError):
    pass


class PeriodNotOpen(ValidationError):
    pass


class ReportConflict(ValidationError):
    """The report changed after the form was opened: the caller shows both texts, nothing is saved."""

    def __init__(self, current):
        self.current = current
        who = current.author_name if current else ""
        super().__init__(
            _("Rapporten ändrades av %(who)s medan du skrev. Jämför texterna och spara igen.")
            % {"who": who or _("någon annan")}
        )


# ``based_on`` of the report setters: the report row the writer saw when the form was opened
# (None when there was none). Callers that do not know (the data loader, scripts) pass nothing.
UNKNOWN = object()


def period_lock_open(*, period: FollowUpPeriod) -> FollowUpPeriod:
    """Lock the period row so that a report cannot slip in while the period is being closed; refuse
    a period that is closed or not opened. Every writer of reports calls this first."""
    locked = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_closed:
        raise PeriodClosed(
            _("Perioden %(period)s är stängd. Rapporter i en stängd period kan inte ändras.")
            % {"period": locked.name}
        )
    if locked.opened_at is None:
        raise PeriodNotOpen(
            _("Perioden %(period)s är inte öppnad för rapportering än.") % {"period": locked.name}
        )
    return locked


def _check_lengths(**texts: tuple[str, int]) -> None:
    """Refuse, field by field, a text longer than a document can hold (``text_limits``)."""
    errors = {
        name: message
        for name, (text, limit) in texts.items()
        if (message := text_limits.too_long(text, limit))
    }
    if errors:
        raise ValidationError(errors)


def _check_based_on(current, based_on) -> None:
    if based_on is UNKNOWN:
        return
    current_id = current.pk if current else None
    based_on_id = getattr(based_on, "pk", based_on)
    if current_id != based_on_id:
        raise ReportConflict(current)


@transaction.atomic
def activity_report_set(
    *,
    activity: Activity,
    period: FollowUpPeriod,
    status: str,
    comment: str = "",
    user=None,
    based_on=UNKNOWN,
) -> ActivityReport:
    """Report an activity's status and comment at a period. Unchanged input adds no row.

    With ``based_on`` (the report the writer started from, or None), a report saved by someone
    else in between raises ReportConflict instead of being overwritten.
    """
    if period.plan_id != activity.plan_id:
        raise ValidationError(_("Perioden hör inte till aktivitetens plan."))
    if status not in ReportStatus.values:
        raise ValidationError(_("Okänd status ”%(status)s”.") % {"status": status})
    comment = text_limits.normalised(comment)
    _check_lengths(comment=(comment, text_limits.COMMENT))
    period = period_lock_open(period=period)
    current = activity_report_current(activity=activity, period=period)
    if current and current.status == status and current.comment == comment:
        return current
    _check_based_on(current, based_on)
    report = ActivityReport.objects.create(
        activity=activity, period=period, status=status, comment=comment, created_by=user
    )
    audit_log(
        municipality=activity.plan.municipality,
        action="followup.activity_report.set",
        obj=activity,
        user=user,
        data={
            "period": period.code,
            "status": [current.status if current else None, status],
            "comment": [current.comment if current else None, comment],
        },
    )
    return report


@transaction.atomic
def goal_report_set(
    *,
    goal: Goal,
    period: FollowUpPeriod,
    comment: str = "",
    assessment: str = "",
    reason: str = "",
    actions: str = "",
    user=None,
    based_on=UNKNOWN,
) -> GoalReport:
    """Report a goal's comment (its analysis), assessment and actions (åtgärder) at a period.
    Unchanged input adds no row.

    The assessment is a person's: it is kept beside the proposal from the indicators and the
    activities, and one that departs from the proposal needs a reason. ``based_on`` guards
    against lost updates as in ``activity_report_set``.
    """
    from styrkedja.followup.assessment import assessment_scale, goal_assessment_proposal

    comment, reason = text_limits.normalised(comment), text_limits.normalised(reason).strip()
    actions = text_limits.normalised(actions).strip()
    _check_lengths(
        comment=(comment, text_limits.COMMENT),
        reason=(reason, text_limits.REASON),
        actions=(actions, text_limits.COMMENT),
    )
    if goal.plan_id != period.plan_id:
        raise ValidationError(_("Perioden hör inte till målets plan."))
    if assessment and assessment not in dict(assessment_scale(municipality_id=goal.municipality_id)):
        raise ValidationError(
            _("Okänd bedömning ”%(assessment)s”: den finns inte i kommunens bedömningsskala.")
            % {"assessment": assessment}
        )
    period = period_lock_open(period=period)
    current = goal_report_current(goal=goal, period=period)
    proposal = goal_assessment_proposal(goal=goal, period=period)
    # A reason is kept only where the assessment departs from the proposal: compare what is kept.
    kept_reason = reason if assessment != proposal.assessment else ""
    if current and (current.comment, current.assessment, current.reason, current.actions) == (
        comment,
        assessment,
        kept_reason,
        actions,
    ):
        return current
    _check_based_on(current, based_on)
    if assessment and proposal.assessment and assessment != proposal.assessment and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Bedömningen avviker från förslaget ”%(proposal)s”. Skriv varför, så att läsaren förstår "
                    "bedömningen."
                )
                % {"proposal": proposal.label}
            }
        )
    report = GoalReport.objects.create(
        goal=goal,
        period=period,
        comment=comment,
        assessment=assessment,
        proposed_assessment=proposal.assessment,
        reason=kept_reason,
        actions=actions,
        created_by=user,
    )
    audit_log(
        municipality=goal.municipality,
        action="followup.goal_report.set",
        obj=goal,
        user=user,
        data={
            "period": period.code,
            "comment": [current.comment if current else None, comment],
            "assessment": [current.assessment if current else None, assessment],
            "reason": [current.reason if current else None, report.reason],
            "actions": [current.actions if current else None, actions],
        },
    )
    return report


def _check_due_on(period: FollowUpPeriod, due_on: datetime.date | None) -> None:
    """The state per the period's end cannot be reported before it: the last day is on or after it."""
    if due_on is not None and due_on < period.ends_on:
        raise ValidationError(
            {
                "due_on": _(
                    "Sista dag att rapportera, %(due)s, ligger före periodens slut %(end)s. Välj en dag "
                    "då eller senare."
                )
                % {"due": due_on.isoformat(), "end": period.ends_on.isoformat()}
            }
        )


@transaction.atomic
def period_open(*, period: FollowUpPeriod, due_on: datetime.date | None = None, user=None) -> FollowUpPeriod:
    """Open a planned period for reporting, optionally with the last day to report."""
    period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    _check_due_on(period, due_on)
    if period.opened_at is not None:
        raise ValidationError(_("Perioden %(period)s är redan öppnad.") % {"period": period.name})
    period.opened_at = timezone.now()
    if due_on is not None:
        period.due_on = due_on
    period.save(update_fields=["opened_at", "due_on"])
    audit_log(
        municipality=period.plan.municipality,
        action="followup.period.opened",
        obj=period,
        user=user,
        data={"due_on": period.due_on.isoformat() if period.due_on else None},
    )
    return period


@transaction.atomic
def period_close(*, period: FollowUpPeriod, user=None) -> FollowUpPeriod:
    """Close a period: its reports become read-only."""
    period = period_lock_open(period=period)
    period.closed_at = timezone.now()
    period.save(update_fields=["closed_at"])
    audit_log(municipality=period.plan.municipality, action="followup.period.closed", obj=period, user=user)
    return period


@transaction.atomic
def period_reopen(
    *, period: FollowUpPeriod, reason: str, due_on: datetime.date | None = None, user=None
) -> FollowUpPeriod:
    """Open a closed period again, maybe with a new last day to report; the reason is required
    and kept in the audit log, where the period's page shows it."""
    reason = text_limits.normalised(reason)
    if not reason.strip():
        raise ValidationError(_("Ange ett skäl till att perioden öppnas igen."))
    _check_lengths(reason=(reason.strip(), text_limits.REASON))
    period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ValidationError(_("Perioden %(period)s är redan öppen.") % {"period": period.name})
    _check_due_on(period, due_on)
    data = {"reason": reason.strip()}
    if due_on is not None and due_on != period.due_on:
        data["due_on"] = [period.due_on.isoformat() if period.due_on else None, due_on.isoformat()]
        period.due_on = due_on
    period.closed_at = None
    period.save(update_fields=["closed_at", "due_on"])
    audit_log(
        municipality=period.plan.municipality,
        action="followup.period.reopened",
        obj=period,
        user=user,
        data=data,
    )
    return period


# The municipality's scale and rules of assessment ------------------------------------------------

SCALE_MIN_STEPS, SCALE_MAX_STEPS = 3, 5


def assessment_scale_set(*, municipality, steps: list[dict], user=None) -> list:
    """Set the municipality's scale: three to five of the standard steps, best first, each in the
    municipality's words with a symbol and a summary word, and optionally "kan inte bedömas"
    (counted apart, always last). An empty list gives back the five standard steps.

    Steps are dicts of key, label, symbol and summary_word. A goal assessed at a step the new scale
    lacks keeps its report; it shows in the standard words until assessed again."""
    from styrkedja.followup.assessment import STANDARD_ORDER, assessment_steps
    from styrkedja.followup.choices import Assessment
    from styrkedja.followup.models import AssessmentStep

    cleaned, errors = [], []
    for number, step in enumerate(steps, start=1):
        key = str(step.get("key") or "")
        label = " ".join(str(step.get("label") or "").split())
        symbol = str(step.get("symbol") or "").strip()
        word = " ".join(str(step.get("summary_word") or "").split())
        if key not in Assessment.values:
            errors.append(_("Steg %(n)s: okänd betydelse ”%(key)s”.") % {"n": number, "key": key})
            continue
        if not label:
            errors.append(_("Steg %(n)s: ange kommunens benämning.") % {"n": number})
        if len(label) > 100 or len(symbol) > 8 or len(word) > 60:
            errors.append(
                _("Steg %(n)s: benämningen får vara högst 100 tecken, symbolen 8 och ordet 60.")
                % {"n": number}
            )
        cleaned.append({"key": key, "label": label, "symbol": symbol, "summary_word": word})
    keys = [step["key"] for step in cleaned]
    labels = [step["label"].casefold() for step in cleaned]
    judged = [key for key in keys if key != Assessment.NOT_ASSESSABLE]
    if len(set(keys)) != len(keys):
        errors.append(_("Varje betydelse får bara finnas i ett steg."))
    if len(set(labels)) != len(labels):
        errors.append(_("Två steg har samma benämning: välj ord som skiljer dem åt."))
    if cleaned and not SCALE_MIN_STEPS <= len(judged) <= SCALE_MAX_STEPS:
        errors.append(
            _("Skalan ska ha %(min)s till %(max)s steg utöver ”kan inte bedömas”; den har %(n)s.")
            % {"min": SCALE_MIN_STEPS, "max": SCALE_MAX_STEPS, "n": len(judged)}
        )
    if judged != sorted(judged, key=STANDARD_ORDER.index):
        errors.append(_("Stegen ska stå i ordning från bäst till sämst."))
    if errors:
        raise ValidationError(errors)
    if cleaned and cleaned[-1]["key"] != Assessment.NOT_ASSESSABLE and Assessment.NOT_ASSESSABLE in keys:
        cleaned.sort(key=lambda step: step["key"] == Assessment.NOT_ASSESSABLE)
    before = [asdict(step) for step in assessment_steps(municipality_id=municipality.pk)]
    with transaction.atomic():
        AssessmentStep.objects.filter(municipality=municipality).delete()
        AssessmentStep.objects.bulk_create(
            AssessmentStep(municipality=municipality, order=order, **step)
            for order, step in enumerate(cleaned)
        )
        after = [asdict(step) for step in assessment_steps(municipality_id=municipality.pk)]
        if after != before:
            audit_log(
                municipality=municipality,
                action="followup.assessment_scale.set",
                obj=municipality,
                user=user,
                data={"scale": [before, after]},
            )
    return after


def assessment_rules_set(
    *,
    municipality,
    plan=None,
    counted_levels=(),
    goal_noun: str = "",
    show_activity_sentence: bool = True,
    proposal_rule: str = "standard",
    partly_threshold: int = 80,
    user=None,
):
    """Set what the summary counts and how the proposal is drawn: the municipality's rules, or a
    plan's own where it differs (``plan``). The levels must be the municipality's."""
    from styrkedja.followup.choices import ProposalRule
    from styrkedja.followup.models import AssessmentRules

    if plan is not None and plan.municipality_id != municipality.pk:
        raise ValidationError(_("Planen hör inte till kommunen."))
    levels = list(counted_levels)
    if any(level.municipality_id != municipality.pk for level in levels):
        raise ValidationError({"counted_levels": _("En målnivå hör inte till kommunen.")})
    if proposal_rule not in ProposalRule.values:
        raise ValidationError({"proposal_rule": _("Okänd regel ”%(rule)s”.") % {"rule": proposal_rule}})
    if not isinstance(partly_threshold, int) or not 1 <= partly_threshold <= 100:
        raise ValidationError({"partly_threshold": _("Gränsen är en procent mellan 1 och 100.")})
    goal_noun = " ".join((goal_noun or "").split())
    if len(goal_noun) > 60:
        raise ValidationError({"goal_noun": _("Högst 60 tecken.")})
    with transaction.atomic():
        rules, created = AssessmentRules.objects.select_for_update(of=("self",)).get_or_create(
            municipality=municipality, plan=plan
        )
        before = None if created else _rules_data(rules)
        rules.goal_noun = goal_noun
        rules.show_activity_sentence = bool(show_activity_sentence)
        rules.proposal_rule = proposal_rule
        rules.partly_threshold = partly_threshold
        rules.save()
        rules.counted_levels.set(levels)
        after = _rules_data(rules)
        if after != before:
            audit_log(
                municipality=municipality,
                action="followup.assessment_rules.set",
                obj=plan or municipality,
                user=user,
                data={key: [before.get(key) if before else None, value] for key, value in after.items()},
            )
    return rules


def _rules_data(rules) -> dict:
    return {
        "counted_levels": sorted(level.key for level in rules.counted_levels.all()),
        "goal_noun": rules.goal_noun,
        "show_activity_sentence": rules.show_activity_sentence,
        "proposal_rule": rules.proposal_rule,
        "partly_threshold": rules.partly_threshold,
    }


def assessment_rules_clear(*, municipality, plan, user=None) -> None:
    """A plan follows its municipality's rules again."""
    from styrkedja.followup.models import AssessmentRules

    deleted, _rows = AssessmentRules.objects.filter(municipality=municipality, plan=plan).delete()
    if deleted:
        audit_log(municipality=municipality, action="followup.assessment_rules.cleared", obj=plan, user=user)
