from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem


class MeetingItemInline(admin.TabularInline):
    model = MeetingItem
    extra = 0
    autocomplete_fields = ["goal", "assignment"]


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["date", "body", "plan"]
    list_filter = ["plan__municipality", "body"]
    inlines = [MeetingItemInline]


@admin.register(BudgetMilestone)
class BudgetMilestoneAdmin(AuditedModelAdmin):
    list_display = ["title", "when_text", "date", "plan", "order"]
    list_filter = ["plan__municipality", "plan"]
