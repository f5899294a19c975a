"""API tokens: made on the member's own page, stored only as a digest, refused when expired,
revoked or unknown, and every step in the audit log."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styrkedja.api.choices import TokenAccess
from styrkedja.api.models import ApiToken
from styrkedja.api.services import MAX_DAYS, api_token_create, api_token_revoke
from styrkedja.audit.models import AuditEntry

PLANS = "/api/v1/plans/"


def _all_text_in_database() -> str:
    """Every value of every table, as text: where a secret must not be."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            texts += [str(value) for row in cursor.fetchall() for value in row]
    return "\n".join(texts)


def test_the_page_makes_a_token_shows_its_secret_once_and_keeps_only_a_digest(client_as, members):
    client = client_as("mjolby-lasare")
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("api:tokens"), {"name": "Ekonomisystemet", "expires_on": expires, "access": "read"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=members["mjolby-lasare"])
    secret = response.context["secret"]
    assert len(secret) >= 40 and secret.startswith(token.prefix)
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in _all_text_in_database()
    # Shown once: the list shows the prefix, never the secret.
    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and f"{token.prefix}…" in again and "Ekonomisystemet" in again
    entry = AuditEntry.objects.get(action="api.token.created")
    assert entry.user == members["mjolby-lasare"] and entry.municipality.slug == "mjolby"
    assert entry.data["prefix"] == token.prefix and secret not in str(entry.data)
    # And the token works.
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get(PLANS).status_code == 200


def test_the_page_refuses_a_token_without_name_or_beyond_a_year(client_as, members):
    client = client_as("mjolby-rapportor")
    too_late = (timezone.localdate() + datetime.timedelta(days=MAX_DAYS + 1)).isoformat()
    response = client.post(reverse("api:tokens"), {"name": "", "expires_on": too_late, "access": "write"})
    assert response.status_code == 422
    response = client.post(reverse("api:tokens"), {"name": "X", "expires_on": too_late, "access": "write"})
    assert response.status_code == 422
    assert "högst 365 dagar" in response.content.decode()
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("api:tokens"), {"name": "X", "expires_on": yesterday, "access": "read"})
    assert response.status_code == 422 and "har redan varit" in response.content.decode()
    assert not ApiToken.objects.filter(user=members["mjolby-rapportor"]).exists()


def test_the_page_is_for_members_only(members):
    response = Client().get(reverse("api:tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_revoked_token_is_refused_and_both_steps_are_audited(client_as, members, token_for):
    secret = token_for("mjolby-controller")
    token = ApiToken.objects.get(user=members["mjolby-controller"])
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get(PLANS).status_code == 200
    response = client_as("mjolby-controller").post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id=str(token.pk)).exists()
    response = api.get(PLANS)
    assert response.status_code == 401
    assert response.json()["detail"] == "API-nyckeln är återkallad."
    rejected = AuditEntry.objects.get(action="api.token.rejected")
    assert rejected.data["reason"] == "revoked" and rejected.municipality.slug == "mjolby"


def test_another_users_token_cannot_be_revoked(client_as, members, token_for):
    token_for("mjolby-controller")
    token = ApiToken.objects.get(user=members["mjolby-controller"])
    assert (
        client_as("mjolby-administrator").post(reverse("api:token_revoke", args=[token.pk])).status_code
        == 404
    )
    with pytest.raises(ValidationError):
        api_token_revoke(token=token, user=members["mjolby-administrator"])
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_refused(members, token_for):
    secret = token_for("mjolby-controller")
    ApiToken.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get(PLANS)
    assert response.status_code == 401
    assert "gällde till och med" in response.json()["detail"]
    assert AuditEntry.objects.get(action="api.token.rejected").data["reason"] == "expired"


def test_a_token_is_valid_through_its_last_day(members):
    _token, secret = api_token_create(
        user=members["mjolby-lasare"],
        name="Sista dagen",
        expires_on=timezone.localdate(),
        access=TokenAccess.READ,
    )
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get(PLANS).status_code == 200


def test_an_unknown_or_malformed_token_is_refused_and_audited_without_the_secret(members):
    response = Client(headers={"Authorization": "Bearer finns-inte-alls-0123456789"}).get(PLANS)
    assert response.status_code == 401
    assert response.json()["detail"] == "Okänd API-nyckel."
    assert response["WWW-Authenticate"].startswith("Bearer")
    entry = AuditEntry.objects.get(action="api.token.rejected")
    assert entry.municipality is None and entry.data["reason"] == "unknown"
    assert "0123456789" not in entry.object_repr
    response = Client(headers={"Authorization": "Bearer a b"}).get(PLANS)
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


def test_without_a_token_the_api_answers_401(db):
    response = Client().get(PLANS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_is_not_a_token(client_as):
    assert client_as("mjolby-administrator").get(PLANS).status_code == 401


def test_an_inactive_user_or_one_without_membership_gets_nothing(members, token_for):
    secret = token_for("mjolby-controller")
    user = members["mjolby-controller"]
    user.is_active = False
    user.save()
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get(PLANS)
    assert response.status_code == 401
    user.is_active = True
    user.save()
    user.membership.delete()
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get(PLANS)
    assert response.status_code == 401
    reasons = set(
        AuditEntry.objects.filter(action="api.token.rejected").values_list("data__reason", flat=True)
    )
    assert reasons == {"user_inactive", "no_membership"}


def test_last_used_at_is_noted(members, token_for):
    secret = token_for("mjolby-lasare")
    token = ApiToken.objects.get(user=members["mjolby-lasare"])
    assert token.last_used_at is None
    Client(headers={"Authorization": f"Bearer {secret}"}).get(PLANS)
    token.refresh_from_db()
    assert token.last_used_at is not None and timezone.now() - token.last_used_at < datetime.timedelta(
        minutes=1
    )


def test_a_read_only_token_never_writes(members, token_for, mjolby_open_period):
    secret = token_for("mjolby-administrator", write=False)
    activity, period = mjolby_open_period
    response = Client(headers={"Authorization": f"Bearer {secret}"}).post(
        "/api/v1/activity-reports/",
        {"activity": activity.pk, "period": period.pk, "status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "bara läsa" in response.json()["detail"]
    assert not activity.reports.filter(period=period).exists()
