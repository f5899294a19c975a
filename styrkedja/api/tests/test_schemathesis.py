"""Every operation of the API's schema, called in process (WSGI, no server) with data Schemathesis
makes from the schema: no answer is a server error, and every answer is as the schema says.

A read-write administrator's token goes with each call, so that the token endpoints really answer
(and their writes are tried); the test database is rolled back after each operation's test.
"""

from __future__ import annotations

import datetime
import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from styrkedja.api.choices import TokenAccess
from styrkedja.api.services import api_token_create


def _schema() -> schemathesis.BaseSchema:
    """The schema as /api/schema/ answers it, made here at collection (no request, no database)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    # Django's own handler, not styrkedja.wsgi's, which asks for a production host's settings.
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def connections_kept():
    """Keep the test's database connection across the WSGI calls, as Django's test client does: at
    the end of a request Django would close it, and with it the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def administrator_headers(members) -> dict:
    from django.utils import timezone

    _token, secret = api_token_create(
        user=members["mjolby-administrator"],
        name="Schemathesis",
        expires_on=timezone.localdate() + datetime.timedelta(days=1),
        access=TokenAccess.WRITE,
    )
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_its_schema_says(case, administrator_headers):
    response = case.call(headers=administrator_headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
