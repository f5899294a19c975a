"""Writes of the approval of units' reports: each send, approval and return a new row, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja.approvals.choices import ApprovalAction, ApprovalState
from styrkedja.approvals.models import ApprovalStep
from styrkedja.approvals.selectors import UnitApproval, may_approve, may_send, unit_approval
from styrkedja.audit.services import audit_log
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.tenancy.models import Municipality, OrgUnit

ACTIONS = {
    ApprovalAction.SENT: "approvals.unit.sent",
    ApprovalAction.APPROVED: "approvals.unit.approved",
    ApprovalAction.RETURNED: "approvals.unit.returned",
}


@transaction.atomic
def approval_setting_set(*, municipality: Municipality, needed: bool, user=None) -> Municipality:
    """Whether the municipality's units' reports are approved before the controller takes them."""
    locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if locked.reports_need_approval == needed:
        return locked
    before = locked.reports_need_approval
    locked.reports_need_approval = needed
    locked.save(update_fields=["reports_need_approval"])
    municipality.reports_need_approval = needed
    audit_log(
        action="approvals.setting.changed",
        municipality=locked,
        obj=locked,
        user=user,
        data={"reports_need_approval": [before, needed]},
    )
    return locked


def _current(period: FollowUpPeriod, unit: OrgUnit) -> tuple[FollowUpPeriod, UnitApproval]:
    """The unit's state, read after locking the unit's row, so that two steps of one unit at once
    are taken one after the other and each sees the other's row."""
    OrgUnit.objects.select_for_update(of=("self",)).filter(pk=unit.pk).first()
    period = FollowUpPeriod.objects.select_related("plan__municipality").get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(
            _("Perioden %(name)s är inte öppen: rapporterna kan inte skickas, godkännas eller returneras.")
            % {"name": period.name}
        )
    approval = unit_approval(period=period, unit=unit)
    if approval is None:
        raise ValidationError(_("Enheten %(unit)s har inget att rapportera i planen.") % {"unit": unit.name})
    return period, approval


def _step(period, unit, action: str, user, comment: str = "") -> ApprovalStep:
    step = ApprovalStep.objects.create(
        period=period, unit=unit, action=action, comment=comment, created_by=user
    )
    data = {"unit": unit.name, "period": period.code}
    if comment:
        data["comment"] = comment
    audit_log(action=ACTIONS[action], municipality=period.plan.municipality, obj=step, user=user, data=data)
    return step


@transaction.atomic
def approval_send(*, period: FollowUpPeriod, unit: OrgUnit, user) -> ApprovalStep:
    """The unit's head sends its reports at the period to the head of the unit above."""
    period, approval = _current(period, unit)
    if not may_send(user, unit, period.plan.municipality):
        raise PermissionDenied(_("Bara enhetens rapportörer, controllern och administratören får skicka."))
    if approval.state == ApprovalState.SENT:
        raise ValidationError(_("Rapporterna är redan skickade för godkännande."))
    if approval.state == ApprovalState.APPROVED:
        raise ValidationError(_("Rapporterna är redan godkända och inte ändrade sedan dess."))
    return _step(period, unit, ApprovalAction.SENT, user)


def _awaiting(period, unit, user, seen: int | None) -> tuple[FollowUpPeriod, UnitApproval]:
    period, approval = _current(period, unit)
    if not may_approve(user, unit, period.plan.municipality):
        raise PermissionDenied(
            _("Bara chefen för enheten ovanför, controllern och administratören får godkänna.")
        )
    if approval.state != ApprovalState.SENT:
        raise ValidationError(_("Enhetens rapporter väntar inte på godkännande."))
    if seen is not None and approval.last.pk != seen:
        raise ValidationError(
            _("Enhetens rapporter har skickats på nytt sedan du öppnade sidan. Läs dem igen.")
        )
    return period, approval


@transaction.atomic
def approval_approve(*, period: FollowUpPeriod, unit: OrgUnit, user, seen: int | None = None) -> ApprovalStep:
    """Approve the unit's reports as they stand: the approval covers the rows written before it.

    ``seen``: the send the approver read, so that a later send is not approved unread."""
    period, _approval = _awaiting(period, unit, user, seen)
    return _step(period, unit, ApprovalAction.APPROVED, user)


@transaction.atomic
def approval_return(
    *, period: FollowUpPeriod, unit: OrgUnit, user, comment: str, seen: int | None = None
) -> ApprovalStep:
    """Return the unit's reports to its head, saying what to fix (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Skriv vad enheten ska ändra innan rapporterna returneras.")})
    period, _approval = _awaiting(period, unit, user, seen)
    return _step(period, unit, ApprovalAction.RETURNED, user, comment)
