from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Pages of 100 by default; a client may ask for up to 1000 with ``page_size``."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    page_query_description = _("Sidans nummer, från 1.")
    page_size_query_description = _("Antal per sida, högst 1000 (annars 100).")
