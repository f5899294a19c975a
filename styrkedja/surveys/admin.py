from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.surveys.models import SurveyReport, SurveyResult, UserSurvey


class SurveyReportInline(admin.TabularInline):
    model = SurveyReport
    extra = 0
    readonly_fields = ["created_by", "created_at"]


class SurveyResultInline(admin.TabularInline):
    model = SurveyResult
    extra = 0


@admin.register(UserSurvey)
class UserSurveyAdmin(AuditedModelAdmin):
    list_display = ["unit", "kind", "contact", "plan"]
    list_filter = ["plan__municipality", "plan"]
    autocomplete_fields = ["unit"]
    inlines = [SurveyReportInline, SurveyResultInline]
