"""The original clients' JSON contract (/start_game, /play, ...), as thin aliases over the same
services as /api/v1/. Field names follow the original; our stricter errors (400 for an unknown
policy, 409 for a finished game) are deliberate differences, see SPEC "Compatibility"."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_input import JsonBooleanField, JsonCharField, validated
from core.throttling import PlayThrottle, StartGameThrottle
from games import selectors, services
from games.api.serializers import DIFFICULTY_INPUTS, canonical_difficulty
from games.api.views import ERROR, policy_rows
from games.engine.bots import all_policy_names
from games.engine.moves import MOVES
from games.errors import GameNotFound
from games.models import Game, Player
from games.player_filters import metrics_since

TAGS = ["compatibility"]
ORIGINAL_DIFFICULTY = {"standard": "normal", "easy": "easy"}

# The original clients send no CSRF token and no credentials: these endpoints take none.
_NO_AUTH: list[Any] = []


class CompatStartGameInput(serializers.Serializer):
    player_name = JsonCharField(max_length=64, required=False, allow_blank=True)
    policy = serializers.ChoiceField(choices=all_policy_names())
    difficulty_mode = serializers.ChoiceField(
        choices=DIFFICULTY_INPUTS, required=False, allow_null=True
    )
    session_id = JsonCharField(max_length=64, required=False, allow_blank=True)
    is_test = JsonBooleanField(required=False, default=False)


class CompatPlayInput(serializers.Serializer):
    game_id = serializers.IntegerField(min_value=1)
    # Any letter case, as the original clients send it; the schema says the same.
    user_move = serializers.RegexField(
        regex=r"^([Rr][Oo][Cc][Kk]|[Pp][Aa][Pp][Ee][Rr]|[Ss][Cc][Ii][Ss][Ss][Oo][Rr][Ss])$",
        error_messages={"invalid": "unknown move: expected rock, paper or scissors"},
    )
    session_id = JsonCharField(max_length=64, required=False, allow_blank=True)
    easy_mode = serializers.JSONField(
        required=False, allow_null=True, help_text="Ignored (original field)."
    )


class CompatGameIdQuery(serializers.Serializer):
    game_id = serializers.IntegerField(min_value=1)


class CompatStatsQuery(serializers.Serializer):
    game_id = serializers.IntegerField(min_value=1, required=False)
    session_id = serializers.CharField(max_length=64, required=False)


class CompatLimitQuery(serializers.Serializer):
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=100)


def _model_info(game: Game, source: str | None) -> dict[str, Any]:
    return {
        "model_type": game.family,
        "alias": game.model_alias,
        "version": game.model_version or None,
        "probability_source": source,
    }


class StartGameView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]
    throttle_classes = [StartGameThrottle]

    @extend_schema(
        request=CompatStartGameInput, responses={200: dict, 400: ERROR, 429: ERROR}, tags=TAGS
    )
    def post(self, request: Request) -> Response:
        data = validated(CompatStartGameInput, request.data)
        player = services.player_get_or_create(
            name=data.get("player_name"), session_id=data.get("session_id") or None, source="api"
        )
        game = services.game_start(
            player=player,
            policy=data["policy"],
            difficulty_mode=canonical_difficulty(data.get("difficulty_mode")),
            is_test=data["is_test"],
        )
        return Response(
            {
                "game_id": game.pk,
                "session_id": player.session_id,
                "player_name": player.name,
                "bot_policy": data["policy"],
                "policy": game.policy,
                "difficulty_mode": ORIGINAL_DIFFICULTY[game.difficulty_mode],
                "bot_model_alias": game.model_alias,
                "model_type": game.family,
                "status": game.status,
                "message": f"Game {game.pk} started: first to {float(game.target_points):g} "
                f"points against {game.policy}.",
            }
        )


class PlayView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]
    throttle_classes = [PlayThrottle]

    @extend_schema(
        request=CompatPlayInput,
        responses={200: dict, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR, 429: ERROR},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = validated(CompatPlayInput, request.data)
        # The session (checked in the round's locked read, not by a query of its own) says who
        # asks; without one the original clients name the game by id alone, and the service
        # refuses them games bound to a signed-in user or a browser.
        session_id = data.get("session_id") or None
        played = services.round_play(
            game_id=data["game_id"],
            move=data["user_move"],
            player=None,
            session_id=session_id,
            id_only=session_id is None,
        )
        game, done = played.game, played.round
        values = {m.value: float(getattr(done, f"value_{m.value}")) for m in MOVES}
        if game.is_finished:
            message = {
                "user": "You won the game!",
                "bot": "The bot won the game.",
                "tie": "The game is a tie.",
            }[game.winner or "tie"]
        else:
            message = f"Round {done.round_no}: you {done.result}."
        return Response(
            {
                "game_id": game.pk,
                "round": done.round_no,
                "user_move": done.player_move,
                "bot_move": done.bot_move,
                "result": done.result,
                "user_delta": float(done.player_delta),
                "bot_delta": float(done.bot_delta),
                "user_score": float(game.player_score),
                "bot_score": float(game.bot_score),
                "round_points": values,
                "finished": game.is_finished,
                "winner": game.winner,
                "model_info": _model_info(game, done.prediction_source),
                "message": message,
            }
        )


def _game_or_404(game_id: int) -> Game:
    game = selectors.game_get(game_id=game_id)
    if game is None:
        raise GameNotFound(f"no game with id {game_id}")
    return game


class RoundPointsView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[CompatGameIdQuery], responses={200: dict, 400: ERROR, 404: ERROR}, tags=TAGS
    )
    def get(self, request: Request) -> Response:
        game = _game_or_404(validated(CompatGameIdQuery, request.query_params)["game_id"])
        values = selectors.next_round_values(game)
        return Response(
            {
                "game_id": game.pk,
                "round_no": game.rounds_played + 1,
                "round_points": values.as_dict() if values else None,
                "finished": game.is_finished,
            }
        )


class StatsView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[CompatStatsQuery], responses={200: dict, 400: ERROR, 404: ERROR}, tags=TAGS
    )
    def get(self, request: Request) -> Response:
        query = validated(CompatStatsQuery, request.query_params)
        if not query.get("game_id") and not query.get("session_id"):
            # Both are optional, one at a time: naming neither names no game (the schema
            # cannot say "one of", so this is a 404, not a refusal of valid input).
            raise GameNotFound("give game_id or session_id: no game to report on")
        if query.get("game_id"):
            game = _game_or_404(query["game_id"])
            return Response(
                {
                    "game_id": game.pk,
                    "player_name": game.player.name,
                    "policy": game.policy,
                    "rounds": game.rounds_played,
                    "user_score": float(game.player_score),
                    "bot_score": float(game.bot_score),
                    "finished": game.is_finished,
                    "winner": game.winner,
                    "bot_model_alias": game.model_alias,
                    "model_type": game.family,
                }
            )
        player = Player.objects.filter(session_id=query["session_id"]).first()
        if player is None:
            raise GameNotFound(f"no player with session_id {query['session_id']!r}")
        stats = selectors.player_stats(player=player)
        return Response({"session_id": player.session_id, **asdict(stats)})


class BotWinRatesView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]

    @extend_schema(responses={200: dict}, tags=TAGS)
    def get(self, request: Request) -> Response:
        rows = selectors.bot_win_rates(group_by=("policy",))
        return Response({"since": metrics_since().isoformat(), "bots": rows})


class LeaderboardView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]

    @extend_schema(parameters=[CompatLimitQuery], responses={200: dict, 400: ERROR}, tags=TAGS)
    def get(self, request: Request) -> Response:
        limit = validated(CompatLimitQuery, request.query_params)["limit"]
        return Response({"leaderboard": selectors.leaderboard(limit=limit)})


class PoliciesView(APIView):
    authentication_classes = _NO_AUTH
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "CompatPolicies", {"policies": serializers.ListField(child=serializers.CharField())}
        ),
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response({"policies": all_policy_names(), "details": policy_rows()})
