"""The gameplay dashboard: bot win rates by policy, alias and difficulty, games per day, and
people against scripted opponents, over the shared analytics filter."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from games.models import Game

from .conftest import DAY1, DAY2, DAY3

pytestmark = pytest.mark.django_db
URL = "/dashboards/gameplay/"


def _expected(games: list[Game], field: str) -> dict[str, tuple[int, int]]:
    """(games, bot wins) per value of ``field`` over the finished games, counted by hand."""
    played: Counter[str] = Counter()
    won: Counter[str] = Counter()
    for game in games:
        if game.is_finished:
            played[getattr(game, field)] += 1
            won[getattr(game, field)] += game.winner == "bot"
    return {key: (played[key], won[key]) for key in played}


def _bars(figure) -> dict[str, tuple[int, int]]:
    bar = figure.data[0]
    return {
        key: (int(text.split("/")[1]), int(text.split("/")[0]))
        for key, text in zip(bar.x, bar.text, strict=True)
    }


def test_the_url_is_named_and_every_figure_has_a_stable_id(client, gameplay_world) -> None:
    assert reverse("dashboards:gameplay") == URL
    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    for div_id in (
        "win-rate-by-policy",
        "win-rate-by-alias",
        "win-rate-by-difficulty",
        "games-per-day",
        "humans-vs-scripted",
    ):
        assert f'id="{div_id}"' in content


def test_win_rates_count_only_the_games_people_finished_here(client, gameplay_world) -> None:
    figures = client.get(URL).context["figures"]
    humans = gameplay_world.humans

    by_policy = _bars(figures["win_rate_by_policy"])
    assert by_policy == _expected(humans, "policy")
    assert sum(games for games, _ in by_policy.values()) == 8  # the unfinished game is left out
    assert _bars(figures["win_rate_by_alias"]) == _expected(humans, "model_alias")
    assert _bars(figures["win_rate_by_difficulty"]) == _expected(humans, "difficulty_mode")
    assert by_policy["brian"][0] == 3  # the simulation's and the pre-cut-off games do not count
    rates = figures["win_rate_by_policy"].data[0]
    brian = list(rates.x).index("brian")
    assert rates.y[brian] == pytest.approx(by_policy["brian"][1] / 3)


def test_games_per_day_separate_people_from_scripted_opponents(client, gameplay_world) -> None:
    humans, scripted = client.get(URL).context["figures"]["games_per_day"].data

    assert humans.name == "humans"
    assert list(humans.x) == [
        DAY1.date().isoformat(),
        DAY2.date().isoformat(),
        DAY3.date().isoformat(),
    ]
    assert list(humans.y) == [2, 3, 4]  # the game still being played counts on its day
    assert scripted.name == "scripted opponents"
    assert list(scripted.y) == [1, 2]


def test_bots_against_people_and_against_scripted_opponents(client, gameplay_world) -> None:
    figure = client.get(URL).context["figures"]["humans_vs_scripted"]
    scripted = figure.data[1]

    assert _bars(figure) == _expected(gameplay_world.humans, "policy")
    expected = _expected(gameplay_world.scripted, "policy")
    assert {
        key: (int(t.split("/")[1]), int(t.split("/")[0]))
        for key, t in zip(scripted.x, scripted.text, strict=True)
    } == expected
    assert expected["brian"][0] == 2  # Ace's game before the cut-off is left out


def test_a_family_and_dates_narrow_every_figure(client, gameplay_world) -> None:
    response = client.get(
        URL, {"family": "feedforward", "since": "2026-03-02", "until": "2026-03-02"}
    )

    assert response.status_code == 200
    figures = response.context["figures"]
    kept = [g for g in gameplay_world.humans if g.family == "feedforward" and g.started_at == DAY2]
    assert len(kept) == 1
    assert _bars(figures["win_rate_by_policy"]) == _expected(kept, "policy")
    humans, scripted = figures["games_per_day"].data
    assert (list(humans.x), list(humans.y)) == ([DAY2.date().isoformat()], [1])
    assert list(scripted.y) == [1]  # Ace against brian on day 2


def test_metrics_since_date_moves_the_cut_off(client, gameplay_world, settings) -> None:
    settings.METRICS_SINCE_DATE = "2026-03-03T00:00:00Z"

    days = client.get(URL).context["figures"]["games_per_day"].data

    assert [(trace.name, list(trace.y)) for trace in days] == [("humans", [4])]


@pytest.mark.parametrize(
    "query",
    [
        {"family": "catboost"},
        {"since": "yesterday"},
        {"until": "2026-02-30"},
        {"since": "2026-03-03", "until": "2026-03-01"},
        {"since": "0001-01-01"},
    ],
)
def test_bad_filters_are_a_400_with_the_forms_errors(client, db, query) -> None:
    response = client.get(URL, query)

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert response.context["figures"] == {}


def test_an_empty_database_renders_empty_figures(client, db) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["figures"]["win_rate_by_policy"].data[0].x == ()


def test_the_page_stays_within_a_few_queries(
    client, gameplay_world, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"family": "xgboost"})
    assert response.status_code == 200
