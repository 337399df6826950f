"""Writes of the model registry: record versions, move aliases, change stages, repair drift.

Alias moves are the delicate part. They are applied to MLflow first, read back and verified,
and only then to our mirror and the audit trail, all while holding the family's row lock, so
two movers of one family never interleave. If MLflow refuses or answers wrongly, whatever was
already moved there is put back and nothing changes in the mirror.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.vocabulary import ALIASES, PRODUCTION, registered_model_name
from training.models import (
    AliasAssignment,
    AliasChange,
    AliasChangeReason,
    ModelVersion,
    ServingGeneration,
    Stage,
)
from training.registry import store as registry

logger = logging.getLogger("rpsweb.training")


class AliasMoveFailed(RuntimeError):
    """The registry did not take the alias moves; nothing was changed."""


def version_record(
    *,
    family: str,
    version: int,
    run_id: str,
    source_uri: str,
    sha256: str,
    feature_contract_version: str,
    config: dict,
    metrics: dict,
    sample_counts: dict,
) -> ModelVersion:
    row, _ = ModelVersion.objects.update_or_create(
        family=family,
        version=version,
        defaults={
            "registered_model": registered_model_name(family),
            "run_id": run_id,
            "source_uri": source_uri,
            "sha256": sha256,
            "feature_contract_version": feature_contract_version,
            "config": config,
            "metrics": metrics,
            "sample_counts": sample_counts,
        },
    )
    return row


def version_stage_set(*, version: ModelVersion, stage: str, reason: str) -> ModelVersion:
    version.stage = stage
    version.stage_reason = reason[:300]
    version.stage_changed_at = timezone.now()
    version.save(update_fields=["stage", "stage_reason", "stage_changed_at", "updated_at"])
    return version


def version_gates_record(*, version: ModelVersion, results: dict, passed: bool) -> ModelVersion:
    version.gate_results = results
    version.gates_passed = passed
    version.save(update_fields=["gate_results", "gates_passed", "updated_at"])
    return version


def generation_bump(*, family: str) -> int:
    """Tell every serving process that what it should hold for ``family`` changed."""
    ServingGeneration.objects.get_or_create(family=family)
    ServingGeneration.objects.filter(family=family).update(generation=F("generation") + 1)
    return ServingGeneration.objects.get(family=family).generation


def family_lock(*, family: str) -> ServingGeneration:
    """The family's row lock: alias movers (training, cycles, admins) take turns on it."""
    ServingGeneration.objects.get_or_create(family=family)
    return ServingGeneration.objects.select_for_update().get(family=family)


def _apply_to_registry(family: str, target: Mapping[str, ModelVersion | None]) -> None:
    try:
        before = registry.aliases(family)
    except registry.RegistryUnavailable as error:
        raise AliasMoveFailed(f"registry unreachable, nothing moved: {error}") from error
    touched: list[str] = []
    try:
        for alias, version in target.items():
            wanted = version.version if version else None
            if before.get(alias) == wanted:
                continue
            touched.append(alias)
            if wanted is None:
                registry.delete_alias(family, alias)
            else:
                registry.set_alias(family, alias, wanted)
        after = registry.aliases(family)
        wrong = {
            alias: after.get(alias)
            for alias, version in target.items()
            if after.get(alias) != (version.version if version else None)
        }
        if wrong:
            raise AliasMoveFailed(f"registry read back {wrong} for {family}")
    except Exception as error:
        for alias in touched:  # put back what this call moved
            try:
                if alias in before:
                    registry.set_alias(family, alias, before[alias])
                else:
                    registry.delete_alias(family, alias)
            except Exception:
                logger.exception("could not restore alias", extra={"alias": alias})
        if isinstance(error, AliasMoveFailed):
            raise
        raise AliasMoveFailed(f"registry refused the alias moves: {error}") from error


def _stage_after_move(version: ModelVersion, aliases_held: set[str], reason: str) -> None:
    if PRODUCTION in aliases_held:
        stage, why = Stage.PRODUCTION, "holds Production"
    elif aliases_held:
        stage, why = Stage.STAGING, f"holds {', '.join(sorted(aliases_held))}"
    elif version.stage in (Stage.PRODUCTION, Stage.STAGING):
        stage, why = Stage.ARCHIVED, f"superseded ({reason}): holds no alias"
    else:
        return
    if (version.stage, version.stage_reason) != (stage, why):
        version_stage_set(version=version, stage=stage, reason=why)


def _stages_refresh(family: str, versions: dict[int, ModelVersion], reason: str) -> None:
    """Bring the stages of ``versions`` in line with the aliases they hold now."""
    held: dict[int, set[str]] = {}
    for alias, version_pk in AliasAssignment.objects.filter(family=family).values_list(
        "alias", "version_id"
    ):
        held.setdefault(version_pk, set()).add(alias)
    for version in versions.values():
        version.refresh_from_db()
        _stage_after_move(version, held.get(version.pk, set()), reason)


def aliases_move(
    *,
    family: str,
    moves: Mapping[str, ModelVersion | None],
    reason: str,
    actor: str,
    note: str = "",
    promotion_event_id: int | None = None,
) -> list[AliasChange]:
    """Point each alias in ``moves`` at its version (None removes the alias), as one checked
    change. Returns the audit rows written (none when nothing moved)."""
    unknown = set(moves) - set(ALIASES)
    if unknown:
        raise ValueError(f"unknown aliases {sorted(unknown)}")
    for version in moves.values():
        if version is not None and version.family != family:
            raise ValueError(f"{version.label} is not a {family} version")
        if version is not None and version.gates_passed is not True:
            raise AliasMoveFailed(f"{version.label} has not passed its gates")
    with transaction.atomic():
        family_lock(family=family)
        current = {
            a.alias: a
            for a in AliasAssignment.objects.filter(family=family).select_related("version")
        }
        changed = {
            alias: version
            for alias, version in moves.items()
            if (current[alias].version_id if alias in current else None)
            != (version.pk if version else None)
        }
        if not changed:
            return []
        _apply_to_registry(family, changed)
        now = timezone.now()
        changes = []
        affected: dict[int, ModelVersion] = {}
        for alias, version in changed.items():
            previous = current[alias].version if alias in current else None
            if version is None:
                AliasAssignment.objects.filter(family=family, alias=alias).delete()
            else:
                AliasAssignment.objects.update_or_create(
                    family=family, alias=alias, defaults={"version": version, "assigned_at": now}
                )
                affected[version.pk] = version
            if previous is not None:
                affected[previous.pk] = previous
            changes.append(
                AliasChange.objects.create(
                    family=family,
                    alias=alias,
                    from_version=previous,
                    to_version=version,
                    reason=reason,
                    actor=actor,
                    note=note[:300],
                    promotion_event_id=promotion_event_id,
                )
            )
        _stages_refresh(family, affected, reason)
        generation_bump(family=family)
    logger.info(
        "aliases moved",
        extra={
            "family": family,
            "reason": reason,
            "actor": actor,
            "moves": {a: (v.version if v else None) for a, v in changed.items()},
        },
    )
    return changes


def reload_request(*, families: list[str]) -> dict[str, int]:
    """Ask every serving process of every replica to re-read aliases and drop stale models."""
    with transaction.atomic():
        return {family: generation_bump(family=family) for family in families}


def registry_sync(*, family: str, actor: str = "system:sync") -> dict[str, list[str]]:
    """Make the mirror agree with MLflow, which is the source of truth: add versions the mirror
    lacks (a registration cut short: they never passed gates, so they are marked rejected) and
    copy MLflow's alias map. Returns what was repaired."""
    repaired: dict[str, list[str]] = {"versions": [], "aliases": []}
    known = set(ModelVersion.objects.filter(family=family).values_list("version", flat=True))
    for found in registry.versions(family):
        if found.version in known:
            continue
        row = version_record(
            family=family,
            version=found.version,
            run_id=found.run_id,
            source_uri=found.source,
            sha256=found.sha256,
            feature_contract_version=found.tags.get("feature_contract_version", ""),
            config={},
            metrics={},
            sample_counts={},
        )
        version_stage_set(
            version=row,
            stage=Stage.REJECTED,
            reason="found in the registry without a finished registration",
        )
        repaired["versions"].append(str(found.version))
    in_registry = registry.aliases(family)
    with transaction.atomic():
        family_lock(family=family)
        mirrored = dict(
            AliasAssignment.objects.filter(family=family).values_list("alias", "version__version")
        )
        if mirrored == in_registry:
            return repaired
        now = timezone.now()
        affected: dict[int, ModelVersion] = {}
        for alias in set(mirrored) | set(in_registry):
            if mirrored.get(alias) == in_registry.get(alias):
                continue
            previous = ModelVersion.objects.filter(
                family=family, version=mirrored.get(alias, -1)
            ).first()
            target = ModelVersion.objects.filter(
                family=family, version=in_registry.get(alias, -1)
            ).first()
            if target is not None and target.gates_passed is not True:
                # Never serve a version that did not pass its gates: take the alias away in
                # the registry instead of copying it.
                registry.delete_alias(family, alias)
                target = None
                if previous is None:
                    continue
            for version in (previous, target):
                if version is not None:
                    affected[version.pk] = version
            if target is None:
                AliasAssignment.objects.filter(family=family, alias=alias).delete()
            else:
                AliasAssignment.objects.update_or_create(
                    family=family, alias=alias, defaults={"version": target, "assigned_at": now}
                )
            AliasChange.objects.create(
                family=family,
                alias=alias,
                from_version=previous,
                to_version=target,
                reason=AliasChangeReason.SYNC_REPAIR,
                actor=actor,
                note="mirror differed from the registry",
            )
            repaired["aliases"].append(alias)
        _stages_refresh(family, affected, AliasChangeReason.SYNC_REPAIR)
        generation_bump(family=family)
    return repaired


class RegistryActionRefused(ValueError):
    """The action does not apply to the version or alias as they are now; nothing changed."""


def version_archive(*, version: ModelVersion, actor: str, reason: str = "") -> ModelVersion:
    """Archive a version by hand. A version that holds an alias is serving (or waiting to):
    move its aliases first. A rejected version keeps its stage, which says why it failed."""
    with transaction.atomic():
        family_lock(family=version.family)
        version.refresh_from_db()
        held = sorted(
            AliasAssignment.objects.filter(version=version).values_list("alias", flat=True),
            key=ALIASES.index,
        )
        if held:
            raise RegistryActionRefused(
                f"{version.label} holds {', '.join(held)}: move those aliases first"
            )
        if version.stage == Stage.REJECTED:
            raise RegistryActionRefused(f"{version.label} is rejected and stays so")
        if version.stage == Stage.ARCHIVED:
            return version
        why = f"archived by {actor}" + (f": {reason}" if reason else "")
        version_stage_set(version=version, stage=Stage.ARCHIVED, reason=why)
    logger.info(
        "version archived",
        extra={"family": version.family, "version": version.version, "actor": actor},
    )
    return version


def alias_rollback(
    *,
    family: str,
    alias: str,
    actor: str,
    to_version: ModelVersion | None = None,
    note: str = "",
) -> list[AliasChange]:
    """Point ``alias`` back at the version it held before its last change (or at
    ``to_version``), through the same checked move as every other alias change."""
    with transaction.atomic():
        family_lock(family=family)
        if to_version is None:
            last = (
                AliasChange.objects.filter(family=family, alias=alias)
                .select_related("from_version")
                .order_by("-created_at", "-pk")
                .first()
            )
            if last is None:
                raise RegistryActionRefused(f"{family}@{alias} has never moved")
            if last.from_version is None:
                raise RegistryActionRefused(
                    f"{family}@{alias} held no version before its last change"
                )
            to_version = last.from_version
        current = AliasAssignment.objects.filter(family=family, alias=alias).first()
        if current is not None and current.version_id == to_version.pk:
            raise RegistryActionRefused(f"{family}@{alias} already points at {to_version.label}")
        return aliases_move(
            family=family,
            moves={alias: to_version},
            reason=AliasChangeReason.ROLLBACK,
            actor=actor,
            note=note or f"rolled back to v{to_version.version}",
        )
