from __future__ import annotations

from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin
from styrkedja.reminders.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(AuditedModelAdmin):
    """What was sent is kept as it was: readable in the admin, written by the reminders' service."""

    list_display = ["period", "user", "email", "sent_at", "sent_by"]
    list_filter = ["period__plan__municipality"]
    search_fields = ["user__username", "email"]
    list_select_related = ["period__plan", "user", "sent_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
