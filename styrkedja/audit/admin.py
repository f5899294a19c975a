"""Django's admin, audited: every add, change and delete, with each field's value before and after.

Every ``admin.py`` of Styrkedja builds on ``AuditedModelAdmin``; the admins of Django's auth
(users, groups) and of django-axes (log-in attempts: deleting one lifts a lock-out) are
registered again here with the same behaviour. Inline rows are logged as objects of their own.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from styrkedja.audit.actions import action_label
from styrkedja.audit.models import AuditEntry
from styrkedja.audit.services import audit_log
from styrkedja.audit.snapshots import (
    changes,
    created,
    deleted,
    deleted_with,
    field_values,
    saved_values,
)
from styrkedja.tenancy.paths import municipality_of

# Where save_model leaves the saved values of the object being changed, for save_related to compare.
_BEFORE = "_audit_before"


def _log(request, action: str, obj, data: dict[str, Any], municipality=None) -> None:
    audit_log(
        municipality=municipality if municipality is not None else municipality_of(obj),
        action=action,
        obj=obj,
        user=request.user,
        data=data,
    )


class AuditedAdminMixin:
    """Writes the audit log for what the admin's forms, inlines, list editing and delete actions do."""

    def save_model(self, request, obj, form, change):
        if change:
            setattr(request, _BEFORE, saved_values(obj))  # the form has already changed the instance
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # many-to-many values and inline rows
        obj = form.instance
        after = field_values(obj)
        if change:
            data = changes(getattr(request, _BEFORE, {}), after)
            if data:
                _log(request, "admin.object.changed", obj, data)
        else:
            _log(request, "admin.object.created", obj, created(after))

    def save_formset(self, request, form, formset, change):
        before = {id(item.instance): saved_values(item.instance) for item in formset.initial_forms}
        pks = {id(item.instance): item.instance.pk for item in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _log(request, "admin.object.created", obj, created(field_values(obj)))
        for obj, _fields in formset.changed_objects:
            data = changes(before[id(obj)], field_values(obj))
            if data:
                _log(request, "admin.object.changed", obj, data)
        for obj in formset.deleted_objects:
            obj.pk = pks[id(obj)]  # deleting cleared it; the entry names the row that was
            _log(request, "admin.object.deleted", obj, deleted(before[id(obj)]))

    def delete_model(self, request, obj):
        with transaction.atomic():
            entry = self._deletion(obj)
            super().delete_model(request, obj)
            self._log_deletion(request, obj, *entry)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            entries = [(obj, self._deletion(obj)) for obj in queryset]
            super().delete_queryset(request, queryset)
            for obj, entry in entries:
                self._log_deletion(request, obj, *entry)

    @staticmethod
    def _deletion(obj) -> tuple:
        """What the entry of a deletion needs, read before the rows are gone."""
        from styrkedja.tenancy.models import Municipality

        data = deleted(field_values(obj))
        cascade = deleted_with(obj)
        if cascade:
            data["deleted_with_it"] = cascade
        # A deleted municipality's entry is the host's: the municipality is gone.
        municipality = None if isinstance(obj, Municipality) else municipality_of(obj)
        return obj.pk, data, municipality

    @staticmethod
    def _log_deletion(request, obj, pk, data, municipality) -> None:
        obj.pk = pk
        audit_log(
            municipality=municipality, action="admin.object.deleted", obj=obj, user=request.user, data=data
        )


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin in Styrkedja."""


class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
    def log_change(self, request, obj, message):
        super().log_change(request, obj, message)
        # Django's own password form saves without save_model: its entry says that, never what.
        if request.resolver_match and request.resolver_match.url_name.endswith("_password_change"):
            _log(request, "admin.user.password_set", obj, {"has_usable_password": obj.has_usable_password()})


class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    pass


def _register_again(model, admin_class) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, admin_class)


_register_again(get_user_model(), AuditedUserAdmin)
_register_again(Group, AuditedGroupAdmin)
for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        _original = type(admin.site.get_model_admin(_model))
        _register_again(_model, type(f"Audited{_original.__name__}", (AuditedAdminMixin, _original), {}))


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedModelAdmin):
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
