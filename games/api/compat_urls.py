from django.urls import path

from games.api import compat

app_name = "compat"
urlpatterns = [
    path("start_game", compat.StartGameView.as_view(), name="start_game"),
    path("play", compat.PlayView.as_view(), name="play"),
    path("round_points", compat.RoundPointsView.as_view(), name="round_points"),
    path("stats", compat.StatsView.as_view(), name="stats"),
    path("bot_win_rates", compat.BotWinRatesView.as_view(), name="bot_win_rates"),
    path("leaderboard", compat.LeaderboardView.as_view(), name="leaderboard"),
    path("policies", compat.PoliciesView.as_view(), name="policies"),
]
