from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.throttling import TokenThrottle
from games.api import views
from games.api.views import ERROR


class ThrottledObtainAuthToken(ObtainAuthToken):
    throttle_classes = [TokenThrottle]
    # Wrong credentials are a 401 that names the scheme the token is for (DRF says 400).
    authentication_classes = [TokenAuthentication]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("AuthToken", {"token": serializers.CharField()}),
            400: ERROR,
            401: ERROR,
            429: ERROR,
        },
        tags=["auth"],
        summary="Exchange a username and password for an API token",
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if set(serializer.errors) == {"non_field_errors"}:
                raise AuthenticationFailed("unable to log in with these credentials")
            raise ValidationError(serializer.errors)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


app_name = "api"
urlpatterns = [
    path("ping/", views.PingView.as_view(), name="ping"),
    path("games/", views.GameListCreateView.as_view(), name="games"),
    path("games/<int:game_id>/", views.GameDetailView.as_view(), name="game-detail"),
    path("games/<int:game_id>/rounds/", views.PlayRoundView.as_view(), name="play-round"),
    path("players/me/stats/", views.MyStatsView.as_view(), name="my-stats"),
    path("leaderboard/", views.LeaderboardView.as_view(), name="leaderboard"),
    path("bot-win-rates/", views.BotWinRatesView.as_view(), name="bot-win-rates"),
    path("policies/", views.PoliciesView.as_view(), name="policies"),
    path("rounds/", views.RoundsExportView.as_view(), name="rounds"),
    path("auth/token/", ThrottledObtainAuthToken.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
