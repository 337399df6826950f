"""The online n-gram expert counts a game's transitions as it goes; each row must still be
exactly ``ngram_next`` of the moves before it, the rule a served round applies alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.features import feature_rows_for_game
from games.engine.moves import MOVES
from training.learning.families.mixture import ngram_expert, ngram_next

GAMBIT = 3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=GAMBIT + 1, max_size=40))
def test_every_row_equals_ngram_next_of_the_moves_before_it(moves):
    player = [MOVES[m].value for m in moves]
    bot = [MOVES[(m + 1) % 3].value for m in moves]
    X = feature_rows_for_game(player, bot, [(1.0, 1.5, 2.0)] * len(moves))[GAMBIT:]
    y = moves[GAMBIT:]

    rows = ngram_expert(X, y)

    for i, row in enumerate(rows):
        assert row.tolist() == ngram_next(moves[: GAMBIT + i])
