"""The token endpoints: the municipality's plans and follow-ups for its own systems.

Every query starts from the token user's municipality, so another municipality's objects are not
found (404). Writes go through the same services as the pages, with the user's role and no more.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from styrkedja.activities.models import Activity
from styrkedja.api import filters, serializers
from styrkedja.api.authentication import BearerTokenAuthentication
from styrkedja.api.filters import MAX_NUMBER
from styrkedja.api.indicator_values import indicator_value_set
from styrkedja.api.permissions import TokenMayWrite, TokenMember
from styrkedja.assignments.models import Assignment
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.followup.selectors import activity_report_current, goal_report_current
from styrkedja.followup.services import (
    UNKNOWN,
    PeriodClosed,
    PeriodNotOpen,
    ReportConflict,
    activity_report_set,
    goal_report_set,
)
from styrkedja.goals.models import Goal, GoalLevel, SustainableDevelopmentGoal
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.planning.services import PlanLocked
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import OrgUnit
from styrkedja.tenancy.permissions import (
    can_manage_plans,
    can_report_activity,
    can_report_goal,
    membership_of,
)


def error_response(error: ValidationError, status_code: int, **more) -> Response:
    """A service's refusal in its own Swedish words, field by field where it names fields."""
    body = {"detail": " ".join(error.messages)}
    if hasattr(error, "error_dict"):
        body["errors"] = {field: list(texts) for field, texts in error.message_dict.items()}
    return Response(body | more, status=status_code)


class TokenViewSet(viewsets.GenericViewSet):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [TokenMember, TokenMayWrite]

    @property
    def municipality(self):
        return membership_of(self.request.user).municipality

    def get_object(self):
        # An id no row can have (not a number, or beyond the database's integers) is simply not found.
        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_NUMBER:
            raise NotFound
        return super().get_object()


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TokenViewSet):
    pass


@extend_schema_view(
    list=extend_schema(summary="Organisatoriska enheter", tags=["Organisation"]),
    retrieve=extend_schema(summary="En organisatorisk enhet", tags=["Organisation"]),
)
class UnitViewSet(ReadViewSet):
    queryset = OrgUnit.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.UnitSerializer

    def get_queryset(self):
        return OrgUnit.objects.filter(municipality=self.municipality).order_by("order", "name", "id")


@extend_schema_view(
    list=extend_schema(summary="Planer", tags=["Planer"]),
    retrieve=extend_schema(summary="En plan", tags=["Planer"]),
)
class PlanViewSet(ReadViewSet):
    queryset = Plan.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def get_queryset(self):
        return (
            Plan.objects.filter(municipality=self.municipality)
            .select_related("municipality", "board")
            .order_by("-year", "board__order", "board__name", "id")
        )


@extend_schema_view(
    list=extend_schema(summary="Uppföljningsperioder", tags=["Planer"]),
    retrieve=extend_schema(summary="En uppföljningsperiod", tags=["Planer"]),
)
class PeriodViewSet(ReadViewSet):
    queryset = FollowUpPeriod.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.PeriodSerializer
    filterset_class = filters.PeriodFilter

    def get_queryset(self):
        return FollowUpPeriod.objects.filter(plan__municipality=self.municipality).order_by(
            "plan_id", "ends_on", "code", "id"
        )


@extend_schema_view(
    list=extend_schema(summary="Målnivåer", tags=["Mål"]),
    retrieve=extend_schema(summary="En målnivå", tags=["Mål"]),
)
class GoalLevelViewSet(ReadViewSet):
    queryset = GoalLevel.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.GoalLevelSerializer

    def get_queryset(self):
        return GoalLevel.objects.filter(municipality=self.municipality).order_by("depth", "id")


@extend_schema_view(
    list=extend_schema(summary="Mål", tags=["Mål"]),
    retrieve=extend_schema(summary="Ett mål", tags=["Mål"]),
)
class GoalViewSet(ReadViewSet):
    queryset = Goal.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.GoalSerializer
    filterset_class = filters.GoalFilter

    def get_queryset(self):
        return (
            Goal.objects.filter(municipality=self.municipality)
            .select_related("level")
            .prefetch_related(
                Prefetch("sdgs", queryset=SustainableDevelopmentGoal.objects.order_by("number"))
            )
            .order_by("plan_id", "level__depth", "order", "id")
        )


@extend_schema_view(
    list=extend_schema(summary="Indikatorer", tags=["Mål"]),
    retrieve=extend_schema(summary="En indikator", tags=["Mål"]),
)
class IndicatorViewSet(ReadViewSet):
    queryset = Indicator.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self):
        return Indicator.objects.filter(goal__municipality=self.municipality).order_by(
            "goal__plan_id", "goal_id", "order", "id"
        )


@extend_schema_view(
    list=extend_schema(summary="Indikatorvärden", tags=["Mål"]),
    retrieve=extend_schema(summary="Ett indikatorvärde", tags=["Mål"]),
    create=extend_schema(
        summary="Skriv ett indikatorvärde",
        description=(
            "Lägger till indikatorns värde för ett år och en jämförelse (scope, label, gender), eller ändrar "
            "det som finns, som planeringssidan gör: ett värde eller skälet till att det saknas. Bara "
            "controller och administratör, och bara medan planen får ändras."
        ),
        tags=["Mål"],
        request=serializers.IndicatorValueWriteSerializer,
        responses={
            201: serializers.IndicatorValueSerializer,
            200: serializers.IndicatorValueSerializer,
            409: OpenApiResponse(
                serializers.ErrorSerializer, description=_("Planen är beslutad och får inte ändras.")
            ),
        },
    ),
)
class IndicatorValueViewSet(mixins.CreateModelMixin, ReadViewSet):
    queryset = IndicatorValue.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter

    def get_queryset(self):
        return IndicatorValue.objects.filter(indicator__goal__municipality=self.municipality).order_by(
            "indicator_id", "year", "scope", "label", "gender", "id"
        )

    def get_serializer_class(self):
        return serializers.IndicatorValueWriteSerializer if self.action == "create" else self.serializer_class

    def create(self, request, *args, **kwargs):
        incoming = serializers.IndicatorValueWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        indicator = get_object_or_404(
            Indicator.objects.filter(goal__municipality=self.municipality).select_related(
                "goal__plan__municipality"
            ),
            pk=data.pop("indicator"),
        )
        if not can_manage_plans(request.user, self.municipality):
            raise PermissionDenied(
                _("Bara kommunens controller och administratör får ändra indikatorvärden.")
            )
        if indicator.goal.plan is None:
            return Response(
                {"detail": _("Indikatorn hör till ett mål utanför planerna och ändras inte här.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        before = set(indicator.values.values_list("pk", flat=True))
        try:
            value = indicator_value_set(indicator=indicator, values=data, user=request.user)
        except PlanLocked as error:
            return error_response(error, status.HTTP_409_CONFLICT)
        except ValidationError as error:
            return error_response(error, status.HTTP_400_BAD_REQUEST)
        return Response(
            self.serializer_class(value).data,
            status=status.HTTP_200_OK if value.pk in before else status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary="Aktiviteter", tags=["Aktiviteter och uppdrag"]),
    retrieve=extend_schema(summary="En aktivitet", tags=["Aktiviteter och uppdrag"]),
)
class ActivityViewSet(ReadViewSet):
    queryset = Activity.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter

    def get_queryset(self):
        return (
            Activity.objects.filter(plan__municipality=self.municipality)
            .prefetch_related(Prefetch("co_responsible_units", queryset=OrgUnit.objects.order_by("id")))
            .order_by("plan_id", "order", "id")
        )


@extend_schema_view(
    list=extend_schema(summary="Uppdrag", tags=["Aktiviteter och uppdrag"]),
    retrieve=extend_schema(summary="Ett uppdrag", tags=["Aktiviteter och uppdrag"]),
)
class AssignmentViewSet(ReadViewSet):
    queryset = Assignment.objects.none()  # for the schema; get_queryset reads the municipality's
    serializer_class = serializers.AssignmentSerializer
    filterset_class = filters.AssignmentFilter

    def get_queryset(self):
        return Assignment.objects.filter(plan__municipality=self.municipality).order_by(
            "plan_id", "order", "id"
        )


def _current_only(reports, owner: str):
    """Of report rows (history), only the newest of each object at each period: the current report."""
    newest = (
        reports.model.objects.filter(**{owner: OuterRef(owner), "period": OuterRef("period")})
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return reports.annotate(newest=Subquery(newest)).filter(pk=F("newest"))


class ReportViewSet(mixins.CreateModelMixin, ReadViewSet):
    """The current reports at a period, and writing one: through the pages' own service."""

    owner: str  # "activity" or "goal"
    write_serializer: type

    def get_serializer_class(self):
        return self.write_serializer if self.action == "create" else self.serializer_class

    def _write(self, request, *, find, may_report, denied: str, save, current, fields: tuple[str, ...]):
        incoming = self.write_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        obj = find(data[self.owner])
        period = get_object_or_404(
            FollowUpPeriod.objects.filter(plan__municipality=self.municipality), pk=data["period"]
        )
        if not may_report(request.user, obj):
            raise PermissionDenied(denied)
        values = {name: data[name] for name in fields}
        values["comment"] = values["comment"].strip()
        before = current(obj, period)
        try:
            report = save(
                **{self.owner: obj},
                period=period,
                user=request.user,
                based_on=data.get("based_on", UNKNOWN),
                **values,
            )
        except ReportConflict as conflict:
            current = self.serializer_class(conflict.current).data if conflict.current else None
            return error_response(conflict, status.HTTP_409_CONFLICT, current=current)
        except (PeriodClosed, PeriodNotOpen) as error:
            return error_response(error, status.HTTP_409_CONFLICT)
        except ValidationError as error:
            return error_response(error, status.HTTP_400_BAD_REQUEST)
        created = before is None or report.pk != before.pk
        return Response(
            self.serializer_class(report).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(summary="Aktiviteters aktuella rapporter", tags=["Rapporter"]),
    retrieve=extend_schema(summary="En aktivitetsrapport", tags=["Rapporter"]),
    create=extend_schema(
        summary="Rapportera en aktivitet",
        description=(
            "Sparar aktivitetens status och kommentar vid en öppen period, som sidan Rapportera gör. "
            "Oförändrade värden ger 200 och ingen ny rad."
        ),
        tags=["Rapporter"],
        request=serializers.ActivityReportWriteSerializer,
        responses={
            201: serializers.ActivityReportSerializer,
            200: serializers.ActivityReportSerializer,
            409: OpenApiResponse(
                serializers.ActivityReportConflictSerializer,
                description=_(
                    "Perioden är stängd eller inte öppnad, eller rapporten ändrades sedan based_on."
                ),
            ),
        },
    ),
)
class ActivityReportViewSet(ReportViewSet):
    queryset = ActivityReport.objects.none()  # for the schema; get_queryset reads the municipality's
    owner = "activity"
    serializer_class = serializers.ActivityReportSerializer
    write_serializer = serializers.ActivityReportWriteSerializer
    filterset_class = filters.ActivityReportFilter

    def get_queryset(self):
        reports = ActivityReport.objects.filter(
            activity__plan__municipality=self.municipality
        ).select_related("created_by")
        return _current_only(reports, "activity").order_by("period_id", "activity_id", "id")

    def create(self, request, *args, **kwargs):
        activities = Activity.objects.filter(plan__municipality=self.municipality).select_related("plan")
        return self._write(
            request,
            find=lambda pk: get_object_or_404(activities, pk=pk),
            may_report=can_report_activity,
            denied=_("Du får inte rapportera för den här aktiviteten."),
            save=activity_report_set,
            current=lambda activity, period: activity_report_current(activity=activity, period=period),
            fields=("status", "comment"),
        )


@extend_schema_view(
    list=extend_schema(summary="Målens aktuella rapporter", tags=["Rapporter"]),
    retrieve=extend_schema(summary="En målrapport", tags=["Rapporter"]),
    create=extend_schema(
        summary="Rapportera ett mål",
        description=(
            "Sparar målets analys (comment), bedömning, skäl och åtgärder vid en öppen period, som sidan "
            "Rapportera gör. En bedömning som avviker från förslaget kräver ett skäl."
        ),
        tags=["Rapporter"],
        request=serializers.GoalReportWriteSerializer,
        responses={
            201: serializers.GoalReportSerializer,
            200: serializers.GoalReportSerializer,
            409: OpenApiResponse(
                serializers.GoalReportConflictSerializer,
                description=_(
                    "Perioden är stängd eller inte öppnad, eller rapporten ändrades sedan based_on."
                ),
            ),
        },
    ),
)
class GoalReportViewSet(ReportViewSet):
    queryset = GoalReport.objects.none()  # for the schema; get_queryset reads the municipality's
    owner = "goal"
    serializer_class = serializers.GoalReportSerializer
    write_serializer = serializers.GoalReportWriteSerializer
    filterset_class = filters.GoalReportFilter

    def get_queryset(self):
        reports = GoalReport.objects.filter(goal__municipality=self.municipality).select_related("created_by")
        return _current_only(reports, "goal").order_by("period_id", "goal_id", "id")

    def create(self, request, *args, **kwargs):
        goals = Goal.objects.filter(municipality=self.municipality).select_related("municipality")
        return self._write(
            request,
            find=lambda pk: get_object_or_404(goals, pk=pk),
            may_report=can_report_goal,
            denied=_("Du får inte rapportera för det här målet."),
            save=goal_report_set,
            current=lambda goal, period: goal_report_current(goal=goal, period=period),
            fields=("comment", "assessment", "reason", "actions"),
        )
