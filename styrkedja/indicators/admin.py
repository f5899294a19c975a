from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.indicators.models import Indicator, IndicatorValue, KoladaSettings


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    readonly_fields = ["fetched_at"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ["__str__", "goal", "source", "target", "kolada_kpi"]
    list_filter = ["goal__municipality"]
    search_fields = ["name", "source", "kolada_kpi"]
    autocomplete_fields = ["goal"]
    # When Kolada last gave the indicator's values; each value's own time is when its number came.
    readonly_fields = ["kolada_fetched_at"]
    inlines = [IndicatorValueInline]


@admin.register(KoladaSettings)
class KoladaSettingsAdmin(AuditedModelAdmin):
    list_display = ["municipality", "municipality_code"]
