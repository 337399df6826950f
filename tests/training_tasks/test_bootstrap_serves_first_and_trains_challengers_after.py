"""``manage.py bootstrap`` with BOOTSTRAP_CHALLENGERS_LATER (the ``make up`` default): one
version a family before serving, on every alias, and the other seeds queued for the worker,
which then gives B and the shadows versions of their own. The queued task runs eagerly here."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.vocabulary import FAMILIES
from games.simulation import bootstrap_games_top_up
from training.models import ModelVersion
from training.registry.selectors import alias_versions

pytestmark = pytest.mark.django_db


def test_every_family_serves_one_version_then_gets_its_challengers(
    settings, fast_gates, eager, monkeypatch
):
    settings.BOOTSTRAP_CHALLENGERS_LATER = True
    settings.BOOTSTRAP_GAMES_PER_PAIR = 0
    # Challengers are back-tested against the Production served first; on 144 games their net
    # points differ by chance more than the usual margin.
    settings.BACKTEST_MARGIN = 10.0
    for name in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    bootstrap_games_top_up(games_per_pair=6)
    out = StringIO()

    call_command("bootstrap", stdout=out)

    output = out.getvalue()
    assert "queued for the worker: feedforward, xgboost, mnlogit" in output
    for family in FAMILIES:
        held = alias_versions(family=family)
        versions = ModelVersion.objects.filter(family=family)
        assert sorted(held) == ["B", "Production", "shadow1", "shadow2"]
        assert len(set(held.values())) == versions.filter(gates_passed=True).count() == 4
        # The version served first stayed Production: it was trained and placed first.
        assert held["Production"] == versions.order_by("version").first().version
