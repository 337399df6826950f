from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken

from games.api import views
from rpsweb.throttling import TokenThrottle


class ThrottledObtainAuthToken(ObtainAuthToken):
    throttle_classes = [TokenThrottle]


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
