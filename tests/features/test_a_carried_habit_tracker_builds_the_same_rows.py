"""A served game carries its habit tracker from round to round (as JSON, in the model's
carry): resumed from that snapshot and taught the last round, it must build exactly the rows a
tracker taught the whole game builds."""

from __future__ import annotations

import json

import pytest

from games.engine.features import build_features, habit_tracker_for
from games.engine.habit_tracker import HabitTracker
from games.engine.history import GameHistory
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor
from games.engine.scoring import score_round
from games.engine.simulation import simulate_game


def replayed(opponent: str, game: int):
    """(history, next values) before every round of a simulated game."""
    played = simulate_game(
        game_id=f"tracker:{opponent}:{game}", opponent=opponent, predictor=FrequencyPredictor()
    ).history
    history = GameHistory(target=played.target, difficulty_mode=played.difficulty_mode)
    for player, bot, values in zip(
        played.player_moves, played.bot_moves, played.values, strict=True
    ):
        yield history, values
        history = history.after(player, bot, values, score_round(player, bot, values))


@pytest.mark.parametrize("opponent", sorted(SCRIPTED_OPPONENTS))
def test_a_resumed_tracker_builds_every_row_bit_for_bit(opponent):
    snapshot = None
    for history, values in replayed(opponent, 0):
        if snapshot is None:
            tracker = habit_tracker_for(history)
        else:
            n = history.rounds_played - 1
            tracker = HabitTracker.resumed(
                snapshot, history.player_moves[:n], history.bot_moves[:n], history.results[:n]
            )
            assert tracker is not None
            tracker.observe(
                history.player_moves[-1],
                history.bot_moves[-1],
                history.results[-1],
                history.values[-1],
            )

        assert build_features(history, values, tracker) == build_features(history, values)
        snapshot = json.loads(json.dumps(tracker.snapshot()))


def test_a_snapshot_of_another_length_is_refused():
    history, _ = list(replayed("Bob", 1))[6]
    snapshot = habit_tracker_for(history).snapshot()

    shorter = history.rounds_played - 1
    assert (
        HabitTracker.resumed(
            snapshot,
            history.player_moves[:shorter],
            history.bot_moves[:shorter],
            history.results[:shorter],
        )
        is None
    )
    assert HabitTracker.resumed({"rounds": "x"}, (), (), ()) is None


def test_a_snapshot_of_another_layout_or_shape_is_refused():
    history, _ = list(replayed("Bob", 1))[6]
    snapshot = habit_tracker_for(history).snapshot()
    seen = (history.player_moves, history.bot_moves, history.results)
    assert HabitTracker.resumed(snapshot, *seen) is not None

    older = {**snapshot, "layout": snapshot["layout"] - 1}
    short = {**snapshot, "counts": snapshot["counts"][:-1]}
    words = {**snapshot, "hits": ["x"] * len(snapshot["hits"])}
    text = {**snapshot, "counts": "".join("1" for _ in snapshot["counts"])}
    for broken in (older, short, words, text):
        assert HabitTracker.resumed(broken, *seen) is None
