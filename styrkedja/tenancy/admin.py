from __future__ import annotations

from django.contrib import admin

from styrkedja.tenancy.models import Municipality, OrgUnit, Partner


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent", "municipality"]
    autocomplete_fields = ["parent"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]
