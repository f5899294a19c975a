from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Pages of 100 by default; a client may ask for up to 1000 with ``page_size``."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
