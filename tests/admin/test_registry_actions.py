"""The registry actions of the admin: each goes through the services, moves MLflow and the
mirror together, writes the audit trail with the admin's name, and changes nothing when it
is refused (saying why)."""

from __future__ import annotations

import pytest

from tests.admin.conftest import act, logged
from training.models import AliasAssignment, AliasChange, ModelVersion, ServingGeneration
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db


def trail() -> list[tuple[str, str, int | None, int | None, str, str]]:
    return [
        (
            c.family,
            c.alias,
            c.from_version.version if c.from_version else None,
            c.to_version.version if c.to_version else None,
            c.reason,
            c.actor,
        )
        for c in AliasChange.objects.select_related("from_version", "to_version").order_by("pk")
    ]


def test_promote_to_an_alias_asks_first_and_changes_nothing_until_confirmed(
    admin_client, registered_version
):
    registered_version(aliases=["Production", "B"])
    new = registered_version()
    before = trail()

    page, shown = act(admin_client, ModelVersion, "promote_to_alias", [new])

    html = page.content.decode()
    assert "Promote to an alias" in html
    assert "bypasses the promotion test" in html
    # What each alias holds now, so the admin sees what the move would replace.
    assert html.count("<td>mnlogit v1</td>") == 2  # Production and B
    assert shown == []
    assert trail() == before
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}


def test_promote_to_production_once_confirmed_moves_it_and_names_the_admin(
    admin_client, registered_version
):
    registered_version(aliases=["Production", "B"])
    new = registered_version()

    _, shown = act(
        admin_client,
        ModelVersion,
        "promote_to_alias",
        [new],
        apply="yes",
        alias="Production",
        note="v1 misbehaves",
    )

    assert shown == [("success", "mnlogit@Production now points at mnlogit v2 (it pointed at v1)")]
    assert registry.aliases("mnlogit") == {"Production": 2, "B": 1}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 2, "B": 1}
    last = AliasChange.objects.order_by("-pk").first()
    assert (last.from_version.version, last.to_version.version) == (1, 2)
    assert (last.reason, last.actor) == ("manual_promote", "root")
    assert last.note == "promoted to Production in admin: v1 misbehaves"
    new.refresh_from_db()
    assert new.stage == "production"
    assert logged(new) == ["root: promoted to Production (it held v1)"]


def test_promote_without_choosing_an_alias_shows_the_page_again(admin_client, registered_version):
    registered_version(aliases=["Production"])
    new = registered_version()
    before = trail()

    page, shown = act(admin_client, ModelVersion, "promote_to_alias", [new], apply="yes", alias="A")

    assert "Promote to an alias" in page.content.decode()
    assert page.context["form"].errors["alias"]
    assert shown == []
    assert trail() == before


def test_a_promotion_the_registry_refuses_changes_nothing_and_says_why(
    admin_client, registered_version, lose_the_registry
):
    registered_version(aliases=["Production", "B"])
    new = registered_version()
    before = trail()
    lose_the_registry()

    _, shown = act(admin_client, ModelVersion, "promote_to_b", [new])

    assert len(shown) == 1
    level, text = shown[0]
    assert level == "error"
    assert text.startswith("mnlogit v2 not promoted: registry refused the alias moves")
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "B": 1}
    assert trail() == before
    assert logged(new) == []


def test_an_ungated_version_is_refused_with_the_reason(admin_client, registered_version):
    registered_version(aliases=["Production", "B"])
    ungated = registered_version(gates_passed=None)
    before = trail()

    _, shown = act(
        admin_client, ModelVersion, "promote_to_alias", [ungated], apply="yes", alias="shadow2"
    )

    assert shown == [("error", "mnlogit v2 not promoted: mnlogit v2 has not passed its gates")]
    assert trail() == before
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}


def test_rolling_back_an_alias_restores_the_previous_holder_in_the_trail(
    admin_client, registered_version
):
    registered_version(aliases=["Production", "B"])
    act(admin_client, ModelVersion, "promote_to_b", [registered_version()])
    b = AliasAssignment.objects.get(family="mnlogit", alias="B")

    _, shown = act(admin_client, AliasAssignment, "roll_back", [b])

    assert shown == [("success", "mnlogit@B rolled back from v2 to mnlogit v1")]
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}
    assert trail()[-2:] == [
        ("mnlogit", "B", 1, 2, "manual_promote", "root"),
        ("mnlogit", "B", 2, 1, "rollback", "root"),
    ]
    assert logged(b) == ["root: mnlogit@B rolled back from v2 to mnlogit v1"]


def test_a_rollback_with_no_history_changes_nothing_and_shows_an_error(
    admin_client, registered_version
):
    registered_version(aliases=["Production"])
    production = AliasAssignment.objects.get(family="mnlogit", alias="Production")
    before = trail()

    _, shown = act(admin_client, AliasAssignment, "roll_back", [production])

    assert shown == [
        (
            "error",
            "mnlogit@Production not rolled back: "
            "mnlogit@Production held no version before its last change",
        )
    ]
    assert trail() == before
    assert registry.aliases("mnlogit") == {"Production": 1}
    assert logged(production) == []


def test_reloading_from_the_serving_generations_bumps_only_the_chosen_families(
    admin_client, registered_version
):
    registered_version("mnlogit", aliases=["Production"])
    admin_client.get("/admin/training/servinggeneration/")  # every family gets its row
    before = dict(ServingGeneration.objects.values_list("family", "generation"))
    assert set(before) >= {"mnlogit", "xgboost", "feedforward"}
    chosen = list(ServingGeneration.objects.filter(family__in=["mnlogit", "xgboost"]))
    aliases_before = trail()

    _, shown = act(admin_client, ServingGeneration, "reload_models", chosen)

    after = dict(ServingGeneration.objects.values_list("family", "generation"))
    assert after == {**before, "mnlogit": before["mnlogit"] + 1, "xgboost": before["xgboost"] + 1}
    assert shown == [
        (
            "success",
            f"Reload requested by root: mnlogit generation {after['mnlogit']}, xgboost "
            f"generation {after['xgboost']}. Every serving process picks it up within seconds.",
        )
    ]
    mnlogit = ServingGeneration.objects.get(family="mnlogit")
    assert logged(mnlogit) == [f"root: reload requested: generation {after['mnlogit']}"]
    assert trail() == aliases_before  # a reload moves no alias


def test_archiving_is_noted_in_the_admin_history(admin_client, registered_version):
    registered_version(aliases=["Production"])
    free = registered_version()

    _, shown = act(admin_client, ModelVersion, "archive", [free])

    free.refresh_from_db()
    assert shown == [("success", "mnlogit v2 archived")]
    assert (free.stage, free.stage_reason) == ("archived", "archived by root: in admin")
    assert logged(free) == ["root: archived"]
