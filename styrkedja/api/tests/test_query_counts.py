"""Each list of the API reads a page in a fixed number of queries, however many rows it holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrkedja.api.tests.test_every_api_url import TOKEN_ENDPOINTS

MAX_QUERIES = 8  # the token, the count, the page, a prefetch or two


@pytest.mark.parametrize("name", sorted(TOKEN_ENDPOINTS))
def test_a_list_is_read_in_a_few_queries(name, api_as):
    client = api_as("mjolby-controller", write=False)
    url = reverse(f"api:{name}-list")
    client.get(url)  # the token's last use is written once a minute: not counted here
    with CaptureQueriesContext(connection) as few:
        small = client.get(url, {"page_size": 2})
    with CaptureQueriesContext(connection) as many:
        large = client.get(url, {"page_size": 1000})
    assert small.status_code == large.status_code == 200
    assert len(large.json()["results"]) >= len(small.json()["results"])
    assert len(many) == len(few) <= MAX_QUERIES, [query["sql"][:120] for query in many.captured_queries]


def test_the_public_list_and_detail_are_read_in_a_few_queries(db, client):
    with CaptureQueriesContext(connection) as listed:
        rows = client.get(reverse("api:public_publications", args=["mjolby"])).json()
    with CaptureQueriesContext(connection) as detailed:
        assert client.get(rows[0]["links"]["self"]).status_code == 200
    assert len(listed) <= 3 and len(detailed) <= 3
