import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from training.models import ServingGeneration

pytestmark = pytest.mark.django_db

URL = "/api/v1/models/reload"


def generations() -> dict[str, int]:
    return dict(ServingGeneration.objects.values_list("family", "generation"))


def token_for(username: str, *permissions: str) -> str:
    user = get_user_model().objects.create_user(username, password="pw")
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return Token.objects.create(user=user).key


def test_an_anonymous_caller_is_refused_and_nothing_reloads(api_client):
    response = api_client.post(URL)

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert generations() == {}


def test_a_token_without_the_permission_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('player')}")

    response = api_client.post(URL)

    assert response.status_code == 403
    assert generations() == {}


def test_a_permitted_token_bumps_every_familys_generation(api_client, registered_version):
    registered_version(aliases=["Production"])
    before = generations()
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Token {token_for('operator', 'change_modelversion')}"
    )

    response = api_client.post(URL)

    assert response.status_code == 200
    after = generations()
    assert response.json() == {"generations": after}
    assert set(after) == {"feedforward", "xgboost", "mnlogit"}
    assert after["mnlogit"] == before["mnlogit"] + 1


def test_a_staff_session_may_reload_one_family(api_client):
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    api_client.force_login(staff)

    first = api_client.post(URL, {"family": "xgboost"}, format="json").json()
    second = api_client.post(f"{URL}/", {"family": "xgboost"}, format="json").json()

    assert first == {"generations": {"xgboost": 1}}
    assert second == {"generations": {"xgboost": 2}}
    assert generations() == {"xgboost": 2}


def test_an_unknown_family_is_a_400(api_client):
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    api_client.force_login(staff)

    response = api_client.post(URL, {"family": "bogus"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert generations() == {}
