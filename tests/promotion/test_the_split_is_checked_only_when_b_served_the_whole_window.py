"""The window's split is held to the configured share only when it should match it: not with
A/B testing off, and not when B was empty while games were played (they all went to
Production, by design), which would otherwise block every decision of the window."""

from __future__ import annotations

import pytest

from promotion.selectors import srm_share
from tests.factories import finished_game
from training.registry.selectors import alias_versions

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"  # what finished_game(policy="forrest") plays


def _share() -> float | None:
    return srm_share(family=FAMILY, since=None, assignments=alias_versions(family=FAMILY))


def test_b_serving_from_before_the_first_game_is_checked(registered_version, settings):
    settings.AB_B_SHARE = 0.3
    registered_version(FAMILY, aliases=("Production",))
    registered_version(FAMILY, aliases=("B",))
    finished_game(policy="forrest")

    assert _share() == 0.3


def test_games_played_before_b_had_a_model_turn_the_check_off(registered_version):
    registered_version(FAMILY, aliases=("Production",))
    finished_game(policy="forrest")
    registered_version(FAMILY, aliases=("B",))

    assert _share() is None


def test_no_model_at_b_or_no_ab_testing_turns_it_off(registered_version, settings):
    registered_version(FAMILY, aliases=("Production",))
    assert _share() is None

    registered_version(FAMILY, aliases=("B",))
    settings.ENABLE_AB_TESTING = False
    assert _share() is None
