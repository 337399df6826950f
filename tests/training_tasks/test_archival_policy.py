"""The archival policy (training.archive_stale): versions that hold no alias and are staged
without one, or were never promoted for ARCHIVE_AFTER_DAYS days, are archived; alias holders
never are."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from training.lifecycle.scheduled import versions_archive_stale
from training.models import ModelVersion, Stage
from training.registry import services
from training.tasks import archive_stale

pytestmark = pytest.mark.django_db

_numbers = count(100)


def mirrored_version(*, stage: str, days_in_stage: float, family: str = "mnlogit") -> ModelVersion:
    """A version in our mirror only (archival never asks the registry)."""
    version = services.version_record(
        family=family,
        version=next(_numbers),
        run_id="run",
        source_uri="file:///nowhere",
        sha256="0" * 64,
        feature_contract_version="1",
        config={},
        metrics={},
        sample_counts={},
    )
    if stage in (Stage.STAGING, Stage.PRODUCTION):
        services.version_gates_record(version=version, results={}, passed=True)
    services.version_stage_set(version=version, stage=stage, reason="set up by the test")
    _age(version, days_in_stage)
    return version


def _age(version: ModelVersion, days: float) -> None:
    ModelVersion.objects.filter(pk=version.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=days)
    )


def _stage(version: ModelVersion) -> str:
    version.refresh_from_db()
    return version.stage


@pytest.fixture(autouse=True)
def _seven_days(settings):
    settings.ARCHIVE_AFTER_DAYS = 7


def test_a_staged_version_without_an_alias_is_archived_at_once():
    staged = mirrored_version(stage=Stage.STAGING, days_in_stage=0)

    versions_archive_stale()

    assert _stage(staged) == Stage.ARCHIVED
    assert staged.stage_reason == "archival policy: staging but holds no alias"


def test_a_development_version_never_promoted_for_the_configured_days_is_archived():
    stale = mirrored_version(stage=Stage.DEVELOPMENT, days_in_stage=7.1)
    fresh = mirrored_version(stage=Stage.DEVELOPMENT, days_in_stage=6.9, family="xgboost")

    versions_archive_stale()

    assert _stage(stale) == Stage.ARCHIVED
    assert stale.stage_reason == "archival policy: not promoted for 7 days, holds no alias"
    assert _stage(fresh) == Stage.DEVELOPMENT


def test_alias_holders_are_never_archived_however_long_they_wait(always):
    serving = always("rock", aliases=["Production"])
    waiting = always("paper", aliases=["shadow2"])
    for version in (serving, waiting):
        _age(version, 30)

    versions_archive_stale()

    assert (_stage(serving), _stage(waiting)) == (Stage.PRODUCTION, Stage.STAGING)


def test_rejected_and_archived_versions_keep_their_stage():
    rejected = mirrored_version(stage=Stage.REJECTED, days_in_stage=30)
    archived = mirrored_version(stage=Stage.ARCHIVED, days_in_stage=30)

    assert versions_archive_stale() == []

    assert (_stage(rejected), _stage(archived)) == (Stage.REJECTED, Stage.ARCHIVED)
    assert archived.stage_reason == "set up by the test"


def test_the_task_reports_what_it_archived():
    stale = mirrored_version(stage=Stage.DEVELOPMENT, days_in_stage=8, family="xgboost")
    mirrored_version(stage=Stage.DEVELOPMENT, days_in_stage=1)

    result = archive_stale.apply().get()

    assert result == {"archived": [f"xgboost v{stale.version}"]}
