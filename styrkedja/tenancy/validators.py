"""Rules for a municipality's slug.

The public pages live at ``/<slug>/``, after every other address of the site, so a slug that is
also one of the site's first path segments (``planer``, ``konto`` …) would make that
municipality's public pages unreachable, or hide a page of the site behind them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The site's first path segments, also those of apps whose addresses are still to come: a slug
# taken today cannot be given back when the site grows.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "administration",
        "aktiviteter",
        "api",
        "arbetsbok",
        "bedomning",
        "dokument",
        "favicon.ico",
        "godkannande",
        "healthz",
        "kolada",
        "konto",
        "mal",
        "media",
        "planer",
        "rapport",
        "robots.txt",
        "static",
        "uppdragsstatus",
    }
)


def site_path_segments() -> set[str]:
    """The first path segments that the site's URL patterns use (those of fixed text)."""
    from django.urls import URLResolver, get_resolver

    def first_segments(patterns, prefix: str = "") -> set[str]:
        found = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith("<") or route.startswith("^"):
                continue  # begins with a converter: the municipality's own pages, or a regex
            if route == "" and isinstance(pattern, URLResolver):
                found |= first_segments(pattern.url_patterns)
            elif route:
                found.add(route.split("/", 1)[0])
        return found

    return first_segments(get_resolver().url_patterns)


def validate_municipality_slug(value: str) -> None:
    reserved = RESERVED_SLUGS | site_path_segments()
    if value.lower() in reserved:
        raise ValidationError(
            _("Kortnamnet ”%(slug)s” används redan i webbplatsens adresser. Välj ett annat kortnamn.")
            % {"slug": value},
            code="reserved_slug",
        )
