"""Every route of the URL configuration, walked through every include."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def _qualified(namespace: str, name: str | None) -> str | None:
    if name is None:
        return None
    return f"{namespace}:{name}" if namespace else name


def walk(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str | None]]:
    """(full route, namespaced URL name) of every endpoint; the admin site is its prefix."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                yield route, "admin"
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, _qualified(namespace, entry.name)


def routes() -> dict[str, str | None]:
    return dict(walk())
