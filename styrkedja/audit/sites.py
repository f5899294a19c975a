"""Django's admin site, with the staff user's own password change going through the accounts service.

Django's AdminSite sets the password in its form; Styrkedja's PasswordChangeView sets it through
``accounts.services.password_change``, which writes the audit log. Installed in place of
django.contrib.admin by ``AuditedAdminConfig``.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse


class AuditedAdminSite(AdminSite):
    def password_change(self, request, extra_context=None):
        from django.contrib.admin.forms import AdminPasswordChangeForm

        from styrkedja.accounts.views import PasswordChangeView

        defaults = {
            "form_class": AdminPasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return PasswordChangeView.as_view(**defaults)(request)


class AuditedAdminConfig(AdminConfig):
    default_site = "styrkedja.audit.sites.AuditedAdminSite"
