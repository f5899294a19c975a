"""Filters for the public pages: the snapshot's numbers and dates as a Swedish reader reads them."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from styrkedja.charts.numbers import swedish_number, with_unit

register = template.Library()


@register.filter
def swedish(value) -> str:
    """The snapshot's "72.5" as "72,5"; no value as a dash (which the table's caption explains)."""
    if value is None or value == "":
        return "–"
    try:
        return swedish_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def file_size(size) -> str:
    """Bytes as "12 kB" or "1,4 MB"."""
    size = int(size or 0)
    if size < 1_000_000:
        return with_unit(max(1, round(size / 1000)), "kB")
    return with_unit(Decimal(size / 1_000_000).quantize(Decimal("0.1")), "MB")


@register.filter
def iso_date(value) -> str:
    """An ISO date of the snapshot ("2024-12-31"), checked, or empty."""
    if not value:
        return ""
    try:
        return datetime.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return ""


@register.filter
def format_name(format: str) -> str:
    return {"pdf": "PDF", "docx": _("Word")}.get(format, format.upper())


@register.simple_tag
def datasets_url(slug: str) -> str:
    """The municipality's open data (another app's pages): by its URL name where that exists."""
    try:
        return reverse("opendata:index", args=[slug])
    except NoReverseMatch:
        return f"/{slug}/datasets/"
