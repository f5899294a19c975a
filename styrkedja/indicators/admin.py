from __future__ import annotations

from django.contrib import admin

from styrkedja.indicators.models import Indicator, IndicatorValue


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "goal", "source", "target"]
    list_filter = ["goal__municipality"]
    search_fields = ["name", "source"]
    autocomplete_fields = ["goal"]
    inlines = [IndicatorValueInline]
