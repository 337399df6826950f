"""The API's pagination: DRF's limit/offset, with both numbers bounded. Unbounded, a huge
``?limit=`` or ``?offset=`` reaches the database as an integer it cannot hold (a 500)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # within a 32-bit integer, so every database takes it


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)


class KeysetPagination(CursorPagination):
    """For exports that walk a large table to its end (the rounds): each page starts after the
    last row of the one before (``WHERE id > …``), so page 10,000 costs what page 1 costs and no
    page counts the whole table. Links carry an opaque cursor; ``?limit=`` sets the page size."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT
