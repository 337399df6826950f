"""How rows are split for training, always by whole games (no game on both sides of a split).

Pure numpy: every function takes per-row arrays and returns boolean masks or index arrays.
"""

from __future__ import annotations

import numpy as np


def chronological_split(
    game_rank: np.ndarray, fractions: tuple[float, ...] = (0.6, 0.2, 0.2)
) -> list[np.ndarray]:
    """Masks of consecutive blocks of games in time order. ``game_rank`` is each row's game's
    position in time (0 = oldest). Each game goes to the block in which its first row falls, so
    block sizes follow ``fractions`` as closely as whole games allow."""
    if not np.isclose(sum(fractions), 1.0):
        raise ValueError("fractions must add up to 1")
    ranks, rows_per_game = np.unique(game_rank, return_counts=True)
    rows_before = np.concatenate(([0], np.cumsum(rows_per_game)[:-1]))
    boundaries = np.cumsum(fractions)[:-1] * len(game_rank)
    block_of_game = np.searchsorted(boundaries, rows_before, side="right")
    block_of_row = block_of_game[np.searchsorted(ranks, game_rank)]
    return [block_of_row == i for i in range(len(fractions))]


def _game_bucket(game_ids: np.ndarray, seed: int) -> np.ndarray:
    """A stable pseudo-random number in [0, 1) per game: SplitMix64 of the id and the seed
    (unsigned arithmetic wraps around on purpose)."""
    with np.errstate(over="ignore"):
        x = game_ids.astype(np.uint64) + np.uint64(seed % 2**32) * np.uint64(0x9E3779B97F4A7C15)
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def group_split(
    game_ids: np.ndarray, *, test_fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(train mask, test mask): each game falls wholly on one side, chosen by a seeded hash.

    With few games the hash can leave one side empty (12 games all land on the train side about
    7% of the time at 0.2), and early stopping then has nothing to watch; so, given two games or
    more, the game with the lowest bucket always goes to test and the one with the highest to
    train."""
    bucket = _game_bucket(game_ids, seed)
    test = bucket < test_fraction
    if len(game_ids) and np.unique(game_ids).size >= 2:
        if not test.any():
            test = bucket == bucket.min()
        if test.all():
            test = bucket != bucket.max()
    return ~test, test


def grouped_folds(game_ids: np.ndarray, *, k: int = 3, seed: int = 0) -> list[np.ndarray]:
    """k disjoint test masks covering every row; a game's rows are all in the same fold."""
    fold = np.minimum((_game_bucket(game_ids, seed) * k).astype(int), k - 1)
    return [fold == i for i in range(k)]
