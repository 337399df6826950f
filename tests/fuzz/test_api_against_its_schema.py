"""Schemathesis against our own OpenAPI schema, in-process through the WSGI app: no 500s and
every response as the schema describes it (status, content type, headers, body), for every
operation, positive and negative examples, as a player holding an API token."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from games import services
from games.models import Player

pytestmark = pytest.mark.django_db

JSON = "application/json"
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.ignored_auth,
]


def json_only(document: dict[str, Any]) -> dict[str, Any]:
    """The schema with JSON request bodies only. DRF also parses forms, which cannot say null:
    a nullable field sent as the form value "null" is rightly refused, not a finding."""
    for operations in document["paths"].values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content")
            if content and JSON in content:
                operation["requestBody"]["content"] = {JSON: content[JSON]}
    return document


def load_schema() -> schemathesis.BaseSchema:
    # The schema as /api/v1/schema/ serves it (same generator), through JSON so it is plain data.
    document = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    schema = schemathesis.openapi.from_dict(json_only(document))
    schema.app = WSGIHandler()
    return schema


schema = load_schema()


@pytest.fixture(autouse=True)
def _requests_keep_the_test_transaction(db):
    # As Django's test client does: the test's transaction must survive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def player(django_user_model, settings) -> tuple[str, list[int]]:
    """A player with an API token and three games of their own; returns (token, game ids)."""
    settings.INTERNAL_API_TOKEN = "fuzz-internal-token"  # else every internal call is a 503
    user = django_user_model.objects.create_user("fuzzer", password="not-used")
    owner = Player.objects.create(user=user, name="fuzzer", source="api")
    games = [services.game_start(player=owner, policy=p).pk for p in ("brian", "forrest", "logan")]
    return Token.objects.create(user=user).key, games


def aim_at_own_games(case: schemathesis.Case, games: list[int]) -> None:
    """Most random game ids name no game (404); point positive integers at the player's own."""
    for holder in (case.path_parameters, case.body, case.query):
        if isinstance(holder, dict):
            for key in ("game_id", "game"):
                value = holder.get(key)
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    holder[key] = games[value % len(games)]


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, player):
    token, games = player
    aim_at_own_games(case, games)

    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
