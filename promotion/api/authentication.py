"""The shared-token check of the internal endpoints (an external promoter's reports, Grafana's
JSON datasource). They have no user: a caller either holds the deployment's token or not."""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

INTERNAL_CALLER = "internal-token"


class InternalTokenNotConfigured(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "internal token not configured"
    default_code = "internal_token_not_configured"


class InternalTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <INTERNAL_API_TOKEN>``. No header: not authenticated (401); a
    wrong token: refused (403); no token configured: every call refused (503), so that an
    empty setting can never be matched by an empty header."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[AnonymousUser, str] | None:
        expected = str(getattr(settings, "INTERNAL_API_TOKEN", "") or "")
        if not expected:
            raise InternalTokenNotConfigured()
        parts = get_authorization_header(request).split()
        if not parts:
            return None
        if parts[0].lower() != self.keyword or len(parts) != 2:
            raise PermissionDenied("expected the header Authorization: Bearer <token>")
        # Constant-time, so that response timing says nothing about how much of a guess matched.
        if not hmac.compare_digest(parts[1], expected.encode()):
            raise PermissionDenied("invalid internal token")
        return AnonymousUser(), INTERNAL_CALLER

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="internal"'


class HasInternalToken(BasePermission):
    message = "this endpoint needs the header Authorization: Bearer <INTERNAL_API_TOKEN>"

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.auth == INTERNAL_CALLER


class InternalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "promotion.api.authentication.InternalTokenAuthentication"
    name = "internalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return dict(
            build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")
        )
