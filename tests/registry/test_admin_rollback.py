import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from training.models import AliasAssignment, AliasChange
from training.registry import selectors
from training.registry import store as registry

pytestmark = pytest.mark.django_db


def act(client, changelist, action, *rows):
    response = client.post(
        reverse(changelist),
        {"action": action, "_selected_action": [row.pk for row in rows]},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_rolling_back_b_returns_the_previous_version_and_names_the_admin(
    admin_client, registered_version
):
    registered_version(aliases=["Production", "B"])
    act(
        admin_client, "admin:training_modelversion_changelist", "promote_to_b", registered_version()
    )
    b = AliasAssignment.objects.get(family="mnlogit", alias="B")

    messages = act(admin_client, "admin:training_aliasassignment_changelist", "roll_back", b)

    assert messages == ["mnlogit@B rolled back from v2 to mnlogit v1"]
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "B": 1}
    last = AliasChange.objects.order_by("-pk").first()
    assert (last.reason, last.actor, last.to_version.version) == ("rollback", "root", 1)


def test_a_refused_rollback_changes_nothing_and_says_why(admin_client, registered_version):
    registered_version(aliases=["Production"])  # Production has held nothing else
    production = AliasAssignment.objects.get(family="mnlogit", alias="Production")
    changes_before = AliasChange.objects.count()

    messages = act(
        admin_client, "admin:training_aliasassignment_changelist", "roll_back", production
    )

    assert len(messages) == 1 and messages[0].startswith("mnlogit@Production not rolled back:")
    assert registry.aliases("mnlogit") == {"Production": 1}
    assert AliasChange.objects.count() == changes_before


def test_promote_to_shadow1_moves_only_shadow1(admin_client, registered_version):
    registered_version(aliases=["Production", "B"])
    new = registered_version()

    messages = act(
        admin_client, "admin:training_modelversion_changelist", "promote_to_shadow1", new
    )

    assert messages == ["mnlogit@shadow1 now points at mnlogit v2 (it pointed at nothing)"]
    assert registry.aliases("mnlogit") == {"Production": 1, "B": 1, "shadow1": 2}
    assert selectors.alias_versions(family="mnlogit") == {"Production": 1, "B": 1, "shadow1": 2}
