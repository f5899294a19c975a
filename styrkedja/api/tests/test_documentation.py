"""The schema is complete (a described answer for every operation and status, the token's security
scheme) and the documentation page says it all in Swedish, without scripts."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(db) -> dict:
    response = Client().get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_operation_describes_every_answer(schema):
    operations = list(_operations(schema))
    assert len(operations) >= 27
    for path, method, operation in operations:
        assert operation.get("summary"), (method, path)
        for code, answer in operation["responses"].items():
            body = answer.get("content", {}).get("application/json", {}).get("schema")
            assert body, (method, path, code)
        codes = set(operation["responses"])
        assert {"400", "404"} <= codes, (method, path)
        if path.startswith("/api/v1/public/"):
            assert "security" not in operation or {} in operation["security"], path
        else:
            assert operation["security"] == [{"apiToken": []}], (method, path)
            assert {"401", "403"} <= codes, (method, path)


def test_the_token_scheme_and_the_snapshot_are_described(schema):
    components = schema["components"]
    assert components["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": components["securitySchemes"]["apiToken"]["description"],
    }
    snapshot = components["schemas"]["Snapshot"]
    assert {"version", "municipality", "plan", "period", "goals", "assignments", "summary"} <= set(
        snapshot["properties"]
    )
    detail = schema["paths"]["/api/v1/public/{kommun}/publications/{id}/"]["get"]["responses"]["200"]
    assert detail["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PublicationDetail"
    }


def test_the_documentation_page_lists_every_operation_with_how_to_get_a_token(schema):
    response = Client().get(reverse("api:docs"))
    assert response.status_code == 200
    body = response.content.decode()
    for path, method, operation in _operations(schema):
        assert f"{method.upper()} {path}" in body, (method, path)
        assert operation["summary"] in body
    assert 'lang="sv"' in body
    assert "Så får du en API-nyckel" in body and reverse("api:tokens") in body
    assert 'curl -H "Authorization: Bearer DIN-NYCKEL"' in body
    assert "<code>year</code>" in body and "<code>based_on</code>" in body  # a parameter, a field
    assert "<script>" not in body and "cdn" not in body.lower()


def test_the_parameters_are_described_in_swedish(schema):
    for path, method, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            text = parameter.get("description", "")
            assert text and not text.startswith(("A ", "Number", "Which")), (
                method,
                path,
                parameter["name"],
                text,
            )
