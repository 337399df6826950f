from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission as AuthPermission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

INTERNAL_TOKEN = "internal-token-for-the-security-tests-0123456789"


@dataclass(frozen=True)
class Credential:
    """One way of presenting oneself: a header, a logged-in session, or nothing."""

    label: str
    authorization: str | None = None
    session_user: str | None = None

    def client(self) -> APIClient:
        client = APIClient()
        if self.authorization is not None:
            client.credentials(HTTP_AUTHORIZATION=self.authorization)
        if self.session_user is not None:
            client.force_login(get_user_model().objects.get(username=self.session_user))
        return client


def make_user(username: str, *codenames: str, staff: bool = False) -> str:
    """A user with the given permissions; returns their token."""
    user = get_user_model().objects.create_user(username, password="a-long-password-42")
    user.is_staff = staff
    user.save()
    for codename in codenames:
        user.user_permissions.add(AuthPermission.objects.get(codename=codename))
    return Token.objects.create(user=user).key


@pytest.fixture
def credentials(db, settings) -> dict[str, Credential]:
    settings.INTERNAL_API_TOKEN = INTERNAL_TOKEN
    player = make_user("plain-player")
    analyst = make_user("analyst", "view_round")
    operator = make_user("operator", "change_modelversion")
    make_user("staff-member", staff=True)
    return {
        "anonymous": Credential("anonymous"),
        "garbage token": Credential("garbage token", "Token 0123456789abcdef0123456789abcdef"),
        "player token": Credential("player token", f"Token {player}"),
        "player session": Credential("player session", session_user="plain-player"),
        "analyst token": Credential("analyst token", f"Token {analyst}"),
        "operator token": Credential("operator token", f"Token {operator}"),
        "staff session": Credential("staff session", session_user="staff-member"),
        "internal bearer": Credential("internal bearer", f"Bearer {INTERNAL_TOKEN}"),
        "wrong bearer": Credential("wrong bearer", "Bearer not-the-internal-token"),
    }
