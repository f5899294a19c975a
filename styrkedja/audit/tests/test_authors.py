"""An entry keeps its author's name: deleting the user leaves the history readable."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.audit.services import audit_log
from styrkedja.followup.services import activity_report_set
from styrkedja.plans.selectors import plan_get_by_name


def test_the_authors_name_is_written_with_the_entry(mjolby_plan, members):
    controller = members["mjolby-controller"]
    controller.first_name, controller.last_name = "Carl", "Controller"
    controller.save()
    entry = audit_log(
        municipality=mjolby_plan.municipality, action="goals.goal.changed", obj=mjolby_plan, user=controller
    )
    assert entry.user_name == "Carl Controller (mjolby-controller)"
    # A later change of the name does not rewrite history.
    controller.first_name = "Karl"
    controller.save()
    entry.refresh_from_db()
    assert entry.user_name == "Carl Controller (mjolby-controller)"


def test_a_deleted_users_changes_still_name_them_in_the_history(client_as, members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    activity = plan.activities.filter(responsible_unit__name="Kommunledningskontoret").first()
    reporter = members["mjolby-rapportor"]
    activity_report_set(
        activity=activity,
        period=plan.periods.get(code="T1"),
        status="ongoing",
        comment="Upphandlingen pågår.",
        user=reporter,
    )
    entries = AuditEntry.objects.filter(user=reporter)
    count = entries.count()
    assert count >= 1

    reporter.delete()

    kept = AuditEntry.objects.filter(user_name="mjolby-rapportor", user__isnull=True)
    assert kept.count() == count
    page = client_as("mjolby-lasare").get(reverse("activities:detail", args=[activity.pk])).content.decode()
    history = page.split("Historik")[1]
    assert "mjolby-rapportor" in history
    assert "Upphandlingen pågår." in history


def test_the_migration_gives_existing_entries_their_authors_name(mjolby_plan, members):
    reporter = members["mjolby-rapportor"]
    reporter.first_name, reporter.last_name = "Rut", "Rapportör"
    reporter.save()
    municipality = mjolby_plan.municipality
    written = [
        audit_log(municipality=municipality, action="goals.goal.changed", obj=mjolby_plan, user=user)
        for user in (reporter, members["mjolby-controller"], None)
    ]
    AuditEntry.objects.filter(pk__in=[entry.pk for entry in written]).update(user_name="")

    migration = importlib.import_module("styrkedja.audit.migrations.0002_author_name_and_host_events")
    migration.backfill_user_names(apps, None)

    names = [AuditEntry.objects.get(pk=entry.pk).user_name for entry in written]
    assert names == ["Rut Rapportör (mjolby-rapportor)", "mjolby-controller", ""]


def test_an_event_of_the_host_has_no_municipality(db):
    entry = audit_log(
        municipality=None,
        action="accounts.login.failed",
        object_type="auth.user",
        object_repr="okänd-användare",
        data={"username": "okänd-användare"},
    )
    entry.refresh_from_db()
    assert entry.municipality is None
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("auth.user", "", "okänd-användare")
