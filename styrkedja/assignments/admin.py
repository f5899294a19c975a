from __future__ import annotations

from django.contrib import admin

from styrkedja.assignments.models import Assignment, AssignmentReport
from styrkedja.audit.admin import AuditedModelAdmin


class AssignmentReportInline(admin.TabularInline):
    model = AssignmentReport
    extra = 0
    readonly_fields = ["created_by", "created_at"]


@admin.register(Assignment)
class AssignmentAdmin(AuditedModelAdmin):
    list_display = ["__str__", "plan", "goal"]
    list_filter = ["plan__municipality", "plan"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["goal"]
    inlines = [AssignmentReportInline]
