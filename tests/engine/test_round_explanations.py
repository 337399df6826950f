from games.engine.explanation import expert_words, explain_round
from games.engine.history import DifficultyMode
from games.engine.moves import Move
from games.engine.policy import choose_bot_move, expected_points
from games.engine.prediction import UNIFORM
from games.engine.round_values import RoundValues

VALUES = RoundValues(1.0, 2.0, 1.5)


def _explain(probabilities, bot_move, mode=DifficultyMode.STANDARD, reading=()):
    return explain_round(
        probabilities=probabilities, values=VALUES, bot_score=3.0, player_score=4.0,
        target=10.0, bot_move=bot_move, mode=mode, reading=reading,
    )  # fmt: skip


def test_it_states_the_policys_own_expected_points_and_the_move_it_chose():
    p = (0.6, 0.25, 0.15)
    chosen = choose_bot_move(p, VALUES, bot_score=3.0, player_score=4.0, target=10.0)
    explained = _explain(p, chosen)

    assert explained.expected_points == expected_points(
        p, VALUES, bot_score=3.0, player_score=4.0, target=10.0
    )
    assert explained.best == chosen == Move.PAPER  # paper beats the likely rock
    assert explained.summary.startswith("The bot expected you to play rock 60%, paper 25%")
    assert "So it played paper, the best of the three." in explained.summary


def test_on_uniform_probabilities_it_is_value_play():
    explained = _explain(UNIFORM, Move.SCISSORS)
    # Scissors (1.5) loses only to rock (1.0); paper (2.0) loses to scissors (1.5).
    assert explained.best == Move.SCISSORS


def test_it_says_when_easy_mode_played_a_weaker_move_on_purpose():
    explained = _explain((0.6, 0.25, 0.15), Move.ROCK, mode=DifficultyMode.EASY)
    assert "in easy mode the bot often plays a weaker move on purpose: it played rock" in (
        explained.summary
    )


def test_it_names_whom_it_reads_the_player_as():
    explained = _explain(UNIFORM, Move.SCISSORS, reading=(("Cal", 0.62), ("uniform", 0.2)))
    assert explained.summary.endswith("most like Cal, a scripted opponent (62%).")
    assert expert_words("uniform") == "a player who picks at random"
