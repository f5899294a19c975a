"""CACHE_URL: which cache each kind of address gives, and a clear refusal of others."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from styrkedja.web.caches import caches_from_url


def test_the_default_is_each_process_its_own():
    for url in ("", "locmem://"):
        assert caches_from_url(url)["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_database_cache_names_its_table():
    assert caches_from_url("db://shared_pages")["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shared_pages",
    }
    assert caches_from_url("db://")["default"]["LOCATION"] == "styrkedja_cache"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379", "db://pages;drop"])
def test_other_addresses_are_refused_with_what_is_wrong(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches_from_url(url)
