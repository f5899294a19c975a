"""Django's CACHES from one CACHE_URL, as DATABASES comes from DATABASE_URL.

Only the public pages use the cache (styrkedja/public/cache.py), and their keys carry the
municipality's public version number, read from the database on each request: a cache of each
process's own is correct with any number of servers, it only renders a page once per process.
A cache shared through the database (a table made by ``manage.py createcachetable``, which
scripts/serve runs) renders it once for all of them.

    locmem://               each process its own (the default)
    db://styrkedja_cache    the table styrkedja_cache in the application's database
    dummy://                nothing kept (every public page rendered anew)
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
DEFAULT_TABLE = "styrkedja_cache"


def caches_from_url(url: str) -> dict[str, dict]:
    parts = urlsplit(url.strip() or "locmem://")
    backend = BACKENDS.get(parts.scheme)
    if backend is None:
        known = ", ".join(f"{scheme}://" for scheme in BACKENDS)
        raise ImproperlyConfigured(f"CACHE_URL {url!r}: unknown kind of cache; known: {known}.")
    default = {"BACKEND": backend}
    if parts.scheme == "db":
        table = (parts.netloc or parts.path.strip("/")) or DEFAULT_TABLE
        if not table.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"CACHE_URL {url!r}: a table name is letters, digits and _.")
        default["LOCATION"] = table
    elif parts.scheme == "locmem":
        default["LOCATION"] = parts.netloc or "styrkedja"
    return {"default": default}
