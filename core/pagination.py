"""The API's pagination: DRF's limit/offset, with both numbers bounded. Unbounded, a huge
``?limit=`` or ``?offset=`` reaches the database as an integer it cannot hold (a 500)."""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination, LimitOffsetPagination
from rest_framework.request import Request

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # within a 32-bit integer, so every database takes it
MAX_KEY = 2**63 - 1  # the largest primary key a 64-bit column holds


def require_integers(request: Request, *names: str) -> None:
    """DRF falls back to its default page for a limit or offset that is not a number; the
    schema says integer, so a value that is not one is a 400."""
    for name in names:
        value = request.query_params.get(name)
        if value is None:
            continue
        try:
            int(value)
        except ValueError:
            raise ValidationError({name: f"{value!r} is not an integer"}) from None


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int | None:
        require_integers(request, self.limit_query_param, self.offset_query_param)
        return super().get_limit(request)

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

    def get_page_size(self, request: Request) -> int | None:
        require_integers(request, self.page_size_query_param)
        return super().get_page_size(request)

    def decode_cursor(self, request: Request) -> Cursor | None:
        # DRF checks the cursor's offset but not its position, which goes into the WHERE
        # clause as it came: a position that is not a key is an invalid cursor (404), not a
        # database error.
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        try:
            key = int(cursor.position)
        except ValueError:
            key = -1
        if not 0 <= key <= MAX_KEY:
            raise NotFound(self.invalid_cursor_message)
        # The stubs type a position as int, but DRF keeps it as the string it decoded (and
        # compares it with positions read from rows as strings), so it must stay a string.
        return Cursor(
            offset=cursor.offset,
            reverse=cursor.reverse,
            position=str(key),  # type: ignore[arg-type]
        )
