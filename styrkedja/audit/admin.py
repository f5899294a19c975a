from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from styrkedja.audit.actions import action_label
from styrkedja.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is history and is never edited. Entries without a municipality are the host's."""

    list_display = ["created_at", "municipality", "user_name", "action_text", "object_repr"]
    list_filter = ["municipality", "action"]
    search_fields = ["object_repr", "action", "user_name"]
    date_hierarchy = "created_at"

    @admin.display(description=_("händelse"))
    def action_text(self, entry: AuditEntry) -> str:
        return action_label(entry.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
