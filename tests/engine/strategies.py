"""Hypothesis strategies shared by the engine's property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from games.engine.history import DifficultyMode
from games.engine.opponents import SCRIPTED_OPPONENTS
from games.engine.prediction import FrequencyPredictor, MovePredictor, UniformPredictor

game_ids = st.one_of(st.integers(min_value=1, max_value=10**9), st.text(min_size=1, max_size=20))
opponents = st.sampled_from(sorted(SCRIPTED_OPPONENTS))
predictors: st.SearchStrategy[MovePredictor] = st.sampled_from(
    [FrequencyPredictor(), UniformPredictor()]
)
modes = st.sampled_from(list(DifficultyMode))
# Targets in whole tenths, from a sprint to longer than the default game.
targets = st.integers(min_value=10, max_value=150).map(lambda n: n / 10)
