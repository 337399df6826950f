"""/healthz: is each part this process depends on reachable? One entry per part.

Gameplay needs only the database, so only a database failure makes the answer 503; a broker or
registry outage is reported as ``degraded`` (games go on; scheduled work and model loads wait).
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

TIMEOUT_SECONDS = 2.0


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_broker() -> str:
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=1
        )
        client.ping()
        return "redis"
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])  # type: ignore[arg-type]
    if not folder.is_dir():
        raise RuntimeError(f"broker folder {folder} is missing")
    return "filesystem"


def check_registry() -> str:
    uri = settings.MLFLOW_TRACKING_URI
    if uri.startswith(("http://", "https://")):
        with urllib.request.urlopen(f"{uri.rstrip('/')}/health", timeout=TIMEOUT_SECONDS):
            return "mlflow-server"
    if uri.startswith("sqlite:///"):
        folder = Path(uri.removeprefix("sqlite:///")).parent
        folder.mkdir(parents=True, exist_ok=True)
        return "mlflow-local"
    return "mlflow"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "broker": check_broker,
    "registry": check_registry,
}
REQUIRED = {"database"}


def _run(check: Callable[[], str]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as error:  # any failure of a part is reported, never raised
        detail, ok = f"{type(error).__name__}: {error}", False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {name: _run(check) for name, check in CHECKS.items()}
    if all(part["ok"] for part in parts.values()):
        state = "ok"
    elif all(parts[name]["ok"] for name in REQUIRED):
        state = "degraded"
    else:
        state = "down"
    return JsonResponse({"status": state, "checks": parts}, status=503 if state == "down" else 200)
