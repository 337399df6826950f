import numpy as np

from training.learning.splits import chronological_split, group_split, grouped_folds

GAMES = np.repeat(np.arange(200), np.random.default_rng(1).integers(8, 30, size=200))


def test_no_game_is_on_both_sides_of_the_group_split():
    train, test = group_split(GAMES, test_fraction=0.2, seed=3)

    assert not set(GAMES[train]) & set(GAMES[test])
    assert (train ^ test).all()
    assert 0.1 < test.mean() < 0.3


def test_the_group_split_is_reproducible_and_depends_on_the_seed():
    assert (group_split(GAMES, seed=1)[1] == group_split(GAMES, seed=1)[1]).all()
    assert (group_split(GAMES, seed=1)[1] != group_split(GAMES, seed=2)[1]).any()


def test_a_few_games_always_leave_both_sides_of_the_group_split_non_empty():
    for seed in range(200):
        games = np.repeat(np.arange(seed * 3, seed * 3 + 3), 5)  # three games, five rows each
        for fraction in (0.0, 0.2, 1.0):
            train, test = group_split(games, test_fraction=fraction, seed=seed)

            assert train.any() and test.any()
            assert not set(games[train]) & set(games[test])


def test_grouped_folds_cover_every_row_once_and_keep_games_whole():
    folds = grouped_folds(GAMES, k=3, seed=0)

    assert (sum(f.astype(int) for f in folds) == 1).all()
    for a in range(3):
        for b in range(a + 1, 3):
            assert not set(GAMES[folds[a]]) & set(GAMES[folds[b]])


def test_the_chronological_split_keeps_time_order_and_whole_games():
    train, val, hold = chronological_split(GAMES)

    assert GAMES[train].max() < GAMES[val].min()
    assert GAMES[val].max() < GAMES[hold].min()
    assert (train ^ val ^ hold).all()
    assert abs(train.mean() - 0.6) < 0.05
    assert abs(hold.mean() - 0.2) < 0.05
