"""Writes of follow-up state: reports are added as new rows; periods opened, closed and reopened."""

from __future__ import annotations

import datetime

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
    user=None,
    based_on=UNKNOWN,
) -> GoalReport:
    """Report a goal's comment and assessment at a period. Unchanged input adds no row.

    The assessment is a person's: it is kept beside the proposal from the indicators and the
    activities, and one that departs from the proposal needs a reason. ``based_on`` guards
    against lost updates as in ``activity_report_set``.
    """
    from styrkedja.followup.assessment import assessment_scale, goal_assessment_proposal

    comment, reason = text_limits.normalised(comment), text_limits.normalised(reason).strip()
    _check_lengths(comment=(comment, text_limits.COMMENT), reason=(reason, text_limits.REASON))
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
    if current and (current.comment, current.assessment, current.reason) == (
        comment,
        assessment,
        kept_reason,
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
