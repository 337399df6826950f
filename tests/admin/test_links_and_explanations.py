"""The admin explains itself: pages link to what they are about (a game to its player and
model version, a version to its run and its alias changes, an event to the changes it caused
and back), and rows that would confuse carry plain words (an event's explanation, a version's
gate results as a table)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from games.models import Game
from promotion.models import PromotionControl, PromotionEvent
from tests.admin.conftest import act
from tests.factories import finished_game
from tests.promotion.conftest import set_counters
from training.admin.explain import gate_rows
from training.models import AliasChange, ModelVersion

pytestmark = pytest.mark.django_db


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def listed(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_a_game_links_its_player_and_the_model_version_that_played(
    admin_client, registered_version
):
    registered_version("mnlogit")
    played = registered_version("mnlogit", aliases=("Production",))
    game = finished_game(policy="forrest")
    Game.objects.filter(pk=game.pk).update(family="mnlogit", model_version=str(played.version))

    listing = admin_client.get(reverse("admin:games_game_changelist")).content.decode()
    page = admin_client.get(reverse("admin:games_game_change", args=[game.pk])).content.decode()

    assert reverse("admin:games_player_change", args=[game.player_id]) in hrefs(listing)
    version_list = next(h for h in hrefs(listing) if "/training/modelversion/?" in h)
    assert listed(admin_client, version_list) == [played]  # not v1, not another family's v2
    version_page = next(h for h in hrefs(page) if "/training/modelversion/by-number/" in h)
    landed = admin_client.get(version_page, follow=True)
    assert landed.redirect_chain[-1][0] == reverse(
        "admin:training_modelversion_change", args=[played.pk]
    )
    assert landed.context["original"] == played


def test_a_version_number_the_mirror_does_not_hold_is_not_found(admin_client, registered_version):
    registered_version("mnlogit")
    missing = reverse("admin:training_modelversion_by_number", args=["mnlogit", 99])
    assert admin_client.get(missing).status_code == 404


def test_a_version_links_exactly_its_alias_changes(admin_client, registered_version):
    first = registered_version(aliases=("Production", "B"))
    second = registered_version(aliases=("B",))
    registered_version(aliases=("shadow1",))

    page = admin_client.get(
        reverse("admin:training_modelversion_change", args=[second.pk])
    ).content.decode()

    history = next(h for h in hrefs(page) if "/training/aliaschange/?" in h)
    shown = listed(admin_client, history)
    assert [(c.alias, c.from_version, c.to_version) for c in shown] == [("B", first, second)]
    assert "to or from mnlogit v2" in admin_client.get(history).content.decode()  # the filter


def test_a_version_shows_its_gate_results_as_a_table(admin_client, registered_version):
    passed = registered_version()
    failed = registered_version(gates_passed=False)

    def page(version: ModelVersion) -> str:
        url = reverse("admin:training_modelversion_change", args=[version.pk])
        return admin_client.get(url).content.decode()

    assert "<th>gate</th><th>result</th><th>figures</th>" in page(passed)
    row = re.search(r"<tr><td>holdout_vs_baseline[^<]*</td><td>(\w+)</td>", page(passed))
    assert row and row.group(1) == "passed"
    row = re.search(r"<tr><td>holdout_vs_baseline[^<]*</td><td>(\w+)</td>", page(failed))
    assert row and row.group(1) == "failed"
    accuracy = failed.metrics["holdout_accuracy"]
    assert f"accuracy = {accuracy:.3f}" in page(failed)


def test_an_event_explains_itself_and_links_the_changes_it_caused_both_ways(
    admin_client, registered_version, settings
):
    held = {a: registered_version("xgboost", aliases=(a,)) for a in ("Production", "B")}
    settings.PROMOTION_METHOD = "point"
    settings.PROMOTION_MIN_GAMES = 3
    set_counters("xgboost", "Production", games=10, wins=2)
    set_counters("xgboost", "B", games=10, wins=9)
    admin_client.get(reverse("admin:promotion_promotioncontrol_changelist"))
    act(
        admin_client,
        PromotionControl,
        "run_cycle_now",
        [PromotionControl.objects.get(family="xgboost")],
    )
    event = PromotionEvent.objects.get()
    caused = list(AliasChange.objects.filter(promotion_event_id=event.pk))
    assert len(caused) == 2

    page = admin_client.get(
        reverse("admin:promotion_promotionevent_change", args=[event.pk])
    ).content.decode()

    assert "B beat Production: the two models swapped aliases" in page
    assert "Counted since the first cycle (no swap before)" in page
    production, b = held["Production"].version, held["B"].version
    assert f"<tr><td>Production</td><td>v{production}</td><td>v{b}</td><td>moved</td></tr>" in page
    assert "2 alias changes" in page
    link = next(h for h in hrefs(page) if "/training/aliaschange/?" in h)
    assert sorted(c.pk for c in listed(admin_client, link)) == sorted(c.pk for c in caused)
    back = admin_client.get(reverse("admin:training_aliaschange_change", args=[caused[0].pk]))
    event_page = reverse("admin:promotion_promotionevent_change", args=[event.pk])
    assert event_page in hrefs(back.content.decode())
    assert reverse("dashboards:event", args=[event.pk]) in hrefs(page)


def test_gate_rows_say_each_verdict_and_the_figures_behind_it() -> None:
    rows = gate_rows(
        {
            "min_samples": {"passed": True, "rows": 400, "threshold": 300},
            "backtest": {"passed": False, "candidate_net_points": 0.12345, "note": None},
            "gauntlet": {"passed": True, "per_opponent": {"a": {}, "b": {}}},
            "custom": "odd",
        }
    )

    assert rows == [
        ("min_samples (enough training rows)", "passed", "rows = 400, threshold = 300"),
        (
            "backtest (scores at least Production's points on recent rounds)",
            "failed",
            "candidate_net_points = 0.123, note = —",
        ),
        (
            "gauntlet (wins against the scripted opponents)",
            "passed",
            "per_opponent = 2 entries (see the raw results)",
        ),
        ("custom", "unknown", "odd"),
    ]
