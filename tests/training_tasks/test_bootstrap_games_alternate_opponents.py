"""Bootstrap simulation plays one game per (opponent, policy) pair per pass, so that the
newest games (training's chronological hold-out) hold every opponent, not only the last."""

from __future__ import annotations

import pytest

from games.models import Game
from games.simulation import OPPONENTS, POLICIES, bootstrap_games_top_up

pytestmark = pytest.mark.django_db


def test_every_pass_plays_each_pair_once_before_the_next_pass():
    bootstrap_games_top_up(games_per_pair=2)

    order = list(Game.objects.order_by("finished_at", "pk").values_list("player__name", "policy"))
    pairs = len(OPPONENTS) * len(POLICIES)
    assert len(order) == 2 * pairs
    assert set(order[:pairs]) == set(order[pairs:])
    assert len(set(order[:pairs])) == pairs
    # So the newest games (at 5 or more per pair, the newest fifth) hold every opponent.
    assert {name for name, _ in order[-pairs:]} == set(OPPONENTS)


def test_a_top_up_plays_only_the_missing_games_still_round_robin():
    bootstrap_games_top_up(games_per_pair=1)
    ace_brian = Game.objects.filter(player__name="Ace", policy="brian")
    first_ids = set(Game.objects.values_list("pk", flat=True))

    summary = bootstrap_games_top_up(games_per_pair=2)

    new = Game.objects.exclude(pk__in=first_ids).order_by("pk")
    assert summary.games == new.count() == len(OPPONENTS) * len(POLICIES)
    assert ace_brian.count() == 2
    assert [g.player.name for g in new[: len(POLICIES)]] == ["Ace"] * len(POLICIES)
    assert new[len(POLICIES)].player.name == "Bob"
