"""The plan's user surveys and their results."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from styrkedja.plans.models import Plan
from styrkedja.surveys.models import SurveyResult, UserSurvey


def survey_list(*, plan: Plan) -> QuerySet[UserSurvey]:
    return (
        plan.surveys.select_related("unit")
        .prefetch_related(
            Prefetch("results", queryset=SurveyResult.objects.order_by("measure", "year", "id"))
        )
        .order_by("order", "id")
    )
