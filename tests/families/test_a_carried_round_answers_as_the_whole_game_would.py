"""The served model carries what each round left to the next (kept on the game as JSON), so a
round runs one new row through its experts; it must answer exactly as reading the whole game
again would, and ignore a carry that is not its own or not the previous round's."""

from __future__ import annotations

import json

import numpy as np
import pytest

from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.history import GameHistory
from games.engine.prediction import FrequencyPredictor
from games.engine.scoring import score_round
from games.engine.simulation import simulate_game
from training.learning.families.adaptive import AdaptiveModel
from training.serving.predictors import ModelPredictor

from .adaptive_data import fit_adaptive


@pytest.fixture(scope="module")
def predictor() -> ModelPredictor:
    model: AdaptiveModel = fit_adaptive()
    return ModelPredictor(model, family="mnlogit", version="7")


def states(opponent: str, game: int) -> list[tuple[GameHistory, object]]:
    """(history, next values) before every predicted round of a simulated game."""
    played = simulate_game(
        game_id=f"carry:{opponent}:{game}", opponent=opponent, predictor=FrequencyPredictor()
    ).history
    history = GameHistory(target=played.target, difficulty_mode=played.difficulty_mode)
    out = []
    for player, bot, values in zip(
        played.player_moves, played.bot_moves, played.values, strict=True
    ):
        if history.rounds_played >= GAMBIT_ROUNDS:
            out.append((history, values))
        history = history.after(player, bot, values, score_round(player, bot, values))
    return out


@pytest.mark.parametrize("opponent", ["Dan", "Bob", "Hal"])
def test_every_carried_round_equals_the_whole_game_read_again(predictor, opponent):
    carried = None
    for history, values in states(opponent, 0):
        again = predictor.predict(history, values)
        carried_answer = predictor.predict_carrying(history, values, carried)

        assert np.allclose(carried_answer.probabilities, again.probabilities, atol=1e-12)
        assert [name for name, _ in carried_answer.reading] == [n for n, _ in again.reading]
        # Through JSON, as the game row keeps it.
        carried = json.loads(json.dumps(carried_answer.carry))


def test_a_carry_of_another_version_or_round_is_ignored(predictor):
    rounds = states("Ace", 1)
    (first, first_values), (second, second_values) = rounds[0], rounds[1]
    left = predictor.predict_carrying(first, first_values, None).carry
    assert left is not None
    truth = predictor.predict(second, second_values).probabilities

    # A carry whose weights all sit on one expert: used, it would change the answer.
    experts = len(left["weights"])
    poisoned = {**left, "weights": [0.0] * (experts - 1) + [1.0]}
    assert not np.allclose(
        predictor.predict_carrying(second, second_values, poisoned).probabilities, truth
    )

    foreign = {**poisoned, "version": "8"}
    stale = {**poisoned, "round": left["round"] - 1}
    broken = {**poisoned, "weights": [1.0]}

    for carry in (foreign, stale, broken):
        answer = predictor.predict_carrying(second, second_values, carry)
        assert np.allclose(answer.probabilities, truth, atol=1e-12)


@pytest.mark.parametrize("family", ["mnlogit", "feedforward"])
def test_the_experts_asked_together_answer_as_each_asked_alone(family):
    model = fit_adaptive(family) if family == "mnlogit" else _small_feedforward()
    history, values = states("Gus", 2)[3]
    from games.engine.features import build_features

    row = np.asarray([build_features(history, values)])
    together = model._stacked()
    assert together is not None

    alone = np.stack([expert.predict_proba(row)[0] for expert in model.experts.values()])

    # float32 networks: the batched product may round differently in the last bits.
    assert np.allclose(
        together(row)[:, 0, :], alone, atol=1e-6 if family == "feedforward" else 1e-12
    )


def _small_feedforward() -> AdaptiveModel:
    return fit_adaptive("feedforward", hidden_sizes=[8, 8], max_epochs=2)


def _joint_and_alone(family: str, seed: int, count: int):
    """A family's joint call for all its experts, random rows, and each expert asked alone."""
    model = fit_adaptive(family)
    rows = np.random.default_rng(seed).uniform(0.0, 2.0, size=(count, 50))
    together = model._stacked()
    assert together is not None
    alone = np.stack([expert.predict_proba(rows) for expert in model.experts.values()])
    return together, rows, alone


def test_the_xgboost_experts_walked_together_answer_as_the_boosters_do():
    together, rows, boosters = _joint_and_alone("xgboost", 11, 40)

    # xgboost sums its leaves in float32.
    assert np.allclose(together(rows), boosters, atol=1e-6)


def test_the_mnlogit_experts_asked_together_answer_on_rows_of_every_top_move():
    together, rows, alone = _joint_and_alone("mnlogit", 12, 60)

    assert {int(np.argmax(row[27:30])) for row in rows} == {0, 1, 2}
    assert np.allclose(together(rows), alone, atol=1e-12)
    assert np.allclose(together(rows[:1]), alone[:, :1], atol=1e-12)
