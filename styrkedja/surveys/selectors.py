"""The plan's user surveys and their results; their reports at the follow-up periods."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import _newest_before, _reports_current, _role
from styrkedja.plans.models import Plan
from styrkedja.surveys.models import SurveyReport, SurveyResult, UserSurvey
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.permissions import MANAGERS, reporting_units


def survey_list(*, plan: Plan) -> QuerySet[UserSurvey]:
    return (
        plan.surveys.select_related("unit")
        .prefetch_related(
            Prefetch("results", queryset=SurveyResult.objects.order_by("measure", "year", "id"))
        )
        .order_by("order", "id")
    )


def survey_report_current(*, survey: UserSurvey, period: FollowUpPeriod) -> SurveyReport | None:
    return survey.reports.filter(period=period).order_by("-created_at", "-id").first()


def survey_reports_current(*, period: FollowUpPeriod, surveys=None) -> dict[int, SurveyReport]:
    return _reports_current(SurveyReport, "survey", period, surveys)


def survey_reports_previous(*, period: FollowUpPeriod, surveys) -> dict[int, SurveyReport]:
    reports = (
        SurveyReport.objects.filter(
            survey__in=list(surveys), period__plan_id=period.plan_id, period__ends_on__lt=period.ends_on
        )
        .select_related("period__plan", "created_by")
        .order_by("-period__ends_on", "-created_at", "-id")
    )
    return _newest_before(reports, "survey_id")


def survey_results_at(*, period: FollowUpPeriod, surveys) -> dict[int, list[SurveyResult]]:
    """The results reported at ``period`` itself, by survey: what its report form edits."""
    found: dict[int, list[SurveyResult]] = {}
    results = SurveyResult.objects.filter(survey__in=list(surveys), period=period).order_by(
        "measure", "year", "id"
    )
    for result in results:
        found.setdefault(result.survey_id, []).append(result)
    return found


def survey_results_until(*, period: FollowUpPeriod) -> QuerySet[SurveyResult]:
    """The results a report at ``period`` shows: those of the plan, reported at it or before it."""
    return SurveyResult.objects.filter(survey__plan_id=period.plan_id).filter(
        Q(period__isnull=True) | Q(period__ends_on__lte=period.ends_on)
    )


def reportable_surveys(*, user, plan: Plan) -> QuerySet[UserSurvey]:
    """All for a manager; for a rapportör, the surveys of the own units."""
    surveys = plan.surveys.select_related("unit").order_by("order", "id")
    role = _role(user, plan)
    if role in MANAGERS:
        return surveys
    if role == Role.REPORTER:
        return surveys.filter(unit_id__in=reporting_units(user))
    return surveys.none()
