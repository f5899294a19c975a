"""The plan page's button that fetches indicator values from Kolada."""

from __future__ import annotations

from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.indicators import tasks
from styrkedja.indicators.kolada import KoladaError
from styrkedja.jobs.models import Job


def _outcome(response) -> str:
    return response.context["job"].outcome["message"]


def test_the_button_reports_kolada_failures_in_swedish_and_writes_nothing(client_as, monkeypatch):
    def fail(**kwargs):
        raise KoladaError("Kolada svarade inte inom 20 sekunder.")

    monkeypatch.setattr(tasks, "kolada_sync", fail)
    response = client_as("mjolby-controller").post(
        reverse("indicators:kolada_sync", args=["ks", 2024]), follow=True
    )

    assert response.status_code == 200
    assert _outcome(response) == "Inget hämtades från Kolada. Kolada svarade inte inom 20 sekunder."
    assert "Inte genomfört:" in response.content.decode()


def test_the_button_says_when_no_indicator_is_linked(client_as, monkeypatch):
    from styrkedja.indicators.services import SyncResult

    monkeypatch.setattr(tasks, "kolada_sync", lambda *, plan, user: SyncResult(plan=plan, years=[2024]))
    response = client_as("mjolby-controller").post(
        reverse("indicators:kolada_sync", args=["ks", 2024]), follow=True
    )

    assert _outcome(response) == "Ingen av planens indikatorer är kopplad till ett nyckeltal i Kolada."


def test_the_button_starts_the_fetch_in_the_background_and_shows_its_page(client_as, members, monkeypatch):
    """The request only queues the fetch: the job is recorded, the task given its id, and the
    page it leads to shows the outcome once the task has run (immediately, in the tests)."""
    from styrkedja.indicators.services import SyncResult

    asked = []

    def sync(*, plan, user):
        asked.append((plan.name, user.username))
        return SyncResult(plan=plan, years=[2024])

    monkeypatch.setattr(tasks, "kolada_sync", sync)
    response = client_as("mjolby-controller").post(reverse("indicators:kolada_sync", args=["ks", 2024]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert asked == [("mjolby/ks/2024", "mjolby-controller")]
    assert job.state == "done" and job.task_id and job.started_by == members["mjolby-controller"]
    assert job.finished_at >= job.started_at >= job.created_at
    entry = AuditEntry.objects.get(action="jobs.job.started")
    assert entry.data["kind"] == "kolada_sync" and entry.data["plan"] == "mjolby/ks/2024"

    page = client_as("mjolby-controller").get(response["Location"]).content.decode()
    assert "Hämtning från Kolada: Verksamhetsplan 2024" in page
    assert reverse("plans:detail", args=["ks", 2024]) in page
    # The job is the municipality's managers': another municipality's does not find it.
    assert client_as("valdemarsvik-controller").get(response["Location"]).status_code == 404
    assert client_as("mjolby-rapportor").get(response["Location"]).status_code == 403


def test_only_managers_may_fetch(client_as):
    url = reverse("indicators:kolada_sync", args=["ks", 2024])
    assert client_as("mjolby-rapportor").post(url).status_code == 403
    assert client_as("mjolby-controller").get(url).status_code == 405


def test_the_administrator_sets_the_kolada_code_and_comparisons_in_a_page(client_as, members):
    from styrkedja.audit.models import AuditEntry
    from styrkedja.indicators.models import KoladaSettings

    client = client_as("mjolby-administrator")
    url = reverse("indicators:kolada_settings")
    assert "Kommunkod i Kolada" in client.get(url).content.decode()

    refused = client.post(url, {"municipality_code": "586", "comparison": "0580 Linköping"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "Rad 1, ”0580 Linköping”: skriv id=namn" in page
    assert not KoladaSettings.objects.filter(municipality__slug="mjolby").exists()

    saved = client.post(url, {"municipality_code": "0586", "comparison": "0580=Linköping\n\n0581=Norrköping"})
    assert saved.status_code == 302
    settings = KoladaSettings.objects.get(municipality__slug="mjolby")
    assert settings.municipality_code == "0586"
    assert settings.comparison == [{"id": "0580", "name": "Linköping"}, {"id": "0581", "name": "Norrköping"}]
    entry = AuditEntry.objects.get(action="indicators.kolada.settings_set", object_id=str(settings.pk))
    assert entry.user == members["mjolby-administrator"]
    assert "0580=Linköping" in client.get(url).content.decode()
    # Only the administratör: a controller is refused.
    assert client_as("mjolby-controller").get(url).status_code == 403


def test_the_goal_page_says_when_kolada_last_gave_the_values(client_as, mjolby_plan):
    import datetime

    from django.utils import timezone

    indicator = mjolby_plan.goals.filter(indicators__isnull=False).first().indicators.first()
    indicator.kolada_kpi = "N00002"
    indicator.save()
    url = reverse("goals:detail", args=[indicator.goal_id])
    client = client_as("mjolby-lasare")
    assert "Källa: Kolada (N00002)." in client.get(url).content.decode()

    indicator.kolada_fetched_at = timezone.make_aware(datetime.datetime(2026, 11, 30, 14, 5))
    indicator.save()
    assert "Källa: Kolada (N00002), senast hämtat 30 november 2026." in client.get(url).content.decode()
