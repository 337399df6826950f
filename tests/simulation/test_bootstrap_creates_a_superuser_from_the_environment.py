from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_env(settings, monkeypatch):
    settings.BOOTSTRAP_GAMES_PER_PAIR = 0  # this test is about the account, not the games
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-pass-phrase")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "boss@example.com")


def _bootstrap() -> str:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


def test_it_creates_a_staff_superuser_once(admin_env):
    first = _bootstrap()
    second = _bootstrap()

    user = get_user_model().objects.get()
    assert user.username == "boss"
    assert user.is_staff and user.is_superuser
    assert user.check_password("a-long-pass-phrase")
    assert re.search(r"\[(\d+)/\1\] create the admin superuser", first)  # the last step
    assert "created 'boss'" in first
    assert "'boss' exists already" in second
