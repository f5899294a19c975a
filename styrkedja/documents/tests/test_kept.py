"""Documents rendered once per state of the plan's data, kept, and rendered in the background.

The renders are counted through ``kept.document_rendered``, sent by the real renderer each time it
runs. The tests settings run tasks at once (the immediate backend); the tests of the queue use the
database backend and its real worker command, run in this process against the test database.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from styrkedja.documents.choices import RenderState
from styrkedja.documents.kept import NONCE_PLACEHOLDER, document_rendered
from styrkedja.documents.models import RenderedDocument, WordTemplate
from styrkedja.followup.services import activity_report_set
from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import Meeting, MeetingItem
from styrkedja.plans.selectors import plan_get_by_name

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def renders():
    """The renders made while the test runs, as (plan's year, period code or "", format)."""
    made = []

    def count(sender, plan, period, **kwargs):
        made.append((plan.year, period.code if period else "", sender))

    document_rendered.connect(count)
    yield made
    document_rendered.disconnect(count)


def _url(year: int, format: str, period: str = "") -> str:
    url = reverse("documents:download", args=["ks", year, format])
    return f"{url}?period={period}" if period else url


def _report_saved(user) -> None:
    plan = plan_get_by_name(name="mjolby/ks/2025")
    activity = plan.activities.order_by("order", "id").first()
    period = plan.periods.get(code="T1")
    activity_report_set(
        activity=activity, period=period, status="ongoing", comment="Nytt läge i april.", user=user
    )


@pytest.mark.parametrize("format", ["html", "xlsx"])
def test_an_unchanged_document_is_served_kept_and_a_saved_report_makes_only_its_plans_stale(
    client_as, members, renders, format
):
    client = client_as("mjolby-controller")
    first = client.get(_url(2025, format, "T1"))
    assert first.status_code == 200
    assert renders == [(2025, "T1", format)]
    again = client.get(_url(2025, format, "T1"))
    assert again.status_code == 200
    assert again.content == first.content or format == "html"  # the web page differs in its nonce only
    assert renders == [(2025, "T1", format)], "an unchanged document is served from storage"
    other = client.get(_url(2024, format, "T3"))
    assert other.status_code == 200
    assert len(renders) == 2

    _report_saved(members["mjolby-controller"])

    client.get(_url(2025, format, "T1"))
    assert renders[2:] == [(2025, "T1", format)], "the saved report made the follow-up stale"
    client.get(_url(2024, format, "T3"))
    assert len(renders) == 3, "another plan's document stays fresh"
    kept = RenderedDocument.objects.get(plan__year=2025, period__code="T1", format=format)
    assert kept.state == RenderState.DONE and kept.size == len(kept.file.read()) > 0
    assert kept.rendered_at is not None and kept.render_seconds >= 0


def test_the_kept_web_page_carries_each_requests_own_nonce(client_as, renders):
    client = client_as("mjolby-lasare")
    pages = [client.get(_url(2024, "html")) for _ in range(2)]
    assert len(renders) == 1
    for page in pages:
        html = page.content.decode()
        assert NONCE_PLACEHOLDER not in html
        assert f'nonce="{page.wsgi_request.csp_nonce}"' in html


def test_a_pdf_is_rendered_once(client_as, renders):
    client = client_as("mjolby-lasare")
    for _ in range(2):
        response = client.get(_url(2024, "pdf"))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert renders == [(2024, "", "pdf")]


@override_settings(TASKS=QUEUED)
def test_the_button_queues_one_task_the_progress_page_follows_it_and_the_worker_finishes_it(
    client_as, renders, monkeypatch
):
    client = client_as("mjolby-controller")
    progress = reverse("documents:progress", args=["ks", 2024, "docx"]) + "?period=T2"
    status = reverse("documents:progress_status", args=["ks", 2024, "docx"]) + "?period=T2"

    assert "Dokumentet har inte beställts ännu" in client.get(progress).content.decode()
    for _ in range(2):  # two presses of the same stale document
        response = client.get(_url(2024, "docx", "T2"))
        assert response.status_code == 302 and response["Location"] == progress
    assert DBTaskResult.objects.count() == 1, "two presses start one task"
    assert renders == []
    # A report saved while the task waits: the task, not yet begun, will render it; no second one.
    plan = plan_get_by_name(name="mjolby/ks/2024")
    plan.activities.filter(pk=plan.activities.order_by("pk").first().pk).update(title="Ändrad under väntan")
    assert client.get(_url(2024, "docx", "T2")).status_code == 302
    assert DBTaskResult.objects.count() == 1, "a press while the task waits queues no other"

    page = client.get(progress).content.decode()
    assert 'role="status"' in page and "Dokumentet skapas … (väntar på sin tur)" in page
    fragment = client.get(status).content.decode()
    assert f'hx-get="{status}"' in fragment.replace("&amp;", "&") and 'data-state="pending"' in fragment
    RenderedDocument.objects.filter(format="docx").update(state=RenderState.RUNNING)
    assert 'data-state="running"' in client.get(status).content.decode()
    RenderedDocument.objects.filter(format="docx").update(state=RenderState.PENDING)

    # The real worker command, in this process: the test database is this test's transaction,
    # which its between-tasks reconnection would end.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)

    assert renders == [(2024, "T2", "docx")]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    fragment = client.get(status).content.decode()
    assert 'data-state="done"' in fragment and "Klart:" in fragment and "hx-get" not in fragment
    download = client.get(_url(2024, "docx", "T2"))
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert download["Content-Disposition"].startswith("attachment;")
    assert renders == [(2024, "T2", "docx")], "the worker's file is served"


@override_settings(TASKS=QUEUED)
def test_a_failed_render_says_why_in_swedish_and_may_be_asked_again(client_as, mjolby, renders, monkeypatch):
    # A Word template stored before the checks of today, which Word documents cannot be made with.
    WordTemplate.objects.update_or_create(
        municipality=mjolby, defaults={"name": "gammal.docx", "content": b"nej"}
    )
    client = client_as("mjolby-controller")
    client.get(_url(2024, "docx"))
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)

    fragment = client.get(reverse("documents:progress_status", args=["ks", 2024, "docx"])).content.decode()
    assert 'data-state="failed"' in fragment
    assert (
        "Dokumentet kunde inte skapas." in fragment
        and "Kommunens Word-mall ”gammal.docx” kan inte användas" in fragment
    )
    assert "Försök igen" in fragment
    client.get(_url(2024, "docx"))
    assert DBTaskResult.objects.count() == 2, "pressing again after a failure asks again"
    assert RenderedDocument.objects.get(format="docx", period=None).state == RenderState.PENDING


def test_a_deleted_documents_file_leaves_the_storage(client_as, django_capture_on_commit_callbacks):
    client_as("mjolby-lasare").get(_url(2024, "xlsx"))
    kept = RenderedDocument.objects.get(format="xlsx")
    storage, name = kept.file.storage, kept.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        kept.delete()
    assert not storage.exists(name)


def test_a_kept_file_gone_from_storage_is_rendered_again_not_an_error(client_as, renders):
    """A media folder restored without its files, or a bucket emptied: stale, not a server error."""
    from django.core.files.storage import default_storage

    client = client_as("mjolby-lasare")
    first = client.get(_url(2024, "xlsx"))
    kept = RenderedDocument.objects.get(plan__year=2024, period=None, format="xlsx")
    default_storage.delete(kept.file.name)
    again = client.get(_url(2024, "xlsx"))
    assert again.status_code == 200 and again.content[:2] == first.content[:2] == b"PK"
    assert len(renders) == 2


def test_a_meetings_underlag_is_kept_and_made_again_when_what_it_shows_changes(client_as, members, renders):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    goal = plan.activities.order_by("order", "id").first().goal
    meeting = Meeting.objects.create(plan=plan, body=MeetingBody.KS, date=datetime.date(2025, 5, 20))
    MeetingItem.objects.create(meeting=meeting, goal=goal)
    url = reverse("meetings:underlag", args=["ks", 2025, meeting.pk, "docx"])
    client = client_as("mjolby-lasare")

    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"PK")
    assert 'filename="mjolby-ks-2025-underlag-ks-2025-05-20.docx"' in first["Content-Disposition"]
    assert client.get(url).content == first.content
    assert renders == [(2025, "", "docx")], "an unchanged underlag is served from storage"
    # The plan's own document is another kept document: the underlag's row is the meeting's.
    kept = RenderedDocument.objects.get(meeting=meeting, format="docx")
    assert kept.period is None and kept.plan == plan

    _report_saved(members["mjolby-controller"])  # a report of the goal the meeting hears
    client.get(url)
    assert len(renders) == 2, "the saved report made the underlag stale"
    other = Meeting.objects.create(plan=plan, body=MeetingBody.AU, date=datetime.date(2025, 5, 21))
    client.get(reverse("meetings:underlag", args=["ks", 2025, other.pk, "docx"]))
    client.get(url)
    assert len(renders) == 3, "another meeting's underlag is its own; this one stays fresh"


@override_settings(TASKS=QUEUED)
def test_the_underlag_is_queued_and_its_progress_page_leads_back_to_the_meeting(client_as):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    meeting = Meeting.objects.create(plan=plan, body=MeetingBody.KS, date=datetime.date(2025, 5, 20))
    args = ["ks", 2025, meeting.pk, "pdf"]
    client = client_as("mjolby-lasare")
    response = client.get(reverse("meetings:underlag", args=args))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:underlag_progress", args=args)
    page = client.get(response["Location"]).content.decode()
    assert "Underlaget till KS 2025-05-20 som PDF" in page
    assert "Dokumentet skapas … (väntar på sin tur)" in page
    assert reverse("meetings:detail", args=args[:3]) in page and "Tillbaka till sammanträdet" in page
    status = client.get(reverse("meetings:underlag_progress_status", args=args)).content.decode()
    assert 'data-state="pending"' in status
    assert DBTaskResult.objects.count() == 1
