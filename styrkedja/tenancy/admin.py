from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit, Partner


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "municipality"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent", "municipality"]
    autocomplete_fields = ["parent"]


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "municipality", "role"]
    list_filter = ["municipality", "role"]
    search_fields = ["user__username"]
    autocomplete_fields = ["units"]
