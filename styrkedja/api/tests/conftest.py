from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from styrkedja.api.choices import TokenAccess
from styrkedja.api.services import api_token_create


@pytest.fixture
def token_for(members):
    """``token_for("mjolby-rapportor", write=True)``: the secret of a new token of a demo user."""

    def make(username: str, *, write: bool = True, days: int = 30) -> str:
        _token, secret = api_token_create(
            user=members[username],
            name=f"Test {username}",
            expires_on=timezone.localdate() + datetime.timedelta(days=days),
            access=TokenAccess.WRITE if write else TokenAccess.READ,
        )
        return secret

    return make


@pytest.fixture
def api_as(token_for):
    """A client that sends a token of the user in every request: ``api_as("mjolby-controller")``."""

    def make(username: str, *, write: bool = True) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(username, write=write)}"})

    return make


@pytest.fixture
def mjolby_open_period(members):
    """An activity of Kommunledningskontoret (the demo rapportör's unit) in Mjölby 2025, whose T1 is
    open, and that period."""
    from styrkedja.plans.selectors import plan_get_by_name

    plan = plan_get_by_name(name="mjolby/ks/2025")
    activity = plan.activities.filter(responsible_unit__name="Kommunledningskontoret").order_by("pk").first()
    return activity, plan.periods.get(code="T1")
