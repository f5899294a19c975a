"""The background tasks' results in Django's admin, audited as every admin page is (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from styrkedja.audit.admin import AuditedAdminMixin

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class AuditedTaskResultAdmin(AuditedAdminMixin, DBTaskResultAdmin):
    pass
