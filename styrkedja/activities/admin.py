from __future__ import annotations

from django.contrib import admin

from styrkedja.activities.models import Activity, ActivityCollaborator, ActivityProposal
from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.followup.models import ActivityReport


class CollaboratorInline(admin.TabularInline):
    model = ActivityCollaborator
    extra = 0
    autocomplete_fields = ["unit", "partner"]


class ActivityReportInline(admin.TabularInline):
    """Reports are history: shown here, added through the follow-up, never edited."""

    model = ActivityReport
    extra = 0
    fields = ["period", "status", "comment", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    list_display = ["__str__", "kind", "responsible_unit", "plan", "is_special_initiative"]
    list_filter = ["plan__municipality", "plan", "kind", "is_special_initiative", "priority"]
    search_fields = ["title"]
    list_select_related = ["responsible_unit", "plan"]
    autocomplete_fields = ["goal", "responsible_unit", "co_responsible_units", "carried_over_from"]
    inlines = [CollaboratorInline, ActivityReportInline]


@admin.register(ActivityProposal)
class ActivityProposalAdmin(AuditedModelAdmin):
    list_display = ["__str__", "responsible_unit", "plan", "state", "proposed_at"]
    list_filter = ["plan__municipality", "plan", "state"]
    search_fields = ["title"]
    list_select_related = ["responsible_unit", "plan"]
    autocomplete_fields = ["goal", "responsible_unit", "co_responsible_units", "activity"]
    readonly_fields = ["proposed_by", "proposed_at", "decided_by", "decided_at"]
