"""Schemathesis's own command line against a live gunicorn (DEBUG off, the test database:
PostgreSQL in CI), reading the schema the server serves, with every check it has: the schema
must say exactly what the server does. Bounded (a few examples an operation, a fixed seed) so
that it costs well under a minute."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from games import services
from games.models import Player
from tests.integration.servers import running_gunicorn

MAX_EXAMPLES = 6
SEED = 20261207


@pytest.fixture
def player_token(django_user_model) -> str:
    user = get_user_model().objects.create_user("live-fuzzer", password="not-used")
    player = Player.objects.create(user=user, name="live-fuzzer", source="api")
    for policy in ("brian", "forrest", "logan"):
        services.game_start(player=player, policy=policy)
    return Token.objects.create(user=user).key


@pytest.mark.django_db(transaction=True)
def test_the_live_server_answers_as_its_schema_says(tmp_path: Path, player_token: str):
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "live-schema-fuzzing-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "INTERNAL_API_TOKEN": "live-fuzzing-internal-token",
        # Schemathesis sends hundreds of requests a minute from one address.
        "THROTTLE_PLAY_RATE": "100000/minute",
        "THROTTLE_START_RATE": "100000/minute",
        "THROTTLE_TOKEN_RATE": "100000/minute",
    }
    with running_gunicorn(tmp_path, workers=2, **production) as base:
        command = [
            str(Path(sys.executable).with_name("schemathesis")), "run",
            f"{base}/api/v1/schema/?format=json",
            "--checks", "all",
            "--max-examples", str(MAX_EXAMPLES),
            "--seed", str(SEED),
            "--generation-deterministic",
            "--no-shrink",
            "--workers", "1",
            "--request-timeout", "30",
            "--suppress-health-check", "all",
            # The schema says "no NUL" of every string, but OpenAPI 3.0 cannot say it of the
            # names of free-form objects' keys, which the request guard refuses all the same.
            "--generation-allow-x00", "false",
            "--output-sanitize", "false",
            "--header", f"Authorization: Token {player_token}",
        ]  # fmt: skip
        run = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
        )
    report = run.stdout + run.stderr[-2000:]
    assert run.returncode == 0, report
