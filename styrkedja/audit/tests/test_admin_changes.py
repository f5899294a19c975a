"""Every change made in Django's admin is in the audit log: who, what, each field before and after."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styrkedja.activities.models import ActivityCollaborator
from styrkedja.audit.admin import AuditedAdminMixin
from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.models import Municipality, Partner
from styrkedja.tenancy.services import partner_create

PASSWORD = "Regnbåge över Tåkern i gryningen"


@pytest.fixture
def host(db):
    user = get_user_model().objects.create_superuser("värd", password=PASSWORD)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _form_data(response) -> dict:
    """The POST of an admin change form as the page shows it: every field, inline and management form."""
    data: dict = {}

    def add(form):
        for field in form:
            value = field.value()
            widget = field.field.widget
            if field.field.disabled:
                continue
            if isinstance(widget, MultiWidget):  # a date and a time: name_0, name_1
                parts = widget.decompress(value)
                for index, (part, inner) in enumerate(zip(parts, widget.widgets, strict=True)):
                    data[f"{field.html_name}_{index}"] = inner.format_value(part) or ""
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def _change(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**_form_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    return response


def _entry(action: str, obj) -> AuditEntry:
    return AuditEntry.objects.filter(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).get()


def test_every_registered_model_admin_is_audited():
    registry = admin.site._registry
    unaudited = [model._meta.label for model, ma in registry.items() if not isinstance(ma, AuditedAdminMixin)]
    assert unaudited == []
    assert {get_user_model(), Group, AccessAttempt} <= set(admin.site._registry)


def test_a_unit_renamed_in_the_admin(host, mjolby):
    unit = mjolby.units.get(name="Medborgarservice")
    _change(host, unit, name="Kontaktcenter")
    entry = _entry("admin.object.changed", unit)
    assert entry.data == {"name": ["Medborgarservice", "Kontaktcenter"]}
    assert (entry.municipality, entry.user, entry.user_name) == (mjolby, host.user, "värd")


def test_unchanged_save_writes_nothing(host, mjolby):
    unit = mjolby.units.get(name="Medborgarservice")
    before = AuditEntry.objects.count()
    _change(host, unit)
    assert AuditEntry.objects.count() == before


def test_a_role_raised_to_administrator_in_the_admin(host, members, mjolby):
    membership = members["mjolby-lasare"].membership
    unit = mjolby.units.get(name="Kommunledningskontoret")
    _change(host, membership, role="administrator", units=[str(unit.pk)])
    entry = _entry("admin.object.changed", membership)
    assert entry.data == {"role": ["reader", "administrator"], "units": [[], ["Kommunledningskontoret"]]}
    assert entry.municipality == mjolby


def test_a_partner_deleted_in_the_admin(host, mjolby):
    partner = partner_create(municipality=mjolby, user=None, name="Studieförbundet Vuxenskolan")
    pk = partner.pk
    response = host.post(reverse("admin:tenancy_partner_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="admin.object.deleted", object_id=str(pk))
    assert entry.object_repr == "Studieförbundet Vuxenskolan"
    assert entry.data == {
        "municipality": ["Mjölby kommun", None],
        "name": ["Studieförbundet Vuxenskolan", None],
    }
    assert entry.municipality == mjolby
    # The partner's own history is still there.
    assert AuditEntry.objects.filter(action="tenancy.partner.created", object_id=str(pk)).exists()


def test_deleting_several_at_once_logs_each(host, mjolby):
    partners = [partner_create(municipality=mjolby, user=None, name=name) for name in ("Ett", "Två")]
    response = host.post(
        reverse("admin:tenancy_partner_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in partners], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(action="admin.object.deleted").values_list("object_repr", flat=True)
    assert sorted(deleted) == ["Ett", "Två"]


def test_a_user_raised_to_superuser_with_a_group(host, members):
    group = Group.objects.create(name="Granskare")
    user = members["mjolby-controller"]
    _change(host, user, is_staff="on", is_superuser="on", groups=[str(group.pk)])
    entry = _entry("admin.object.changed", user)
    assert entry.data == {
        "is_staff": [False, True],
        "is_superuser": [False, True],
        "groups": [[], ["Granskare"]],
    }
    assert entry.municipality.slug == "mjolby"
    assert user.password not in str(entry.data) and "password" not in entry.data


def test_a_user_added_and_given_a_password_in_the_admin(host):
    response = host.post(
        reverse("admin:auth_user_add"),
        {"username": "ny.granskare", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="ny.granskare")
    entry = _entry("admin.object.created", user)
    assert entry.data["username"] == [None, "ny.granskare"]
    assert entry.municipality is None  # no municipality yet: the host's
    assert "password" not in entry.data and user.password not in str(entry.data)

    new = "Snöstorm vid Vättern en tisdag"
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = host.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    entry = _entry("admin.user.password_set", user)
    assert entry.data == {"has_usable_password": True}
    user.refresh_from_db()
    assert user.password not in str(entry.data)


def test_a_group_created_with_permissions(host):
    permission = Permission.objects.get(codename="change_orgunit")
    response = host.post(
        reverse("admin:auth_group_add"), {"name": "Enhetsredaktörer", "permissions": [permission.pk]}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Enhetsredaktörer")
    entry = _entry("admin.object.created", group)
    assert entry.data == {"name": [None, "Enhetsredaktörer"], "permissions": [None, [str(permission)]]}
    assert entry.municipality is None


def test_an_inline_row_is_logged_and_a_goal_changed_in_the_admin_shows_in_its_history(
    host, client_as, mjolby_plan
):
    goal = mjolby_plan.goals.filter(indicators__isnull=False).first()
    indicator = goal.indicators.first()
    response = host.get(reverse("admin:goals_goal_change", args=[goal.pk]))
    data = _form_data(response)
    indicators = next(iter(response.context["inline_admin_formsets"])).formset
    position = next(index for index, form in enumerate(indicators.forms) if form.instance.pk == indicator.pk)
    data[f"{indicators.prefix}-{position}-name"] = "Andel nöjda medborgare"
    data["text"] = "En ny lydelse av målet."
    assert host.post(reverse("admin:goals_goal_change", args=[goal.pk]), data).status_code == 302

    inline_entry = _entry("admin.object.changed", indicator)
    assert inline_entry.data == {"name": [indicator.name, "Andel nöjda medborgare"]}
    assert inline_entry.municipality == mjolby_plan.municipality
    history = client_as("mjolby-lasare").get(reverse("goals:detail", args=[goal.pk])).content.decode()
    history = history.split("Historik")[1]
    assert "Ändrades i Djangos admin" in history and "En ny lydelse av målet." in history
    assert "värd" in history


def test_lifting_a_lock_out_in_the_admin_is_logged_without_the_form_data(host):
    attempt = AccessAttempt.objects.create(
        username="mjolby-lasare",
        ip_address="192.0.2.1",
        user_agent="test",
        get_data="",
        post_data="username=mjolby-lasare\npassword=********************",
        http_accept="*/*",
        path_info="/konto/logga-in/",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )
    response = host.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.object.deleted", object_type="axes.accessattempt")
    assert (entry.data["username"], entry.data["ip_address"]) == (
        ["mjolby-lasare", None],
        ["192.0.2.1", None],
    )
    assert "post_data" not in entry.data and entry.municipality is None


def test_a_deleted_municipalitys_log_stays_as_the_hosts(host):
    municipality = Municipality.objects.create(slug="provkommun", name="Provkommun")
    partner_create(municipality=municipality, user=None, name="Grannkommunen")
    kept = municipality.audit_entries.get()
    response = host.post(
        reverse("admin:tenancy_municipality_delete", args=[municipality.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.municipality is None and kept.action == "tenancy.partner.created"
    entry = AuditEntry.objects.get(action="admin.object.deleted", object_type="tenancy.municipality")
    assert entry.municipality is None
    assert entry.data["deleted_with_it"] == {"externa samverkansparter": 1}


def test_inline_rows_added_and_deleted_in_the_admin(host, mjolby_plan):
    activity = mjolby_plan.activities.filter(collaborators__isnull=False).first()
    gone = activity.collaborators.first()
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    response = host.get(url)
    data = _form_data(response)
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    collaborators = next(formset for formset in formsets if formset.model is ActivityCollaborator)
    prefix, count = collaborators.prefix, len(collaborators.forms)
    position = next(index for index, form in enumerate(collaborators.forms) if form.instance.pk == gone.pk)
    data[f"{prefix}-{position}-DELETE"] = "on"
    data[f"{prefix}-TOTAL_FORMS"] = str(count + 1)
    new_row = {"activity": str(activity.pk), "text": "Alla förvaltningar", "order": "9"}
    data.update({f"{prefix}-{count}-{name}": value for name, value in new_row.items()})
    assert host.post(url, data).status_code == 302

    removed = AuditEntry.objects.get(action="admin.object.deleted", object_id=str(gone.pk))
    assert removed.object_type == "activities.activitycollaborator"
    assert removed.data["activity"] == [str(activity), None]
    added = activity.collaborators.get(text="Alla förvaltningar")
    entry = _entry("admin.object.created", added)
    assert entry.data["text"] == [None, "Alla förvaltningar"]
    assert entry.municipality == mjolby_plan.municipality
