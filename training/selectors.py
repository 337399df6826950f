"""Reads of the model registry mirror."""

from __future__ import annotations

from django.db.models import QuerySet

from training.models import AliasAssignment, AliasChange, ModelVersion


def alias_versions(*, family: str) -> dict[str, int]:
    """Alias -> version number, as our mirror has it now."""
    return dict(
        AliasAssignment.objects.filter(family=family).values_list("alias", "version__version")
    )


def alias_map(*, family: str) -> dict[str, ModelVersion]:
    return {
        a.alias: a.version
        for a in AliasAssignment.objects.filter(family=family).select_related("version")
    }


def version_get(*, family: str, version: int) -> ModelVersion | None:
    return ModelVersion.objects.filter(family=family, version=version).first()


def versions_of(*, family: str | None = None) -> QuerySet[ModelVersion]:
    versions = ModelVersion.objects.all()
    if family:
        versions = versions.filter(family=family)
    return versions.order_by("family", "-version")


def alias_history(*, family: str | None = None, limit: int = 50) -> QuerySet[AliasChange]:
    changes = AliasChange.objects.select_related("from_version", "to_version")
    if family:
        changes = changes.filter(family=family)
    return changes.order_by("-created_at", "-pk")[:limit]
