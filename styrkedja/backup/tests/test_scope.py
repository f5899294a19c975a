from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from styrkedja.backup import scope as scope_module
from styrkedja.backup.scope import NOT_MUNICIPALITY_MODELS, municipality_models
from styrkedja.tenancy.models import Municipality


def test_every_installed_model_is_exported_or_named_as_the_installations():
    installed = {model._meta.label_lower for model in apps.get_models()}
    exported = {scope.label for scope in municipality_models()}
    named = set(NOT_MUNICIPALITY_MODELS)
    assert not exported & named
    assert installed - exported - named == set(), "neither exported nor named in NOT_MUNICIPALITY_MODELS"
    assert named <= installed, "NOT_MUNICIPALITY_MODELS names a model that is not installed"
    assert {"auth.user", "audit.auditentry", "documents.wordtemplate", "followup.assessmentstep"} <= exported


def test_a_model_that_is_neither_stops_the_export(monkeypatch):
    monkeypatch.delitem(NOT_MUNICIPALITY_MODELS, "sessions.session")
    municipality_models.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match=r"sessions\.session"):
            municipality_models()
    finally:
        monkeypatch.undo()
        municipality_models.cache_clear()


def test_every_field_of_every_model_is_written_but_installation_wide_rights():
    for scope in municipality_models():
        opts = scope.model._meta
        concrete = {field.name for field in opts.concrete_fields if not field.primary_key}
        many = {field.name for field in opts.many_to_many}
        left_out = scope_module.INSTALLATION_WIDE_USER_FIELDS if scope.label == "auth.user" else set()
        assert {field.name for field in scope.fields} == concrete - left_out, scope.label
        assert {field.name for field in scope.many_to_many} == many - left_out, scope.label


def test_models_come_after_the_models_they_point_at():
    order = [scope.model for scope in municipality_models()]
    assert order[0] is Municipality
    assert order[-1]._meta.label_lower == "audit.auditentry"
    for index, model in enumerate(order):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target in order and target is not model:
                assert order.index(target) < index, f"{model._meta.label}.{field.name}"


def test_every_row_belongs_to_one_municipality(members, mjolby, valdemarsvik):
    municipalities = list(Municipality.objects.all())
    for scope in municipality_models():
        rows = scope.model._base_manager.all()
        if scope.path:
            rows = rows.filter(**{f"{scope.path}__isnull": False})
        per_municipality = [scope.rows(municipality).count() for municipality in municipalities]
        assert sum(per_municipality) == rows.count(), scope.label
    # The demo's Django administrator has no membership: the host's, not a municipality's.
    accounts = {scope.label: scope for scope in municipality_models()}["auth.user"]
    assert not accounts.rows(mjolby).filter(username="admin").exists()
    assert accounts.rows(mjolby).filter(username="mjolby-controller").exists()
