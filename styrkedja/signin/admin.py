"""allauth's admin pages are replaced: they are not audited, and SocialApp's shows the client secret.

The municipality's administratör sets the provider on Styrkedja's own page. The host keeps one
audited page: the users' TOTP authenticators, to remove one whose telephone is lost.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

from styrkedja.audit.admin import AuditedModelAdmin

for model in (SocialApp, SocialToken, SocialAccount, EmailAddress, EmailConfirmation, Authenticator):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Authenticator)
class AuthenticatorAdmin(AuditedModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username"]
    ordering = ["user__username", "pk"]
    # The secret stays out of the page; the host removes an authenticator, never reads it.
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = ["user", "type", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
