"""Fixtures for the human-sessions tests.

``data/sessions.csv`` is hand-made: session 1 has 11 rows, of which round 3 is ``none`` and
round 7 empty, leaving the moves R R P P S S R R P; session 2 has 6 answered rounds, P P S S S R;
session 3 has only 3 answered rounds, too few for any game. With 4-round games that makes
three games (1: RRPP, SSRR; 2: PPSS) and drops the partial ends; with 25-round games, two.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from tests.human.models import fit_on_simulated_games

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def sessions_csv() -> Path:
    return DATA / "sessions.csv"


@pytest.fixture
def sessions_gz(tmp_path: Path, sessions_csv: Path) -> Path:
    target = tmp_path / "sessions.csv.gz"
    with sessions_csv.open("rb") as source, gzip.open(target, "wb") as compressed:
        shutil.copyfileobj(source, compressed)
    return target


@pytest.fixture(scope="session")
def mnlogit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real mnlogit model fitted on simulated games, saved as an artifact folder."""
    folder = tmp_path_factory.mktemp("models") / "mnlogit"
    fit_on_simulated_games("mnlogit", games_per_opponent=8).save(folder)
    return folder
