"""Who may call what: every route of the URL configuration and the permission it deliberately has.

The source of truth for docs/security.md. tests/security walks the whole URL configuration and
fails on a route missing here (a new endpoint must choose its permission) or a route listed here
that no longer exists; other tests there check that each permission is really enforced.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Permission(StrEnum):
    # Anyone, no credential: the data is aggregate, about bots and models, or the caller's input.
    PUBLIC = "public"
    # Anyone may call, but only about their own player (session cookie or token): another
    # player's game is refused with 403. Analysts (see below) may read every game.
    PLAYER_OWNED = "player-owned"
    # A token (or staff session) of a user with games.view_round: everyone's rounds.
    ANALYST_TOKEN = "analyst token"
    # A staff session (or a token of a user granted the specific model permission).
    STAFF = "staff"
    # Authorization: Bearer <INTERNAL_API_TOKEN>; no user at all.
    INTERNAL_TOKEN = "internal token"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str  # the URL name, namespaced; "admin" for the whole admin site
    permission: Permission
    why: str


P = Permission

# Keyed by the full route, as Django prints it (converters included). The admin site is one
# entry for its prefix: Django's own staff check guards every page under it.
PERMISSIONS: dict[str, Rule] = {
    "admin/": Rule("admin", P.STAFF, "Django admin: staff login on every page"),
    # --- the model registry (training) -----------------------------------------------------
    "api/v1/models/": Rule(
        "models:families", P.PUBLIC, "alias -> version map; model metadata, no personal data"
    ),
    "api/v1/models/versions/": Rule("models:versions", P.PUBLIC, "registered versions, no PII"),
    "api/v1/models/versions/<str:family>/<int:version>/": Rule(
        "models:version-detail", P.PUBLIC, "metrics and gate results of a version, no PII"
    ),
    "api/v1/models/aliases/history/": Rule(
        "models:alias-history", P.PUBLIC, "alias audit trail; actors are system or staff names"
    ),
    "api/v1/models/reload": Rule(
        "models:reload",
        P.STAFF,
        "a write that makes every server drop models: staff or training.change_modelversion",
    ),
    "api/v1/models/reload/": Rule("models:reload-slash", P.STAFF, "same view as models:reload"),
    # --- the promotion ledger --------------------------------------------------------------
    "api/v1/promotion/events/": Rule(
        "promotion:events", P.PUBLIC, "promotion decisions and their statistics, no PII"
    ),
    "api/v1/promotion/events/<int:pk>/": Rule(
        "promotion:event-detail", P.PUBLIC, "one decision with every recorded field, no PII"
    ),
    "internal/promotion/report": Rule(
        "promotion-internal:report", P.INTERNAL_TOKEN, "an external promoter writes the ledger"
    ),
    "internal/promotion/report/": Rule(
        "promotion-internal:report-slash", P.INTERNAL_TOKEN, "same view as report"
    ),
    "internal/promotion/history": Rule(
        "promotion-internal:history", P.INTERNAL_TOKEN, "Grafana's datasource; machine caller"
    ),
    "internal/promotion/history/": Rule(
        "promotion-internal:history-slash", P.INTERNAL_TOKEN, "same view as history"
    ),
    # --- gameplay API ----------------------------------------------------------------------
    "api/v1/ping/": Rule("api:ping", P.PUBLIC, "benchmark baseline; touches nothing"),
    "api/v1/games/": Rule(
        "api:games",
        P.PLAYER_OWNED,
        "GET lists the caller's own games; POST starts a game owned by the caller",
    ),
    "api/v1/games/<int:game_id>/": Rule(
        "api:game-detail", P.PLAYER_OWNED, "a game with its rounds: its player or an analyst"
    ),
    "api/v1/games/<int:game_id>/rounds/": Rule(
        "api:play-round", P.PLAYER_OWNED, "only the game's player may play it; throttled"
    ),
    "api/v1/players/me/stats/": Rule(
        "api:my-stats", P.PLAYER_OWNED, "the caller's own statistics, nobody else's"
    ),
    "api/v1/leaderboard/": Rule(
        "api:leaderboard", P.PUBLIC, "player names and scores are public by design (leaderboard)"
    ),
    "api/v1/bot-win-rates/": Rule("api:bot-win-rates", P.PUBLIC, "aggregate over all people"),
    "api/v1/policies/": Rule("api:policies", P.PUBLIC, "the bots one can play"),
    "api/v1/rounds/": Rule(
        "api:rounds", P.ANALYST_TOKEN, "every round of every player: analysts only"
    ),
    "api/v1/auth/token/": Rule(
        "api:token", P.PUBLIC, "exchanges a username and password for a token; throttled"
    ),
    "api/v1/schema/": Rule("api:schema", P.PUBLIC, "the OpenAPI schema describes, holds no data"),
    "api/v1/docs/": Rule("api:docs", P.PUBLIC, "Swagger UI over the schema"),
    "api/v1/redoc/": Rule("api:redoc", P.PUBLIC, "Redoc over the schema"),
    # --- dashboards: read-only pages of aggregates; no secrets, no player names -------------
    "dashboards/": Rule("dashboards:index", P.PUBLIC, "read-only dashboard index"),
    "dashboards/decisions/": Rule(
        "dashboards:decisions", P.PUBLIC, "read-only: the public promotion ledger, as a page"
    ),
    "dashboards/decisions/<int:pk>/": Rule(
        "dashboards:event", P.PUBLIC, "read-only: one public ledger event explained"
    ),
    "dashboards/<family:family>/": Rule(
        "dashboards:overview", P.PUBLIC, "read-only: aliases and win rates of a family"
    ),
    "dashboards/<family:family>/tickers/": Rule(
        "dashboards:tickers", P.PUBLIC, "read-only: promotion tickers over time"
    ),
    "dashboards/<family:family>/evidence/": Rule(
        "dashboards:evidence", P.PUBLIC, "read-only: sequential test evidence"
    ),
    "dashboards/<family:family>/replay/": Rule(
        "dashboards:replay", P.PUBLIC, "read-only: the ledger's decisions under another rule"
    ),
    "dashboards/<family:family>/aliases/": Rule(
        "dashboards:aliases", P.PUBLIC, "read-only: alias timeline"
    ),
    "dashboards/<family:family>/models/": Rule(
        "dashboards:models", P.PUBLIC, "read-only: model identity, status and accuracy"
    ),
    "dashboards/gameplay/": Rule(
        "dashboards:gameplay", P.PUBLIC, "read-only: bot win rates and games per day, no names"
    ),
    # --- operations ------------------------------------------------------------------------
    "healthz": Rule("healthz", P.PUBLIC, "liveness for load balancers; says ok/degraded/down"),
    "metrics": Rule(
        "metrics",
        P.PUBLIC,
        "Prometheus scrape: aggregate counters, no personal data; restrict it at the proxy",
    ),
    # --- the original clients' contract (no credentials in that contract) -------------------
    "start_game": Rule(
        "compat:start_game", P.PUBLIC, "starts a game for a new or session-named player"
    ),
    "play": Rule(
        "compat:play",
        P.PLAYER_OWNED,
        "a session_id must own the game; without one, only games of players who never signed "
        "in nor played in a browser (the original clients send only game_id)",
    ),
    "round_points": Rule(
        "compat:round_points", P.PUBLIC, "next round's values, public to both sides by rule"
    ),
    "stats": Rule(
        "compat:stats",
        P.PUBLIC,
        "a game's score by id (as the original), or a player's stats by their secret session_id",
    ),
    "bot_win_rates": Rule("compat:bot_win_rates", P.PUBLIC, "aggregate over all people"),
    "leaderboard": Rule("compat:leaderboard", P.PUBLIC, "public by design"),
    "policies": Rule("compat:policies", P.PUBLIC, "the bots one can play"),
    # --- browser pages (session cookie, CSRF-protected forms) -------------------------------
    "": Rule("pages:home", P.PUBLIC, "the start form; POST starts a game owned by the session"),
    "play/<int:game_id>/": Rule("pages:play", P.PLAYER_OWNED, "only the game's own browser"),
    "play/<int:game_id>/move/": Rule(
        "pages:move", P.PLAYER_OWNED, "only the game's own browser; CSRF token required"
    ),
    "games/": Rule("pages:my_games", P.PLAYER_OWNED, "the session's own games"),
    "leaderboard/": Rule("pages:leaderboard", P.PUBLIC, "public by design"),
}
