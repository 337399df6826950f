import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from training.models import AliasChange, ServingGeneration, Stage
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:training_modelversion_changelist"


def act(client, action, *versions):
    response = client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [v.pk for v in versions]},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_promote_to_b_moves_b_and_records_the_admin_as_actor(admin_client, registered_version):
    registered_version(aliases=["Production", "B"])
    new = registered_version()

    messages = act(admin_client, "promote_to_b", new)

    assert messages == ["mnlogit@B now points at mnlogit v2 (it pointed at v1)"]
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 2}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "B": 2}
    change = AliasChange.objects.order_by("-pk").first()
    assert (change.reason, change.actor) == ("manual_promote", "root")


def test_promote_to_b_refuses_an_ungated_version(admin_client, registered_version):
    registered_version(aliases=["Production", "B"])
    ungated = registered_version(gates_passed=None)

    messages = act(admin_client, "promote_to_b", ungated)

    assert messages == ["mnlogit v2 not promoted: mnlogit v2 has not passed its gates"]
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "B": 1}


def test_promote_to_b_refuses_two_versions_of_one_family(admin_client, registered_version):
    first, second = registered_version(), registered_version()

    messages = act(admin_client, "promote_to_b", first, second)

    assert all("choose one mnlogit version for B" in m for m in messages)
    assert len(messages) == 2
    assert registry.aliases("mnlogit") == {}


def test_archive_archives_a_free_version_and_refuses_an_alias_holder(
    admin_client, registered_version
):
    holder = registered_version(aliases=["Production"])
    free = registered_version()

    messages = act(admin_client, "archive", holder, free)

    assert sorted(messages) == [
        "Not archived: mnlogit v1 holds Production: move those aliases first",
        "mnlogit v2 archived",
    ]
    holder.refresh_from_db()
    free.refresh_from_db()
    assert (holder.stage, free.stage) == (Stage.PRODUCTION, Stage.ARCHIVED)
    assert free.stage_reason == "archived by root: in admin"


def test_reload_bumps_the_generation_of_the_selected_families(admin_client, registered_version):
    mnlogit = registered_version("mnlogit", aliases=["Production"])
    registered_version("xgboost", aliases=["Production"])
    before = dict(ServingGeneration.objects.values_list("family", "generation"))

    messages = act(admin_client, "reload_models", mnlogit)

    after = dict(ServingGeneration.objects.values_list("family", "generation"))
    assert after == {**before, "mnlogit": before["mnlogit"] + 1}
    assert messages[0].startswith(
        f"Reload requested by root: mnlogit generation {after['mnlogit']}."
    )


def test_a_staff_member_who_may_only_view_versions_cannot_act(client, registered_version):
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_modelversion"))
    client.force_login(viewer)
    registered_version(aliases=["Production", "B"])
    new = registered_version()

    page = client.get(reverse(CHANGELIST))
    act(client, "promote_to_b", new)

    assert page.status_code == 200
    assert "promote_to_b" not in page.content.decode()
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}
