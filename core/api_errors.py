"""Every API error has the same shape: {"error": code, "detail": message}, with a 4xx status.
Domain errors raised by services (``core.errors.DomainError`` and its subclasses in each app)
are translated here, so views never need their own try/except."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({"error": exc.code, "detail": exc.message}, status=exc.status_code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        code = getattr(data["detail"], "code", "error")
        response.data = {"error": code, "detail": str(data["detail"])}
    elif response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = {"error": "invalid_input", "detail": data}
    return response


API_PREFIXES = ("/api/", "/internal/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for a URL that matches no route: JSON in the API's error shape under the
    API's prefixes (a client parses every error the same way), the usual page elsewhere."""
    if request.path.startswith(API_PREFIXES):
        body = {"error": "not_found", "detail": f"no endpoint at {request.path}"}
        return JsonResponse(body, status=404)
    return page_not_found(request, exception)
