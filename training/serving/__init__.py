"""Serving: which model answers a game, and its predictions. The one door from gameplay.

- At game start a game gets Production or B by a stable hash of its id (a configurable B share;
  always Production with A/B testing off), and the version behind that alias *now* (read from
  our registry mirror) is pinned on the game: the same model answers the whole match.
- Each process keeps loaded models by (family, version). A load verifies the artifact's SHA-256
  against the mirror; artifacts are cached on local disk, so the registry is asked only once.
- Alias moves and reload requests bump a per-family generation in the database; each process
  looks at it every few seconds and drops what it no longer needs. No restart, no message bus.
- A version trained on another feature contract (the mirror's ``feature_contract_version``) is
  refused before it is fetched: its inputs would mean something else.
- When the pinned model cannot be had, the game goes on with uniform probabilities and
  ``rps_model_fallback_total`` counts it. Before any model exists, the frequency baseline answers.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from core.vocabulary import FAMILIES, PRODUCTION, B
from games.engine.features import FEATURE_CONTRACT_VERSION
from games.engine.prediction import FrequencyPredictor, MovePredictor
from games.engine.seeding import stable_fraction
from training import metrics
from training.registry.checksum import artifact_sha256
from training.serving.predictors import FallbackPredictor, ModelPredictor

if TYPE_CHECKING:
    from training.learning.families.adaptive import AdaptiveModel

FREQUENCY_VERSION = ""  # no registry version: the built-in frequency baseline


logger = logging.getLogger("rpsweb.serving")

# Reasons that no retry can cure: the version itself is unusable, not the store.
_BROKEN = frozenset({"checksum_mismatch", "contract_mismatch"})


class ModelUnavailable(RuntimeError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ModelAssignment:
    alias: str
    version: str


@dataclass(frozen=True, slots=True)
class LoadedModel:
    family: str
    version: str
    sha256: str
    model: AdaptiveModel


def assign_alias(*, family: str, game_id: int) -> str:
    """Production or B by a stable hash of the game: the same game always gets the same slot."""
    if not settings.ENABLE_AB_TESTING:
        return PRODUCTION
    return B if stable_fraction("ab", family, game_id) < settings.AB_B_SHARE else PRODUCTION


def assign_model(*, family: str, game_id: int) -> ModelAssignment:
    from training.registry.selectors import alias_versions

    alias = assign_alias(family=family, game_id=game_id)
    held = alias_versions(family=family)
    if alias not in held and PRODUCTION in held:
        alias = PRODUCTION  # no B yet: the game is Production's
    version = held.get(alias)
    return ModelAssignment(alias=alias, version=str(version) if version else FREQUENCY_VERSION)


# --- loading -----------------------------------------------------------------------------


def _cache_dir(family: str, version: str) -> Path:
    return Path(settings.MODEL_CACHE_DIR) / family / version


def _fetch_verified(family: str, version: str) -> tuple[Path, str]:
    """The version's artifact folder on local disk, its checksum checked against the mirror."""
    from training.models import ModelVersion
    from training.registry import store as registry

    row = ModelVersion.objects.filter(family=family, version=int(version)).first()
    if row is None:
        raise ModelUnavailable("unknown_version", f"{family} v{version} is not in the mirror")
    if row.feature_contract_version != FEATURE_CONTRACT_VERSION:
        # Its rows would mean something else now: refused before any download.
        raise ModelUnavailable(
            "contract_mismatch",
            f"{family} v{version} was trained on feature contract "
            f"{row.feature_contract_version!r}, this code builds {FEATURE_CONTRACT_VERSION!r}",
        )
    folder = _cache_dir(family, version)
    if folder.is_dir() and artifact_sha256(folder) == row.sha256:
        return folder, row.sha256
    shutil.rmtree(folder, ignore_errors=True)
    staging = folder.with_name(f".{version}-{random.getrandbits(32):08x}")
    try:
        registry.download(row.source_uri, staging)
    except registry.RegistryUnavailable as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelUnavailable("registry_unavailable", str(error)) from error
    actual = artifact_sha256(staging)
    if actual != row.sha256:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelUnavailable(
            "checksum_mismatch", f"{family} v{version}: expected {row.sha256}, got {actual}"
        )
    try:
        staging.rename(folder)  # atomic: another process may have won the race, which is fine
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return folder, row.sha256


def load_version(*, family: str, version: str) -> LoadedModel:
    # Imported here: torch, xgboost and scikit-learn cost a process hundreds of MB, and only
    # processes that actually serve or train a model should pay for them.
    from training.learning.families.adaptive import AdaptiveModel

    folder, sha256 = _fetch_verified(family, version)
    try:
        model = AdaptiveModel.load(folder, family=family)
        model.warm_up()  # paid here, where no game is waiting on it
    except Exception as error:  # a corrupt or foreign artifact must not take the game down
        raise ModelUnavailable("load_error", f"{type(error).__name__}: {error}") from error
    return LoadedModel(family=family, version=version, sha256=sha256, model=model)


def load_model(*, family: str, alias: str | None = None, version: str | None = None) -> LoadedModel:
    """A model by version, or by the alias's current version (Production by default)."""
    if version is None:
        from training.registry.selectors import alias_versions

        held = alias_versions(family=family).get(alias or PRODUCTION)
        if held is None:
            raise ModelUnavailable("no_alias", f"{family} has no version at {alias or PRODUCTION}")
        version = str(held)
    return load_version(family=family, version=str(version))


# --- the per-process cache ---------------------------------------------------------------


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.predictors: dict[tuple[str, str], ModelPredictor] = {}
        self.failures: dict[tuple[str, str], tuple[float, str]] = {}
        self.generations: dict[str, int] = {}
        self.checked_at: dict[str, float] = {}

    def clear(self) -> None:
        with self.lock:
            self.predictors.clear()
            self.failures.clear()
            self.generations.clear()
            self.checked_at.clear()


_cache = _Cache()


def _current_generation(family: str) -> int:
    from training.models import ServingGeneration

    row = ServingGeneration.objects.filter(family=family).values_list("generation", flat=True)
    return row.first() or 0


def refresh(family: str) -> None:
    """Look now (not in a few seconds) whether this process should drop stale models."""
    _cache.checked_at.pop(family, None)
    _refresh_if_moved(family)


def _refresh_if_moved(family: str) -> None:
    """Every few seconds, look whether aliases moved or a reload was asked for; if so, keep
    only the versions that still hold an alias and forget past failures."""
    now = time.monotonic()
    if now - _cache.checked_at.get(family, -1e9) < settings.SERVING_GENERATION_CHECK_SECONDS:
        return
    _cache.checked_at[family] = now
    generation = _current_generation(family)
    if _cache.generations.get(family) == generation:
        return
    from training.registry.selectors import alias_versions

    held = {str(v) for v in alias_versions(family=family).values()}
    with _cache.lock:
        first_look = family not in _cache.generations
        _cache.generations[family] = generation
        if first_look:
            return
        for key in [k for k in _cache.predictors if k[0] == family and k[1] not in held]:
            del _cache.predictors[key]
        for key in [k for k in _cache.failures if k[0] == family]:
            del _cache.failures[key]


def _capture(
    family: str,
    version: str,
    game_id: object,
    round_no: int,
    row: list[float],
    p: tuple[float, float, float],
) -> None:
    """Inference capture: a sample of served rows, for parity checks against training."""
    folder = settings.RPS_CAPTURE_INFERENCE_DIR
    if not folder or random.random() >= settings.RPS_CAPTURE_INFERENCE_SAMPLE_RATE:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {
            "family": family,
            "version": version,
            "game_id": game_id,
            "round_no": round_no,
            "row": row,
            "probabilities": p,
        }
    )
    with (Path(folder) / f"{family}.jsonl").open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def refresh_if_due() -> None:
    """Look, for every family whose few seconds are up, whether aliases moved: a play does it
    before it locks its game, so that the lock is never held for this read."""
    for family in FAMILIES:
        _refresh_if_moved(family)


def predictor_in_memory(*, family: str, alias: str, version: str) -> MovePredictor | None:
    """The predictor for a game pinned to (family, version) when this process has it without
    any I/O: the loaded model, the fallback of a recent failure, or the frequency baseline for
    a game with no version. None: the model must be loaded first (``predictor_for``)."""
    if not version:
        metrics.status_set(family, "missing")
        return FrequencyPredictor()
    key = (family, version)
    cached = _cache.predictors.get(key)
    if cached is not None:
        # Serving from the cache is seeing the model work: a "missing" or "degraded" left by an
        # earlier game of this process must not outlive it.
        metrics.status_set(family, "ok")
        return cached
    failed = _cache.failures.get(key)
    if failed is not None and time.monotonic() < failed[0]:
        return FallbackPredictor(family=family, version=version, reason=failed[1])
    return None


def predictor_for(*, family: str, alias: str, version: str) -> MovePredictor:
    """The predictor for a game pinned to (family, version), loaded if need be; never raises."""
    _refresh_if_moved(family)
    known = predictor_in_memory(family=family, alias=alias, version=version)
    if known is not None:
        return known
    key = (family, version)
    try:
        loaded = load_version(family=family, version=version)
    except ModelUnavailable as error:
        retry_at = time.monotonic() + settings.SERVING_RETRY_SECONDS
        with _cache.lock:
            _cache.failures[key] = (retry_at, error.reason)
        metrics.MODEL_LOADS.labels(model=family, outcome=error.reason).inc()
        metrics.status_set(family, "error" if error.reason in _BROKEN else "degraded")
        return FallbackPredictor(family=family, version=version, reason=error.reason)
    predictor = ModelPredictor(loaded.model, family=family, version=version, capture=_capture)
    with _cache.lock:
        _cache.predictors[key] = predictor
        _cache.failures.pop(key, None)
    metrics.MODEL_LOADS.labels(model=family, outcome="ok").inc()
    metrics.status_set(family, "ok")
    return predictor


def preload(*, family: str) -> list[str]:
    """Load every version that holds an alias now; returns the versions loaded."""
    from training.registry.selectors import alias_versions

    loaded = []
    for alias, version in alias_versions(family=family).items():
        predictor = predictor_for(family=family, alias=alias, version=str(version))
        if isinstance(predictor, ModelPredictor):
            loaded.append(str(version))
    return loaded


def preload_all() -> dict[str, list[str]]:
    """Load every version that holds an alias, for every family: what a serving process does
    when it starts (gunicorn's post_worker_init, Celery's worker_process_init), so that no
    play pays for a download or for importing the model libraries. Never raises: a process
    that cannot preload still serves, and loads on demand as before."""
    loaded: dict[str, list[str]] = {}
    for family in FAMILIES:
        try:
            loaded[family] = preload(family=family)
        except Exception as error:  # no database yet (before migrate), or it is down
            logger.warning("preloading %s failed: %s: %s", family, type(error).__name__, error)
            loaded[family] = []
    return loaded


def cache_clear() -> None:
    """Forget every loaded model in this process (tests, and the reload of one process)."""
    _cache.clear()


def cached_versions() -> list[tuple[str, str]]:
    return sorted(_cache.predictors)
