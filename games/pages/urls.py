from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("play/<int:game_id>/", views.play, name="play"),
    path("play/<int:game_id>/move/", views.move, name="move"),
    path("games/", views.my_games, name="my_games"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
