"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from styrkedja.api.models import ApiToken


def api_tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included (they are history)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_by_digest(*, digest: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user__membership__municipality").filter(secret_hash=digest).first()
    )
