from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.goals.models import Goal, GoalLevel, SustainableDevelopmentGoal
from styrkedja.indicators.models import Indicator


@admin.register(GoalLevel)
class GoalLevelAdmin(AuditedModelAdmin):
    list_display = ["name", "depth", "key", "municipality"]
    list_filter = ["municipality"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(AuditedModelAdmin):
    list_display = ["number", "name"]


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(AuditedModelAdmin):
    list_display = ["__str__", "plan", "level", "number", "order"]
    list_filter = ["municipality", "plan", "level"]
    search_fields = ["title", "text", "key"]
    list_select_related = ["plan", "level"]
    autocomplete_fields = ["parent", "contributes_to"]
    filter_horizontal = ["sdgs"]
    inlines = [IndicatorInline]
