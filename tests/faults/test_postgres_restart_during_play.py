"""PostgreSQL restarts, then crashes and stays down for a few seconds, while players play over
HTTP against a real gunicorn. Requests during the outage get a clean 503 (JSON for the API, a
plain page for a browser); play recovers without restarting gunicorn; and afterwards the ledger
adds up: every game's score is the sum of its rounds, round numbers have no gaps, every answer a
player got is stored as they saw it, and the slot counters equal the finished games.

The database is a private cluster started by the test (the shared one on 5432 is never touched),
so this runs whatever database the rest of the suite uses.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.faults.services import (
    Browser,
    PrivatePostgres,
    migrate,
    private_postgres,
    wait_until,
)
from tests.integration.servers import running_gunicorn

pytestmark = pytest.mark.integration

PLAYERS = 4
GAMES_EACH = 2
MOVES = ("rock", "paper", "scissors", "paper", "rock")
OUTAGE_SECONDS = 3.0


@dataclass
class Player:
    """Plays its games to the end, retrying a round (same number, same move) after a 503."""

    name: str
    browser: Browser
    statuses: Counter = field(default_factory=Counter)
    answers: dict[tuple[int, int], str] = field(default_factory=dict)  # (game, round) -> move
    games: list[int] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def _until_served(self, method: str, path: str, payload: dict) -> dict | None:
        while True:
            reply = self.browser.request(method, path, payload)
            self.statuses[reply.status] += 1
            if reply.status in (200, 201):
                return reply.json()
            if reply.status == 503 and reply.json().get("error") == "database_unavailable":
                time.sleep(0.1)
                continue
            self.unexpected.append(f"{method} {path} -> {reply.status}: {reply.body[:300]!r}")
            return None

    def play(self) -> None:
        moves = itertools.cycle(MOVES)
        for _ in range(GAMES_EACH):
            game = self._until_served(
                "POST", "/api/v1/games/", {"policy": "logan", "player_name": self.name}
            )
            if game is None:
                return
            self.games.append(game["id"])
            for round_no in itertools.count(1):
                move = next(moves)
                played = self._until_served(
                    "POST",
                    f"/api/v1/games/{game['id']}/rounds/",
                    {"move": move, "round": round_no},
                )
                if played is None:
                    return
                self.answers[(game["id"], round_no)] = played["round"]["player_move"]
                if played["game"]["status"] == "finished":
                    break


def _rounds_answered(players: list[Player]) -> int:
    return sum(len(p.answers) for p in players)


def _ledger(pg: PrivatePostgres) -> dict[str, list[tuple]]:
    return {
        "games": pg.sql(
            "rpsweb",
            "SELECT g.id, g.status, g.player_score, g.bot_score, g.rounds_played, "
            "COALESCE(SUM(r.player_delta), 0), COALESCE(SUM(r.bot_delta), 0), COUNT(r.id), "
            "COALESCE(MAX(r.round_no), 0), COUNT(DISTINCT r.round_no) "
            "FROM games_game g LEFT JOIN games_round r ON r.game_id = g.id GROUP BY g.id",
        ),
        "rounds": pg.sql("rpsweb", "SELECT game_id, round_no, player_move FROM games_round"),
        "counters": pg.sql(
            "rpsweb",
            "SELECT family, slot, difficulty, games, bot_wins, losses FROM promotion_slotcounter",
        ),
        "finished": pg.sql(
            "rpsweb",
            "SELECT family, model_alias, difficulty_mode, COUNT(*), "
            "COUNT(*) FILTER (WHERE winner = 'bot'), COUNT(*) FILTER (WHERE winner = 'user') "
            "FROM games_game WHERE status = 'finished' AND NOT is_test "
            "GROUP BY family, model_alias, difficulty_mode",
        ),
    }


def _probe_the_outage(base: str, game_id: int) -> None:
    """While the database is down: the API says 503 in its error shape with Retry-After, a page
    says 503 in plain HTML, and /healthz says down."""
    probe = Browser(base)
    api = probe.request("POST", f"/api/v1/games/{game_id}/rounds/", {"move": "rock"})
    assert api.status == 503
    assert api.json()["error"] == "database_unavailable"
    assert int(api.headers["Retry-After"]) > 0
    page = probe.request("GET", "/leaderboard/")
    assert page.status == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert b"Back in a moment" in page.body
    assert page.headers["Retry-After"]
    health = probe.request("GET", "/healthz")
    assert (health.status, health.json()["status"]) == (503, "down")


def test_play_survives_a_database_restart_and_an_outage(tmp_path: Path) -> None:
    with private_postgres() as pg:
        migrate(pg.create_database("rpsweb"), tmp_path / "var")
        with running_gunicorn(
            tmp_path,
            workers=2,
            DATABASE_URL=pg.url("rpsweb"),
            REDIS_URL="",  # the cache is files here: only the database is at fault
            THROTTLE_PLAY_RATE="100000/minute",
            THROTTLE_START_RATE="100000/minute",
        ) as base:
            players = [Player(f"fault-{i}", Browser(base)) for i in range(PLAYERS)]
            threads = [threading.Thread(target=p.play, daemon=True) for p in players]
            for thread in threads:
                thread.start()
            # Every player holds a session before the first fault.
            wait_until(
                lambda: all(p.answers for p in players) and _rounds_answered(players) >= 12,
                timeout=60,
                what="players to be playing",
            )

            pg.restart("fast")  # ends every open session, as a managed restart does
            before = _rounds_answered(players)
            wait_until(
                lambda: _rounds_answered(players) >= before + 12,
                timeout=60,
                what="play to resume after the restart",
            )

            pg.stop("immediate")  # a crash: no goodbye to the clients
            down_since = time.monotonic()
            _probe_the_outage(base, players[0].games[-1])
            answered_while_down = _rounds_answered(players)
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_since)))
            assert _rounds_answered(players) == answered_while_down
            pg.start()

            for thread in threads:
                thread.join(timeout=90)
            assert not any(thread.is_alive() for thread in threads), "players are stuck"

        ledger = _ledger(pg)

    statuses = sum((p.statuses for p in players), Counter())
    assert [u for p in players for u in p.unexpected] == []
    assert set(statuses) <= {200, 201, 503}
    assert all(len(p.games) == GAMES_EACH for p in players)

    # Nothing half-written: each game's score is the sum of its rounds, numbered 1..n.
    games = {row[0]: row for row in ledger["games"]}
    for game_id, _, player, bot, played, sum_p, sum_b, count, last, distinct in games.values():
        assert (player, bot) == (sum_p, sum_b), f"game {game_id}"
        assert played == count == last == distinct, f"game {game_id}"
    # Every answer a player got is stored, as they saw it; every game they played finished.
    stored = {(g, n): move for g, n, move in ledger["rounds"]}
    answers = {key: move for p in players for key, move in p.answers.items()}
    played_games = {g for p in players for g in p.games}
    assert {k: v for k, v in stored.items() if k[0] in played_games} == answers
    assert all(games[g][1] == "finished" for g in played_games)
    # Games nobody heard of (a start whose answer was lost) have no rounds.
    assert all(games[g][7] == 0 for g in set(games) - played_games)
    # The counters are exactly the finished games.
    counters = {(f, s, d): (n, w, lost) for f, s, d, n, w, lost in ledger["counters"]}
    finished = {(f, s, d): (n, w, lost) for f, s, d, n, w, lost in ledger["finished"]}
    assert counters == finished
    assert sum(n for n, _, _ in counters.values()) == PLAYERS * GAMES_EACH
