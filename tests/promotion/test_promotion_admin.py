"""The promotion admin: read-only records, and the pause, resume and run-now actions."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from promotion.models import PromotionControl, PromotionEvent
from tests.promotion.conftest import set_counters

pytestmark = pytest.mark.django_db

FAMILY = "xgboost"


def act(admin_client, action: str) -> list[str]:
    control = PromotionControl.objects.get(family=FAMILY)
    response = admin_client.post(
        reverse("admin:promotion_promotioncontrol_changelist"),
        {"action": action, "_selected_action": [control.pk]},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "model", ["promotionevent", "cyclefailure", "slotcounter", "versionslotcounter"]
)
def test_every_changelist_renders(admin_client, four_aliases, model):
    four_aliases(FAMILY)
    set_counters(FAMILY, "Production", games=4, wins=2)
    response = admin_client.get(reverse(f"admin:promotion_{model}_changelist"))
    assert response.status_code == 200
    assert admin_client.get(reverse(f"admin:promotion_{model}_add")).status_code == 403


def test_the_ledger_is_read_only_and_shows_the_since_swap_figures(admin_client, four_aliases):
    four_aliases(FAMILY)
    set_counters(FAMILY, "Production", games=4, wins=3)
    admin_client.get(reverse("admin:promotion_promotioncontrol_changelist"))
    act(admin_client, "run_cycle_now")
    event = PromotionEvent.objects.get()

    listing = admin_client.get(reverse("admin:promotion_promotionevent_changelist"))
    page = admin_client.get(reverse("admin:promotion_promotionevent_change", args=[event.pk]))

    assert "3/4" in listing.content.decode()
    assert page.status_code == 200
    assert b'name="decision"' not in page.content
    delete = reverse("admin:promotion_promotionevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert PromotionEvent.objects.filter(pk=event.pk).exists()


def test_the_actions_pause_resume_and_run_a_cycle(admin_client, four_aliases):
    four_aliases(FAMILY)
    assert (
        admin_client.get(reverse("admin:promotion_promotioncontrol_changelist")).status_code == 200
    )

    assert act(admin_client, "pause_promotion") == [f"{FAMILY}: promotion paused"]
    control = PromotionControl.objects.get(family=FAMILY)
    assert (control.paused, control.changed_by) == (True, "root")
    assert act(admin_client, "run_cycle_now") == [f"{FAMILY}: skipped (promotion paused by root)"]
    assert not PromotionEvent.objects.exists()

    assert act(admin_client, "resume_promotion") == [f"{FAMILY}: promotion resumed"]
    assert PromotionControl.objects.get(family=FAMILY).paused is False
    messages = act(admin_client, "run_cycle_now")
    event = PromotionEvent.objects.get()
    assert messages == [
        f"{FAMILY}: decision={event.decision} swap=False reorder={event.reorder_applied}"
    ]
    assert (event.source, event.payload["actor"]) == ("manual", "root")
