"""What every dashboard template needs besides its own figures."""

from __future__ import annotations

from games.engine.bots import FAMILIES


def dashboard_context(*, page: str, family: str | None = None, **extra: object) -> dict:
    return {"page": page, "family": family, "families": FAMILIES, **extra}
