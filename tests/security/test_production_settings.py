"""Production settings, computed from a production-like environment in a fresh process, as they
are in production: `check --deploy` is clean, and secrets come from the environment only."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT_KEY = "insecure-dev-key-set-DJANGO_SECRET_KEY-in-production"


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        {
            "RPSWEB_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "rpsweb.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "rps.example.com",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://rps.example.com",
            "INTERNAL_API_TOKEN": secrets.token_urlsafe(32),
            "MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK": "true",
        }
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_notice_a_weak_setting(tmp_path):
    # The same check fails when TLS is switched off, so the clean result above means something.
    env = production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="false")

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "key",
    [None, "", DEVELOPMENT_KEY, "django-insecure-" + "x" * 50, "aaaa" * 20],
    ids=["missing", "empty", "development default", "django-insecure", "four characters"],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, key):
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY=key), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_development_still_starts_with_the_development_key(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="true", DJANGO_SECRET_KEY=None)

    result = manage(env, "check")

    assert result.returncode == 0, result.stderr


def test_production_cookies_and_headers_are_secure(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SECURE_PROXY_SSL_HEADER, "
        "s.X_FRAME_OPTIONS)"
    )

    result = manage(production_env(tmp_path), "shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "DENY",
    ]


def test_plain_http_does_not_trust_a_forwarded_proto_header(tmp_path):
    env = production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="false")

    result = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_only_the_probes_and_the_scrape_answer_plain_http_without_a_redirect(tmp_path):
    # Kubernetes probes and Prometheus reach a pod over plain HTTP (deploy/k8s/).
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='rps.example.com'); "
        "print(c.get('/healthz').status_code, c.get('/metrics').status_code, "
        "c.get('/api/v1/ping/').status_code, c.get('/').status_code)"
    )

    result = manage(production_env(tmp_path), "shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    healthz, metrics, ping, home = result.stdout.split()[-4:]
    # Answered, not redirected (this process has no migrated database: 503 is an answer).
    assert healthz in ("200", "503") and metrics in ("200", "503")
    assert (ping, home) == ("301", "301")
