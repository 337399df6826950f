"""The round as the rules play it, with no database: the same inputs give the same outcome, the
game it starts from is left as it was, and what the play service stores (the record, the carry)
reads back as the game the engine continues from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from games.engine.gambits import GAMBIT_ROUNDS, choose_opening
from games.engine.history import GameHistory
from games.engine.history_record import history_from_record
from games.engine.moves import MOVES, Move
from games.engine.prediction import FrequencyPredictor
from games.engine.round import RoundOutcome, play_round
from games.engine.round_values import deterministic_round_points
from games.engine.scoring import Winner

GAME_ID = 4242
moves = st.lists(st.sampled_from([Move(m) for m in MOVES]), min_size=1, max_size=40)


def _play(history: GameHistory, move: Move) -> RoundOutcome:
    return play_round(
        history,
        move,
        deterministic_round_points(GAME_ID, history.next_round_no),
        game_id=GAME_ID,
        opening=choose_opening(GAME_ID),
        predictor=FrequencyPredictor(),
    )


@given(moves)
def test_a_game_played_round_by_round_reads_back_from_what_would_be_stored(thrown) -> None:
    history, record = GameHistory(), []
    for move in thrown:
        outcome = _play(history, move)
        assert outcome == _play(history, move)  # nothing hidden changes between two calls
        assert history.rounds_played == outcome.round_no - 1  # the start is left as it was
        gambit = outcome.round_no <= GAMBIT_ROUNDS
        assert (outcome.turn.prediction is None) == gambit  # no model is asked in a gambit
        if gambit:
            assert outcome.carry == {}
        record.append(outcome.record)
        history = outcome.after
        if outcome.winner is not None:
            break

    again = history_from_record(
        record,
        player_score=history.player_score,
        bot_score=history.bot_score,
        target=history.target,
        difficulty_mode=history.difficulty_mode,
    )
    assert again.player_moves == history.player_moves
    assert again.bot_moves == history.bot_moves
    assert again.results == history.results


def test_the_round_that_reaches_the_target_names_the_winner() -> None:
    history, outcome = GameHistory(), None
    while outcome is None or outcome.winner is None:
        outcome = _play(history, Move.ROCK)
        history = outcome.after
    assert outcome.winner in (Winner.USER, Winner.BOT)
    assert max(history.player_score, history.bot_score) >= history.target
