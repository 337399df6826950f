"""The gameplay API under /api/v1/: validate input, call one service or selector, serialize."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_input import query_values, validated
from core.pagination import KeysetPagination
from core.throttling import PlayThrottle, StartGameThrottle
from core.vocabulary import registered_model_name
from games import selectors, services
from games.api import serializers as s
from games.api.permissions import IsAnalyst, IsGameOwnerOrAnalyst
from games.engine.bots import all_policy_names, resolve_policy
from games.errors import GameNotFound
from games.identity import request_player
from games.models import Game

ERROR = inline_serializer(
    "Error", {"error": serializers.CharField(), "detail": serializers.JSONField()}
)
# The list of my games is paginated by hand (an APIView), so its envelope is spelled out here.
PAGINATED_GAMES = inline_serializer(
    "PaginatedGameList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": s.GameSerializer(many=True),
    },
)
PAGE_PARAMETERS = [
    OpenApiParameter("limit", int, description="Number of results to return per page."),
    OpenApiParameter("offset", int, description="The index of the first result to return."),
]


class PingView(APIView):
    """The trivial view: no database, no session. Benchmarks compare the play path with it."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer("Pong", {"pong": serializers.BooleanField()}),
        tags=["operations"],
    )
    def get(self, request: Request) -> Response:
        return Response({"pong": True})


class GameListCreateView(APIView):
    def get_throttles(self) -> list[Any]:
        return [StartGameThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        request=s.StartGameInput,
        responses={201: s.GameSerializer, 400: ERROR, 429: ERROR},
        tags=["games"],
        summary="Start a game",
    )
    def post(self, request: Request) -> Response:
        data = validated(s.StartGameInput, request.data)
        player = request_player(request, name=data.get("player_name"), source="api")
        game = services.game_start(
            player=player,
            policy=data["policy"],
            difficulty_mode=data.get("difficulty_mode"),
            is_test=data["is_test"],
        )
        return Response(s.GameSerializer(game).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="api_v1_games_list",
        parameters=PAGE_PARAMETERS,
        responses={200: PAGINATED_GAMES, 400: ERROR},
        tags=["games"],
        summary="My games",
    )
    def get(self, request: Request) -> Response:
        player = request_player(request, create=False)
        games = selectors.player_games(player=player) if player else Game.objects.none()
        pagination_class = generics.GenericAPIView.pagination_class
        assert pagination_class is not None  # settings set DEFAULT_PAGINATION_CLASS
        paginator = pagination_class()
        page = paginator.paginate_queryset(games.select_related("player"), request, view=self)
        return paginator.get_paginated_response(s.GameSerializer(page, many=True).data)


class GameDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: s.GameDetailSerializer, 403: ERROR, 404: ERROR},
        tags=["games"],
        summary="A game with its rounds",
    )
    def get(self, request: Request, game_id: int) -> Response:
        game = selectors.game_with_rounds(game_id=game_id)
        if game is None:
            raise GameNotFound(f"no game with id {game_id}")
        permission = IsGameOwnerOrAnalyst()
        if not permission.has_object_permission(request, self, game):
            self.permission_denied(request, message=permission.message, code="foreign_game")
        return Response(s.GameDetailSerializer(game).data)


class PlayRoundView(APIView):
    throttle_classes = [PlayThrottle]

    @extend_schema(
        request=s.PlayRoundInput,
        responses={
            201: s.PlayedRoundSerializer,
            200: OpenApiResponse(s.PlayedRoundSerializer, description="A repeated request"),
            400: ERROR,
            403: ERROR,
            404: ERROR,
            409: ERROR,
            429: ERROR,
        },
        tags=["games"],
        summary="Play a round",
    )
    def post(self, request: Request, game_id: int) -> Response:
        data = validated(s.PlayRoundInput, request.data)
        player = request_player(request, source="api")
        played = services.round_play(
            game_id=game_id, move=data["move"], player=player, round_no=data.get("round")
        )
        body = s.PlayedRoundSerializer(
            {"replayed": not played.created, "round": played.round, "game": played.game}
        ).data
        return Response(body, status=status.HTTP_201_CREATED if played.created else 200)


class MyStatsView(APIView):
    @extend_schema(responses=s.PlayerStatsSerializer, tags=["players"], summary="My statistics")
    def get(self, request: Request) -> Response:
        player = request_player(request, create=False)
        if player is None:
            empty: dict[str, Any] = {
                "player_id": None,
                "player_name": None,
                "games": 0,
                "finished": 0,
                "wins": 0,
                "losses": 0,
                "ties": 0,
                "rounds": 0,
                "win_rate": None,
                "by_policy": {},
            }
            return Response(empty)
        return Response(s.PlayerStatsSerializer(selectors.player_stats(player=player)).data)


class LeaderboardView(APIView):
    @extend_schema(
        parameters=[s.LeaderboardQuery],
        responses={200: s.LeaderboardEntrySerializer(many=True), 400: ERROR},
        tags=["analytics"],
        summary="Leaderboard of people (scripted and simulated players excluded)",
    )
    def get(self, request: Request) -> Response:
        query = validated(s.LeaderboardQuery, query_values(request))
        rows = selectors.leaderboard(limit=query["limit"])
        return Response(s.LeaderboardEntrySerializer(rows, many=True).data)


class BotWinRatesView(APIView):
    @extend_schema(
        parameters=[s.BotWinRatesQuery],
        responses={200: s.BotWinRateSerializer(many=True), 400: ERROR},
        tags=["analytics"],
        summary="How often each bot wins against people since METRICS_SINCE_DATE",
    )
    def get(self, request: Request) -> Response:
        query = validated(s.BotWinRatesQuery, query_values(request))
        rows = selectors.bot_win_rates(group_by=s.WIN_RATE_GROUPS[query["group_by"]])
        return Response(s.BotWinRateSerializer(rows, many=True).data)


class PoliciesView(APIView):
    @extend_schema(responses=s.PolicySerializer(many=True), tags=["games"])
    def get(self, request: Request) -> Response:
        return Response(s.PolicySerializer(policy_rows(), many=True).data)


def policy_rows() -> list[dict[str, str]]:
    rows = []
    for name in all_policy_names():
        choice = resolve_policy(name)
        rows.append(
            {
                "name": name,
                "policy": choice.policy,
                "family": choice.family,
                "difficulty_mode": choice.difficulty_mode.value,
                "registered_model": registered_model_name(choice.family),
            }
        )
    return rows


class RoundsExportView(generics.ListAPIView):
    """Every round of people's games, for analysts; filters combine. Pages are keyset pages
    (follow ``next`` to the end): an export of a million rounds never counts or skips rows."""

    permission_classes = [IsAnalyst]
    pagination_class = KeysetPagination
    serializer_class = s.ExportRoundSerializer

    @extend_schema(
        parameters=[s.RoundsExportQuery],
        responses={
            200: s.ExportRoundSerializer(many=True),
            400: ERROR,
            401: ERROR,
            403: ERROR,
        },
        tags=["analytics"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        query = validated(s.RoundsExportQuery, query_values(self.request))
        return selectors.rounds_export(
            policy=query.get("policy"),
            family=query.get("family"),
            game_id=query.get("game"),
            since=query.get("since"),
            until=query.get("until"),
            include_simulated=query["include_simulated"],
        )
