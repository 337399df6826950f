from __future__ import annotations

import pytest

from games.engine.bots import (
    FAMILY_BY_POLICY,
    BotChoice,
    UnknownPolicy,
    all_policy_names,
    resolve_policy,
)
from games.engine.history import DifficultyMode

STANDARD, EASY = DifficultyMode.STANDARD, DifficultyMode.EASY


@pytest.mark.parametrize(
    ("name", "choice"),
    [
        ("brian", BotChoice("brian", "feedforward", STANDARD)),
        ("forrest", BotChoice("forrest", "xgboost", STANDARD)),
        ("logan", BotChoice("logan", "mnlogit", STANDARD)),
        ("brian_easy", BotChoice("brian", "feedforward", EASY)),
        ("forrest_easy", BotChoice("forrest", "xgboost", EASY)),
        ("logan_easy", BotChoice("logan", "mnlogit", EASY)),
        ("  Logan_EASY ", BotChoice("logan", "mnlogit", EASY)),
        ("Forrest", BotChoice("forrest", "xgboost", STANDARD)),
    ],
)
def test_policy_names_resolve_to_a_bot_family_and_mode(name: str, choice: BotChoice) -> None:
    assert resolve_policy(name) == choice


def test_a_requested_easy_mode_applies_to_a_plain_policy_name() -> None:
    assert resolve_policy("brian", EASY).difficulty_mode is EASY
    assert resolve_policy("brian", STANDARD).difficulty_mode is STANDARD


def test_an_easy_policy_name_stays_easy_whatever_mode_is_requested() -> None:
    assert resolve_policy("forrest_easy", STANDARD).difficulty_mode is EASY


@pytest.mark.parametrize(
    "name", ["", "bob", "Ace", "brian_hard", "easy", "_easy", "brianeasy", "feedforward"]
)
def test_unknown_policy_names_are_refused(name: str) -> None:
    with pytest.raises(UnknownPolicy):
        resolve_policy(name)


def test_unknown_policy_is_a_value_error_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="brian_easy"):
        resolve_policy("nobody")


def test_every_listed_policy_name_resolves() -> None:
    names = all_policy_names()
    assert sorted(names) == sorted([*FAMILY_BY_POLICY, *(f"{p}_easy" for p in FAMILY_BY_POLICY)])
    for name in names:
        assert resolve_policy(name).policy in FAMILY_BY_POLICY
