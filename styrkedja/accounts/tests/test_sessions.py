"""Sessions end on the server after an idle hour and twelve hours after the log-in; the user is told why."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.contrib.sessions.models import Session
from django.urls import reverse

from styrkedja.accounts.sessions import LOGGED_IN_AT, SEEN_AT
from styrkedja.audit.models import AuditEntry

ROOT = Path(__file__).resolve().parents[3]


def _shift(client, **seconds_ago: int) -> None:
    """Move the session's clock back: ``_shift(client, seen=3600)``."""
    session = client.session
    now = int(time.time())
    if "seen" in seconds_ago:
        session[SEEN_AT] = now - seconds_ago["seen"]
    if "logged_in" in seconds_ago:
        session[LOGGED_IN_AT] = now - seconds_ago["logged_in"]
    session.save()


def test_an_idle_session_ends_and_the_log_in_page_says_why(client_as, members, settings):
    client = client_as("mjolby-rapportor")
    assert client.get(reverse("followup:start")).status_code == 200
    _shift(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)

    response = client.get(reverse("followup:start"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    body = response.content.decode()
    assert "Du har loggats ut eftersom du inte har använt Styrkedja på 60 minuter. Logga in igen." in body
    assert client.get(reverse("followup:start")).status_code == 302  # still logged out
    entry = AuditEntry.objects.get(action="accounts.session.expired")
    user = members["mjolby-rapportor"]
    assert (entry.user, entry.object_id, entry.municipality.slug) == (user, str(user.pk), "mjolby")
    assert entry.data["reason"] == "idle"
    assert not AuditEntry.objects.filter(action="accounts.logout").exists()


def test_a_session_ends_twelve_hours_after_the_log_in_however_busy(client_as, settings):
    client = client_as("mjolby-controller")
    _shift(client, logged_in=settings.SESSION_ABSOLUTE_TIMEOUT + 1, seen=5)

    response = client.get(reverse("plans:list"), follow=True)

    body = response.content.decode()
    assert "Du har loggats ut eftersom det har gått 12 timmar sedan du loggade in. Logga in igen." in body
    assert AuditEntry.objects.get(action="accounts.session.expired").data["reason"] == "absolute"


def test_an_active_session_goes_on_and_is_written_at_most_once_a_minute(client_as):
    client = client_as("mjolby-lasare")
    key = client.session.session_key
    stored = Session.objects.get(pk=key).session_data
    for _request in range(3):
        assert client.get(reverse("followup:start")).status_code == 200
    assert Session.objects.get(pk=key).session_data == stored  # not written by reading pages

    _shift(client, seen=61)
    stored = Session.objects.get(pk=key).session_data
    assert client.get(reverse("followup:start")).status_code == 200
    assert Session.objects.get(pk=key).session_data != stored
    assert abs(client.session[SEEN_AT] - time.time()) < 5  # the idle time starts again


def test_the_limits_are_settings(client_as, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    client = client_as("mjolby-lasare")
    _shift(client, seen=11 * 60)
    body = client.get(reverse("followup:start"), follow=True).content.decode()
    assert "inte har använt Styrkedja på 10 minuter" in body


def _limits(env: dict) -> list[str]:
    code = "from styrkedja import settings as s; print(s.SESSION_IDLE_TIMEOUT, s.SESSION_ABSOLUTE_TIMEOUT)"
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.split()


def test_the_limits_are_read_from_the_environment():
    default = {key: value for key, value in os.environ.items() if not key.startswith("SESSION_")}
    assert _limits(default) == ["3600", "43200"]
    assert _limits({**default, "SESSION_IDLE_MINUTES": "15", "SESSION_ABSOLUTE_HOURS": "8"}) == [
        "900",
        "28800",
    ]


def test_an_htmx_request_after_the_end_is_answered_with_the_reason_not_the_log_in_page(client_as, settings):
    client = client_as("mjolby-rapportor")
    _shift(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(reverse("followup:start"), HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert "Du har loggats ut" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.session.expired").count() == 1
