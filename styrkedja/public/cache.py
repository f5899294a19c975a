"""The public pages, kept in Django's cache.

A page is kept under its municipality, the municipality's public version number and its path with
the query. Each publication and withdrawal raises the number (``publishing.services``), and every
server reads it from the database on each request: a new publication shows at once everywhere,
and what was kept for the old number is simply never asked for again (it expires).
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control

from styrkedja.publishing.selectors import municipality_public_get, public_version_number

# Old numbers' pages are never read again, so a day is only how long they take up room.
TIMEOUT = 24 * 60 * 60
# How long a browser or proxy may keep a public page without asking: a new publication reaches a
# visitor within this.
BROWSER_MAX_AGE = 60


# The query parameters a public page reads (the edition's filters and search); others change
# nothing on the page, so they do not make another entry (nor can they fill the cache).
QUERY_PARAMETERS = ("assessment", "level", "q", "sdg", "unit")


def page_key(*, municipality_id: int, version: int, path: str, query) -> str:
    asked = [(name, value) for name in QUERY_PARAMETERS for value in query.getlist(name)]
    digest = hashlib.sha256(repr((path, asked)).encode()).hexdigest()
    return f"public:{municipality_id}:{version}:{digest}"


def public_page(view):
    """The view gets the municipality (404 if it has no public pages) instead of its slug; its
    successful answers are kept, and given again without calling the view."""

    @wraps(view)
    def wrapper(request, kommun: str, **kwargs):
        municipality = municipality_public_get(slug=kommun)
        if municipality is None:
            raise Http404
        key = page_key(
            municipality_id=municipality.pk,
            version=public_version_number(municipality=municipality),
            path=request.path,
            query=request.GET,
        )
        kept = cache.get(key) if request.method == "GET" else None
        if kept is not None:
            content, content_type = kept
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, municipality, **kwargs)
            if request.method == "GET" and response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        if not request.user.is_authenticated:
            # A signed-in user's answers are marked no-store by SecurityHeadersMiddleware.
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        return response

    return wrapper
