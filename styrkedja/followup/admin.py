from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.followup.models import (
    ActivityReport,
    AssessmentStep,
    FollowUpPeriod,
    GoalReport,
    PeriodComment,
)


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "ends_on", "plan", "closed_at"]
    list_filter = ["plan__municipality", "plan"]
    readonly_fields = ["closed_at"]


class ReportAdmin(AuditedModelAdmin):
    """Reports are history rows: readable in the admin, written through the follow-up services."""

    list_filter = ["period__plan__municipality", "period"]
    readonly_fields = ["created_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityReport)
class ActivityReportAdmin(ReportAdmin):
    list_display = ["activity", "period", "status", "created_by", "created_at"]
    search_fields = ["activity__title", "comment"]


@admin.register(GoalReport)
class GoalReportAdmin(ReportAdmin):
    list_display = ["goal", "period", "assessment", "created_by", "created_at"]
    search_fields = ["comment"]


@admin.register(PeriodComment)
class PeriodCommentAdmin(ReportAdmin):
    list_display = ["period", "topic", "created_by", "created_at"]


@admin.register(AssessmentStep)
class AssessmentStepAdmin(AuditedModelAdmin):
    list_display = ["label", "key", "order", "municipality"]
    list_filter = ["municipality"]
