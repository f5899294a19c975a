"""Writes of assignments' follow-up: a report at a period (a new row, never an update), and the
municipality's words for the four statuses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.assignments.models import Assignment, AssignmentReport, AssignmentStatusLabel
from styrkedja.assignments.selectors import assignment_report_current, assignment_status_labels
from styrkedja.audit.services import audit_log
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.services import UNKNOWN, _check_based_on, _check_lengths, period_lock_open
from styrkedja.tenancy.models import Municipality

REPORT_FIELDS = ("status", "comment", "prognosis", "corrective_actions")


@transaction.atomic
def assignment_report_set(
    *,
    assignment: Assignment,
    period: FollowUpPeriod,
    status: str,
    comment: str = "",
    prognosis: str = "",
    corrective_actions: str = "",
    user=None,
    based_on=UNKNOWN,
) -> AssignmentReport:
    """Report where an assignment stands at a period, as an AU meeting hears it: status, the work
    done (``comment``), a prognosis and corrective actions. Unchanged input adds no row; ``based_on``
    guards against lost updates as in ``activity_report_set``."""
    if period.plan_id != assignment.plan_id:
        raise ValidationError(_("Perioden hör inte till uppdragets plan."))
    if status not in AssignmentStatus.values:
        raise ValidationError(_("Okänd status ”%(status)s”.") % {"status": status})
    texts = {
        "comment": text_limits.normalised(comment),
        "prognosis": text_limits.normalised(prognosis),
        "corrective_actions": text_limits.normalised(corrective_actions),
    }
    _check_lengths(**{name: (text, text_limits.COMMENT) for name, text in texts.items()})
    period = period_lock_open(period=period)
    current = assignment_report_current(assignment=assignment, period=period)
    values = {"status": status, **texts}
    if current and all(getattr(current, name) == value for name, value in values.items()):
        return current
    _check_based_on(current, based_on)
    report = AssignmentReport.objects.create(assignment=assignment, period=period, created_by=user, **values)
    audit_log(
        municipality=assignment.plan.municipality,
        action="followup.assignment_report.set",
        obj=assignment,
        user=user,
        data={
            "period": period.code,
            **{name: [getattr(current, name) if current else None, value] for name, value in values.items()},
        },
    )
    return report


@transaction.atomic
def assignment_status_labels_set(*, municipality: Municipality, labels: dict[str, str], user=None) -> dict:
    """Set the municipality's words for the statuses; an empty word gives the status back its
    standard word. Two statuses cannot share a word: a reader could not tell them apart."""
    standard = dict(AssignmentStatus.choices)
    wanted = {}
    for key, label in labels.items():
        if key not in standard:
            raise ValidationError(_("Okänd status ”%(status)s”.") % {"status": key})
        wanted[key] = " ".join((label or "").split())
    errors = {key: _("Högst 60 tecken.") for key, label in wanted.items() if len(label) > 60}
    if errors:
        raise ValidationError(errors)
    before = assignment_status_labels(municipality_id=municipality.pk)
    after = {**before, **{key: label or str(standard[key]) for key, label in wanted.items()}}
    seen: dict[str, str] = {}
    for key, label in after.items():
        if label.casefold() in seen:
            raise ValidationError(
                {key: _("Samma benämning som ”%(other)s”: välj ett ord som skiljer dem åt.")
                 % {"other": standard[seen[label.casefold()]]}}
            )  # fmt: skip
        seen[label.casefold()] = key
    if after == before:
        return after
    AssignmentStatusLabel.objects.filter(municipality=municipality).delete()
    AssignmentStatusLabel.objects.bulk_create(
        AssignmentStatusLabel(municipality=municipality, key=key, label=label)
        for key, label in after.items()
        if label != str(standard[key])
    )
    audit_log(
        municipality=municipality,
        action="assignments.status_labels.set",
        obj=municipality,
        user=user,
        data={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return after
