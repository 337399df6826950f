"""The database being unreachable is a 503 the client may retry, not a 500.

While PostgreSQL restarts or is down, every request that touches it raises ``OperationalError``
or ``InterfaceError``. Nothing was written (a round is one transaction), so the honest answer is
"try again shortly": the API gets the usual error shape, a browser a plain page. Neither the
response nor the page may touch the database (no templates: ``base.html`` reads the session).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger("rpsweb.errors")

RETRY_AFTER_SECONDS = 5
# The legacy JSON endpoints (/play, /start_game, ...) live at the root, beside the pages.
JSON_NAMESPACES = {"compat"}
JSON_PREFIXES = ("/api/", "/internal/", "/healthz", "/metrics")
PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Back in a moment</title>"
    "<h1>Back in a moment</h1><p>The game's database cannot be reached right now. Nothing you "
    "played was lost: reload this page in a few seconds.</p></html>"
)


def _wants_json(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is not None and JSON_NAMESPACES & set(match.namespaces):
        return True
    return request.path.startswith(JSON_PREFIXES) or request.content_type == "application/json"


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view into a 503 with ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable",
            extra={"path": request.path, "error": f"{type(exception).__name__}: {exception}"},
        )
        response: HttpResponse
        if _wants_json(request):
            response = JsonResponse(
                {
                    "error": "database_unavailable",
                    "detail": "The database cannot be reached; nothing was written. Retry shortly.",
                },
                status=503,
            )
        else:
            response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
