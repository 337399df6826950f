"""Rate limits per scope, read from settings at request time (DRF's ScopedRateThrottle reads
them once at import) and counted in the shared cache, so every worker and replica agrees."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _ScopeThrottle(SimpleRateThrottle):
    scope = ""

    def get_rate(self) -> str | None:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)

    def get_cache_key(self, request, view) -> str:  # type: ignore[no-untyped-def]
        if request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PlayThrottle(_ScopeThrottle):
    scope = "play"


class StartGameThrottle(_ScopeThrottle):
    scope = "start"


class TokenThrottle(_ScopeThrottle):
    scope = "token"
