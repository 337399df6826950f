"""The models page: model identity across slots, accuracy, status and age, gates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, model_world):
    response = client.get(reverse("dashboards:models", args=["xgboost"]))
    assert response.status_code == 200
    return response


def test_every_figure_is_on_the_page_with_a_stable_id(page) -> None:
    content = page.content.decode()
    for div_id in (
        "version-games",
        "version-win-rates",
        "accuracy-by-alias",
        "accuracy-by-version",
        "alias-age",
        "gauntlet-heatmap",
        "backtest",
    ):
        assert f'id="{div_id}"' in content


def test_games_and_win_rates_are_shown_per_version_beside_the_slot_totals(page) -> None:
    games = page.context["figures"]["version_games"]
    production, b = games.data
    assert list(production.x) == ["v1", "v2", "v3", "frequency"]
    assert list(production.y) == [10, 12, 0, 2]
    assert list(b.y) == [5, 8, 4, 0]
    rates = page.context["figures"]["version_win_rates"]
    assert rates.data[0].y[1] == pytest.approx(0.75)  # v2 in Production: 9 of 12
    assert rates.data[1].y[1] == pytest.approx(3 / 8)  # v2 in B before the swap: 3 of 8
    totals = {row.slot: (row.games, row.bot_wins) for row in page.context["slot_totals"]}
    assert totals == {"Production": (24, 16), "B": (17, 8)}
    content = page.content.decode()
    assert 'data-version="frequency" data-slot="Production"' in content
    assert "7" not in {r.version for r in page.context["version_rows"]}  # mnlogit's version


def test_accuracy_lines_follow_the_versions_behind_each_alias(page, model_world) -> None:
    by_alias = {t.name: t for t in page.context["figures"]["accuracy_by_alias"].data}
    # Production was v1 at the swap cycle, then v2.
    assert list(by_alias["Production"].customdata) == [1, 2, 2]
    assert list(by_alias["Production"].y) == pytest.approx([0.40, 0.46, 0.47])
    assert list(by_alias["B"].customdata) == [2, 1, 3]
    # shadow2's version had no score at the first cycle.
    assert list(by_alias["shadow2"].y) == pytest.approx([0.38, 0.39])
    assert by_alias["Production"].x[0] == model_world.at(2).isoformat()
    by_version = {t.name: t for t in page.context["figures"]["accuracy_by_version"].data}
    assert sorted(by_version) == ["v1", "v2", "v3", "v4"]
    assert list(by_version["v3"].y) == pytest.approx([0.50, 0.52, 0.53])


def test_the_accuracy_table_marks_the_current_holders(page) -> None:
    rows = {(r.alias, r.version): r for r in page.context["accuracy_rows"]}
    assert rows[("B", 3)].accuracy == pytest.approx(0.5) and rows[("B", 3)].current
    assert rows[("B", 2)].rounds == 400 and not rows[("B", 2)].current
    assert '<td class="num">0.425</td>' in page.content.decode()  # 170 of 400


def test_status_and_age_per_alias(page, model_world) -> None:
    statuses = {s.alias: s for s in page.context["statuses"]}
    assert [s.alias for s in page.context["statuses"]] == ["Production", "B", "shadow1", "shadow2"]
    production = statuses["Production"]
    assert (production.version, production.stage, production.gates_passed) == (
        2,
        "production",
        True,
    )
    age = timedelta(seconds=production.age_seconds)
    assert timedelta(days=10.5) <= age < timedelta(days=10.5, hours=1)
    bar = page.context["figures"]["alias_age"].data[0]
    assert list(bar.y) == ["Production", "B", "shadow1", "shadow2"]
    assert bar.x[0] == pytest.approx(10.5, abs=0.05)
    assert bar.text[3] == "v4 · staging"


def test_the_gauntlet_heatmap_has_a_row_per_version_and_a_column_per_opponent(page) -> None:
    heatmap = page.context["figures"]["gauntlet_heatmap"].data[0]
    assert list(heatmap.y) == ["v1", "v2", "v3", "v4", "v5"]
    assert list(heatmap.x) == [
        "Ace",
        "Bob",
        "Cal",
        "Dan",
        "Edd",
        "Fox",
        "Gus",
        "Hal",
        "uniform random",
    ]
    assert heatmap.z[0][0] == pytest.approx(5 / 20)
    assert heatmap.z[2][7] == pytest.approx(14 / 20)
    assert heatmap.z[4][2] == pytest.approx(2 / 20)  # v5 failed at Cal
    assert heatmap.z[3][-1] == pytest.approx(12 / 20)
    content = page.content.decode()
    assert '<tr data-version="5">' in content and "rejected" in content


def test_the_backtest_compares_each_candidate_with_its_production(page) -> None:
    candidate, production = page.context["figures"]["backtest"].data
    assert list(candidate.x) == ["v1", "v2", "v3", "v4", "v5"]
    assert list(candidate.y) == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])
    assert production.y[0] is None
    assert list(production.y[1:]) == pytest.approx([0.1, 0.2, 0.3, 0.4])


def test_an_empty_family_renders_empty_figures(client, db) -> None:
    response = client.get(reverse("dashboards:models", args=["feedforward"]))

    assert response.status_code == 200
    assert response.context["figures"]["gauntlet_heatmap"].data[0].z == ()
    assert "No version of feedforward is registered yet." in response.content.decode()


def test_the_page_stays_within_a_few_queries(
    client, model_world, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dashboards:models", args=["xgboost"]))
    assert response.status_code == 200
