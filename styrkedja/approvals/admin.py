from __future__ import annotations

from django.contrib import admin

from styrkedja.approvals.models import ApprovalStep
from styrkedja.audit.admin import AuditedModelAdmin


@admin.register(ApprovalStep)
class ApprovalStepAdmin(AuditedModelAdmin):
    """The steps are history rows: readable in the admin, written through the approval's services."""

    list_display = ["unit", "period", "action", "created_by", "created_at"]
    list_filter = ["period__plan__municipality", "action"]
    search_fields = ["unit__name", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
