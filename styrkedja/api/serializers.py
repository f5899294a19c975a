"""What the API's endpoints answer and accept. Every response has a serializer here, so that the
schema describes it completely."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrkedja.activities.models import Activity
from styrkedja.api.filters import MAX_NUMBER
from styrkedja.assignments.models import Assignment
from styrkedja.followup.choices import PeriodState, ReportStatus
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.indicators.choices import Gender, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import OrgUnit


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Vad som är fel, på svenska."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Felen fält för fält, när de gäller ett visst fält."),
    )


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "short_name", "slug", "kind", "parent"]


class BoardSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "slug", "name"]


class PlanSerializer(serializers.ModelSerializer):
    board = BoardSerializer(read_only=True)
    name = serializers.CharField(read_only=True, help_text=_("kommun/nämnd/år, som i adresserna."))

    class Meta:
        model = Plan
        fields = ["id", "name", "board", "year", "title", "budget_period_start", "budget_period_end"]


class PeriodSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=PeriodState.choices, read_only=True)

    class Meta:
        model = FollowUpPeriod
        fields = [
            "id",
            "plan",
            "code",
            "name",
            "ends_on",
            "due_on",
            "state",
            "opened_at",
            "closed_at",
            "comment",
        ]


class GoalLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoalLevel
        fields = ["id", "key", "name", "name_plural", "depth"]


class GoalSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="key", read_only=True)
    sdgs = serializers.SerializerMethodField(help_text=_("Numren på de globala målen (Agenda 2030)."))

    class Meta:
        model = Goal
        fields = [
            "id",
            "plan",
            "level",
            "parent",
            "key",
            "number",
            "title",
            "text",
            "measurable",
            "baseline",
            "motivation",
            "way_forward",
            "followup_text",
            "responsible_unit",
            "sdgs",
            "order",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_sdgs(self, goal) -> list[int]:
        return [sdg.number for sdg in goal.sdgs.all()]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "goal",
            "name",
            "source",
            "unit",
            "target",
            "target_kind",
            "target_value",
            "average_years",
            "higher_is_better",
            "kolada_kpi",
            "order",
        ]


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "year",
            "scope",
            "label",
            "gender",
            "value",
            "missing_reason",
            "rank",
            "rank_of",
            "note",
            "source",
            "fetched_at",
        ]
        read_only_fields = ["id", "source", "fetched_at"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "goal",
            "title",
            "kind",
            "is_special_initiative",
            "priority",
            "responsible_unit",
            "co_responsible_units",
            "note",
            "planned_start",
            "planned_end",
            "order",
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "plan", "key", "title", "description", "goal", "responsible_unit", "order"]


class _ReportSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="author_name", read_only=True, help_text=_("Vem som skrev rapporten; tom för inlästa.")
    )


class ActivityReportSerializer(_ReportSerializer):
    class Meta:
        model = ActivityReport
        fields = ["id", "activity", "period", "status", "comment", "created_by", "created_at"]


class GoalReportSerializer(_ReportSerializer):
    class Meta:
        model = GoalReport
        fields = [
            "id",
            "goal",
            "period",
            "comment",
            "assessment",
            "proposed_assessment",
            "reason",
            "actions",
            "created_by",
            "created_at",
        ]


BASED_ON = _(
    "Id för den rapport du utgick från (null om det inte fanns någon). Har någon annan rapporterat "
    "sedan dess svarar API:t 409 och sparar inget. Utelämnad: ingen kontroll."
)


class ActivityReportWriteSerializer(serializers.Serializer):
    activity = serializers.IntegerField(min_value=1, max_value=MAX_NUMBER, help_text=_("Aktivitetens id."))
    period = serializers.IntegerField(
        min_value=1, help_text=_("Periodens id (en öppen period i aktivitetens plan).")
    )
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    based_on = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_NUMBER, help_text=BASED_ON
    )


class GoalReportWriteSerializer(serializers.Serializer):
    goal = serializers.IntegerField(min_value=1, max_value=MAX_NUMBER, help_text=_("Målets id."))
    period = serializers.IntegerField(
        min_value=1, help_text=_("Periodens id (en öppen period i målets plan).")
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    assessment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Ett steg i kommunens bedömningsskala.")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    actions = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    based_on = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_NUMBER, help_text=BASED_ON
    )


class ActivityReportConflictSerializer(ErrorSerializer):
    current = ActivityReportSerializer(
        allow_null=True, required=False, help_text=_("Rapporten som den är nu.")
    )


class GoalReportConflictSerializer(ErrorSerializer):
    current = GoalReportSerializer(allow_null=True, required=False, help_text=_("Rapporten som den är nu."))


class IndicatorValueWriteSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=MAX_NUMBER, help_text=_("Indikatorns id."))
    year = serializers.IntegerField(min_value=1900, max_value=2200, help_text=_("Året värdet avser."))
    scope = serializers.ChoiceField(choices=ValueScope.choices, help_text=_("Vems värdet är."))
    label = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=_("Jämförelsens namn, för annan."),
    )
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, default=Gender.TOTAL)
    value = serializers.DecimalField(
        max_digits=14,
        decimal_places=3,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Värdet, som tal eller text med punkt. Utelämnat: ange missing_reason."),
    )
    missing_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    rank = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_NUMBER
    )
    rank_of = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=MAX_NUMBER
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
