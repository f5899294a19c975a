from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.plans.models import Plan, PlanSection


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0
    autocomplete_fields = ["sector"]


class FollowUpPeriodInline(admin.TabularInline):
    model = FollowUpPeriod
    extra = 0
    fields = ["code", "name", "ends_on", "closed_at"]
    readonly_fields = ["closed_at"]


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ["title", "board", "year", "municipality", "budget_period_label"]
    list_filter = ["municipality", "year"]
    search_fields = ["title"]
    list_select_related = ["board", "municipality"]
    autocomplete_fields = ["board", "carried_over_from"]
    inlines = [FollowUpPeriodInline, PlanSectionInline]


@admin.register(PlanSection)
class PlanSectionAdmin(AuditedModelAdmin):
    list_display = ["__str__", "key", "plan", "order"]
    list_filter = ["plan__municipality", "key"]
    search_fields = ["heading", "body"]
