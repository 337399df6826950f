"""The MLflow side of the registry: runs, artifacts, model versions and aliases.

All MLflow I/O goes through this module. By default MLflow keeps a local SQLite store and an
artifact folder under var/ (no server); MLFLOW_TRACKING_URI points it at a server instead.
MLflow is imported lazily: a web process needs it only the first time it loads a model.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from core.vocabulary import registered_model_name

if TYPE_CHECKING:
    from mlflow import MlflowClient

EXPERIMENT_NAME = "rps-bots"
SHA256_TAG = "sha256"
FAMILY_TAG = "family"

os.environ.setdefault("MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK", "true")
# MLflow retries an unreachable server for minutes by default; a promotion cycle or a model
# load should fail within seconds instead, and say so.
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")
# MLflow parses this one as an integer: "0.2" made every call to a server fail.
os.environ.setdefault("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "1")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "10")


class RegistryUnavailable(RuntimeError):
    """MLflow could not be reached or answered with an error."""


@dataclass(frozen=True, slots=True)
class RegisteredVersion:
    family: str
    version: int
    run_id: str
    source: str
    sha256: str
    tags: dict[str, str]


def _is_local(uri: str) -> bool:
    return not uri.startswith(("http://", "https://", "databricks"))


@cache
def _client_for(tracking_uri: str) -> MlflowClient:
    from mlflow import MlflowClient

    if tracking_uri.startswith("sqlite:///"):
        Path(tracking_uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def client() -> MlflowClient:
    return _client_for(settings.MLFLOW_TRACKING_URI)


def _wrap(error: Exception) -> RegistryUnavailable:
    return RegistryUnavailable(f"model registry error: {type(error).__name__}: {error}")


def experiment_id() -> str:
    mlflow_client = client()
    found = mlflow_client.get_experiment_by_name(EXPERIMENT_NAME)
    if found is not None:
        return found.experiment_id
    artifact_location = None
    if _is_local(settings.MLFLOW_TRACKING_URI):
        root = Path(settings.MLFLOW_ARTIFACT_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        artifact_location = root.resolve().as_uri()
    try:
        return mlflow_client.create_experiment(EXPERIMENT_NAME, artifact_location=artifact_location)
    except Exception:
        # Another worker created it first.
        again = mlflow_client.get_experiment_by_name(EXPERIMENT_NAME)
        if again is None:
            raise
        return again.experiment_id


def log_run(
    *,
    family: str,
    params: dict[str, Any],
    metrics: dict[str, float],
    tags: dict[str, str],
    artifact_dir: Path,
) -> tuple[str, str]:
    """Log one training run with its model folder; returns (run id, model artifact URI)."""
    mlflow_client = client()
    try:
        run = mlflow_client.create_run(
            experiment_id(), tags={FAMILY_TAG: family, **tags}, run_name=f"{family}-training"
        )
        run_id = run.info.run_id
        for key, value in sorted(params.items()):
            mlflow_client.log_param(run_id, key, str(value)[:6000])
        for key, value in sorted(metrics.items()):
            mlflow_client.log_metric(run_id, key, float(value))
        mlflow_client.log_artifacts(run_id, str(artifact_dir), artifact_path="model")
        mlflow_client.set_terminated(run_id, "FINISHED")
    except Exception as error:
        raise _wrap(error) from error
    return run_id, f"{run.info.artifact_uri}/model"


def register_version(*, family: str, run_id: str, source: str, sha256: str) -> int:
    """Create a new version of the family's registered model; returns its number."""
    mlflow_client = client()
    name = registered_model_name(family)
    try:
        try:
            mlflow_client.get_registered_model(name)
        except Exception:
            mlflow_client.create_registered_model(name, tags={FAMILY_TAG: family})
        created = mlflow_client.create_model_version(
            name, source=source, run_id=run_id, tags={SHA256_TAG: sha256, FAMILY_TAG: family}
        )
    except Exception as error:
        raise _wrap(error) from error
    return int(created.version)


def aliases(family: str) -> dict[str, int]:
    """The registry's alias map for a family ({} before the model exists)."""
    name = registered_model_name(family)
    try:
        model = client().get_registered_model(name)
    except Exception as error:
        if "RESOURCE_DOES_NOT_EXIST" in str(error) or "not found" in str(error).lower():
            return {}
        raise _wrap(error) from error
    return {alias: int(version) for alias, version in model.aliases.items()}


def set_alias(family: str, alias: str, version: int) -> None:
    try:
        client().set_registered_model_alias(registered_model_name(family), alias, str(version))
    except Exception as error:
        raise _wrap(error) from error


def delete_alias(family: str, alias: str) -> None:
    try:
        client().delete_registered_model_alias(registered_model_name(family), alias)
    except Exception as error:
        raise _wrap(error) from error


def versions(family: str) -> list[RegisteredVersion]:
    name = registered_model_name(family)
    try:
        found = client().search_model_versions(f"name='{name}'")
    except Exception as error:
        raise _wrap(error) from error
    return sorted(
        (
            RegisteredVersion(
                family=family,
                version=int(v.version),
                run_id=v.run_id or "",
                source=v.source or "",
                sha256=(v.tags or {}).get(SHA256_TAG, ""),
                tags=dict(v.tags or {}),
            )
            for v in found
        ),
        key=lambda v: v.version,
    )


def set_version_tag(family: str, version: int, key: str, value: str) -> None:
    try:
        client().set_model_version_tag(registered_model_name(family), str(version), key, value)
    except Exception as error:
        raise _wrap(error) from error


def download(source: str, destination: Path) -> Path:
    """Fetch a version's model folder into ``destination`` (a fresh folder) and return it."""
    import mlflow

    destination.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
            fetched = Path(
                mlflow.artifacts.download_artifacts(
                    artifact_uri=source,
                    dst_path=scratch,
                    tracking_uri=settings.MLFLOW_TRACKING_URI,
                )
            )
            for item in fetched.iterdir():
                item.rename(destination / item.name)
    except Exception as error:
        raise _wrap(error) from error
    return destination
