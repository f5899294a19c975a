"""Writes of a survey's follow-up: its report at a period (a new row, never an update) and the
results reported with it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja import text_limits
from styrkedja.audit.services import audit_log
from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.services import UNKNOWN, _check_based_on, _check_lengths, period_lock_open
from styrkedja.surveys.models import SurveyReport, SurveyResult, UserSurvey
from styrkedja.surveys.selectors import survey_report_current

RESULT_FIELDS = ("measure", "year", "value", "national_value", "unit")


def _result_key(result) -> tuple:
    get = result.get if isinstance(result, dict) else lambda name: getattr(result, name)
    values = [get(name) for name in RESULT_FIELDS]
    return tuple(str(Decimal(v).normalize()) if isinstance(v, Decimal) else v for v in values)


def _shown(results) -> list[str]:
    """The results as the audit log keeps them: "Nöjdhet 2024: 76.9 (riket 74.9) %"."""
    lines = []
    for measure, year, value, national, unit in results:
        national_text = f" (riket {national})" if national is not None else ""
        lines.append(f"{measure} {year}: {value}{national_text} {unit}".strip())
    return lines


@transaction.atomic
def survey_report_set(
    *,
    survey: UserSurvey,
    period: FollowUpPeriod,
    status: str,
    comment: str = "",
    results: list[dict] | None = None,
    user=None,
    based_on=UNKNOWN,
) -> SurveyReport | None:
    """Report a survey's status and comment at a period, and (``results``, None: leave them) the
    results reported at it: measure, year, value, national value and unit. Unchanged input adds no
    row; ``based_on`` guards against lost updates as in ``activity_report_set``."""
    if period.plan_id != survey.plan_id:
        raise ValidationError(_("Perioden hör inte till undersökningens plan."))
    if status not in ReportStatus.values:
        raise ValidationError(_("Okänd status ”%(status)s”.") % {"status": status})
    comment = text_limits.normalised(comment)
    _check_lengths(comment=(comment, text_limits.COMMENT))
    period = period_lock_open(period=period)
    current = survey_report_current(survey=survey, period=period)
    old_results = list(SurveyResult.objects.filter(survey=survey, period=period).order_by("id"))
    before = [_result_key(result) for result in old_results]
    after = before if results is None else [_result_key(result) for result in results]
    report_changed = not (current and current.status == status and current.comment == comment)
    if not report_changed and before == after:
        return current
    _check_based_on(current, based_on)
    report = current
    if report_changed:
        report = SurveyReport.objects.create(
            survey=survey, period=period, status=status, comment=comment, created_by=user
        )
    if before != after:
        SurveyResult.objects.filter(pk__in=[result.pk for result in old_results]).delete()
        for result in results:
            row = SurveyResult(
                survey=survey, period=period, **{name: result.get(name) for name in RESULT_FIELDS}
            )
            row.unit = row.unit or ""
            row.full_clean(exclude=["survey", "period"])
            row.save()
    audit_log(
        municipality=survey.plan.municipality,
        action="followup.survey_report.set",
        obj=survey,
        user=user,
        data={
            "period": period.code,
            "status": [current.status if current else None, status],
            "comment": [current.comment if current else None, comment],
            "results": [_shown(before), _shown(after)],
        },
    )
    return report
