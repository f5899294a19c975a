"""Pages that belong to the site as a whole rather than to a domain."""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static file."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
