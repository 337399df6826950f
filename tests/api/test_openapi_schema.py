import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    text = target.read_text()
    assert "/api/v1/games/{game_id}/rounds/" in text
    assert "/start_game" in text


def test_the_api_ui_is_served_from_our_own_static_files(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()
