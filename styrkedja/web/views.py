"""Pages that belong to the site as a whole rather than to a domain."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static file."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))


@require_GET
def health(request):
    """For the host's load balancer and monitoring: "ok" once the database has answered.

    Public, as a monitor has no login, and it says nothing but that; a database that does not
    answer gives an error (500), which is what the monitor is to see."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
