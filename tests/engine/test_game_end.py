from __future__ import annotations

from hypothesis import given, settings

from games.engine.gambits import GAMBIT_ROUNDS
from games.engine.history import DifficultyMode
from games.engine.moves import Result
from games.engine.prediction import MovePredictor
from games.engine.scoring import Winner, add_points
from games.engine.simulation import simulate_game
from tests.engine.strategies import game_ids, modes, opponents, predictors, targets


@settings(max_examples=120, deadline=None)
@given(
    game_id=game_ids,
    opponent=opponents,
    predictor=predictors,
    mode=modes,
    target=targets,
)
def test_a_game_ends_in_the_round_a_side_first_reaches_the_target(
    game_id: object,
    opponent: str,
    predictor: MovePredictor,
    mode: DifficultyMode,
    target: float,
) -> None:
    game = simulate_game(
        game_id=game_id,
        opponent=opponent,
        predictor=predictor,
        target=target,
        difficulty_mode=mode,
    )
    history = game.history
    player = bot = 0.0
    for i, result in enumerate(history.results):
        assert player < target and bot < target, f"round {i + 1} was played after the end"
        values = history.values[i]
        if result is Result.DRAW:
            player, bot = add_points(player, 0.5), add_points(bot, 0.5)
        elif result is Result.WIN:
            player = add_points(player, values.of(history.player_moves[i]))
        else:
            bot = add_points(bot, values.of(history.bot_moves[i]))
    assert player >= target or bot >= target
    assert (player, bot) == (history.player_score, history.bot_score)

    if player > bot:
        assert game.winner is Winner.USER
    elif bot > player:
        assert game.winner is Winner.BOT
    else:
        assert game.winner is Winner.TIE
        assert player >= target and bot >= target

    assert len(game.turns) == history.rounds_played
    assert all(turn.prediction is None for turn in game.turns[:GAMBIT_ROUNDS])
    assert all(turn.prediction is not None for turn in game.turns[GAMBIT_ROUNDS:])
