from __future__ import annotations

import contextlib
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from styrkedja.activities.models import Activity
from styrkedja.backup.services import municipality_export
from styrkedja.documents.services import word_template_set
from styrkedja.followup.choices import Assessment
from styrkedja.followup.models import AssessmentStep
from styrkedja.followup.services import activity_report_set, goal_report_set, period_close, period_open
from styrkedja.indicators.services import kolada_settings_set
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.tenancy.models import Membership, Municipality
from styrkedja.tenancy.services import member_set_password

PASSWORD = "flytt-till-ny-server"


def word_template() -> bytes:
    from docx import Document

    template = Document()
    template.sections[0].header.paragraphs[0].text = "Mjölby kommun – grafisk profil"
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def make_history() -> None:
    """Reports through the services with their authors, so that there is history and an audit log.

    Needs the demo's members (``load_demo``). Mjölby's 2025 plan has T1 open; T2 is opened,
    reported and closed; the reporter changes an activity twice, so it has three rows.
    """
    mjolby = Municipality.objects.get(slug="mjolby")
    plan = plan_get_by_name(name="mjolby/ks/2025")
    members = {
        m.user.username: m.user for m in Membership.objects.filter(municipality=mjolby).select_related("user")
    }
    controller, reporter = members["mjolby-controller"], members["mjolby-rapportor"]
    t1, t2 = plan.periods.get(code="T1"), plan.periods.get(code="T2")
    activities = list(Activity.objects.filter(plan=plan).order_by("order")[:3])
    for status in ("ongoing", "done"):
        activity_report_set(
            activity=activities[0], period=t1, status=status, comment=f"Läget: {status}.", user=reporter
        )
    activity_report_set(activity=activities[1], period=t1, status="not_started", comment="", user=controller)
    goal = activities[0].goal
    goal_report_set(goal=goal, period=t1, comment="Målet följs.", user=controller)
    goal.sdgs.add(3, 11)  # rows of the installation, named by their number
    period_open(period=t2, due_on=datetime.date(2025, 9, 15), user=controller)
    activity_report_set(
        activity=activities[2], period=t2, status="ongoing", comment="Halvvägs.", user=reporter
    )
    period_close(period=t2, user=controller)
    administrator = members["mjolby-administrator"]
    word_template_set(
        municipality=mjolby, name="mjolby-mall.docx", content=word_template(), user=administrator
    )
    kolada_settings_set(
        municipality=mjolby,
        municipality_code="0586",
        comparison=[{"id": "0580", "name": "Linköping"}],
        user=administrator,
    )
    AssessmentStep.objects.create(municipality=mjolby, key=Assessment.ACHIEVED, label="Uppnått", order=1)
    AssessmentStep.objects.create(
        municipality=mjolby, key=Assessment.NOT_ACHIEVED, label="Ej uppnått", order=2
    )
    member_set_password(membership=administrator.membership, user=administrator, password=PASSWORD)


@pytest.fixture
def history(members):
    make_history()
    return members


@contextlib.contextmanager
def history_for_a_while(django_db_blocker):
    """The demo's members and ``make_history`` in the test database, rolled back after the block.

    For module-scoped fixtures, which write a file once for many tests.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        make_history()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def mjolby_file(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """Mjölby with history, written once for the module's tests."""
    path = tmp_path_factory.mktemp("export") / "mjolby.jsonl"
    with history_for_a_while(django_db_blocker):
        municipality_export(municipality=Municipality.objects.get(slug="mjolby"), path=path)
    return path
