"""Rate limits per scope, read from settings at request time (DRF's ScopedRateThrottle reads
them once at import) and counted in the shared cache, so every worker and replica agrees.

The limits protect the service; they are not worth more than the service. When the cache is
unreachable (Redis down) a request is let through and the failure logged: gameplay goes on."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger("rpsweb.throttling")


class _ScopeThrottle(SimpleRateThrottle):
    scope = ""

    def get_rate(self) -> str | None:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)

    def get_cache_key(self, request: Request, view: Any) -> str:
        if request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # any cache backend's failure: redis, file system, ...
            logger.warning(
                "throttle %s not applied: the cache failed (%s: %s)",
                self.scope,
                type(error).__name__,
                error,
                extra={"throttle_scope": self.scope, "error_type": type(error).__name__},
            )
            return True


class PlayThrottle(_ScopeThrottle):
    scope = "play"


class StartGameThrottle(_ScopeThrottle):
    scope = "start"


class TokenThrottle(_ScopeThrottle):
    scope = "token"
