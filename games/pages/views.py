"""Gameplay pages. Each view validates with a form, calls one service or selector and renders;
play errors become a readable page with the status code the error carries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.vocabulary import FAMILY_BY_POLICY
from games import identity, selectors, services
from games.engine.moves import MOVES
from games.engine.round_values import RoundValues
from games.errors import ForeignGame, GameNotFound, InvalidInput, PlayError
from games.models import Game

from .forms import MoveForm, StartGameForm, bot_choices, difficulty_choices

GAMES_PER_PAGE = 20
LEADERBOARD_SIZE = 25

ERROR_TITLES: dict[str, str] = {
    "invalid_input": "That did not work",
    "game_not_found": "No such game",
    "foreign_game": "This is not your game",
    "game_finished": "This game is over",
    "round_conflict": "The game has moved on",
}

View = Callable[..., HttpResponse]


def _error_page(request: HttpRequest, error: PlayError) -> HttpResponse:
    context = {
        "title": ERROR_TITLES.get(error.code, "Something went wrong"),
        "message": error.message.rstrip("."),
        "code": error.code,
        "status": error.status_code,
        "game_id": request.resolver_match.kwargs.get("game_id") if request.resolver_match else None,
    }
    return render(request, "pages/error.html", context, status=error.status_code)


def shows_play_errors(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PlayError as error:
            return _error_page(request, error)

    return wrapper


@require_http_methods(["GET", "HEAD", "POST"])
@shows_play_errors
def home(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = StartGameForm(request.POST)
        if form.is_valid():
            player = identity.request_player(request, name=form.cleaned_data["player_name"])
            game = services.game_start(
                player=player,
                policy=form.cleaned_data["policy"],
                difficulty_mode=form.cleaned_data["difficulty_mode"],
            )
            return redirect("pages:play", game_id=game.pk)
        status = 400
    else:
        known = identity.request_player(request, create=False)
        # "Play again" links preselect the bot; unknown values are ignored by the form.
        form = StartGameForm(
            initial={
                "policy": request.GET.get("policy", StartGameForm.base_fields["policy"].initial),
                "difficulty_mode": request.GET.get(
                    "difficulty_mode", StartGameForm.base_fields["difficulty_mode"].initial
                ),
                "player_name": known.name if known else "",
            }
        )
        status = 200
    context = {
        "form": form,
        "bots": bot_choices(),
        "difficulties": difficulty_choices(),
        "target_points": settings.TARGET_POINTS,
    }
    return render(request, "pages/home.html", context, status=status)


@dataclass(frozen=True)
class MoveButton:
    move: str
    value: float
    most_valuable: bool


def _move_buttons(values: RoundValues | None) -> list[MoveButton]:
    if values is None:
        return []
    top = values.highest()
    return [MoveButton(move.value, values.of(move), move == top) for move in MOVES]


# The family's dashboard: its overview, or its models page while no overview is routed.
DASHBOARD_URL_NAMES = ("dashboards:overview", "dashboards:models")


def _dashboard_url(family: str) -> str:
    for name in DASHBOARD_URL_NAMES:
        try:
            return reverse(name, args=[family])
        except NoReverseMatch:
            continue
    return ""


@require_safe
@shows_play_errors
def play(request: HttpRequest, game_id: int) -> HttpResponse:
    game = selectors.game_with_rounds(game_id=game_id)
    if game is None:
        raise GameNotFound(f"no game with id {game_id}")
    identity.require_owner(game, identity.request_player(request, create=False))
    values = selectors.next_round_values(game)
    rounds = list(game.rounds.all())
    explained = [(played, selectors.round_explanation(played=played)) for played in rounds]
    context = {
        "game": game,
        "rounds": list(reversed(explained)),
        "last_thought": explained[-1] if explained else None,
        "bot_name": game.policy.capitalize(),
        "values": values,
        "buttons": _move_buttons(values),
        "next_round_no": game.rounds_played + 1,
        "dashboard_url": _dashboard_url(game.family),
    }
    return render(request, "pages/play.html", context)


@require_POST
@shows_play_errors
def move(request: HttpRequest, game_id: int) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form.error_text())
    player = identity.request_player(request, create=False)
    if player is None:
        # The service trusts a missing player (the simulator); a browser never gets that.
        raise ForeignGame("this browser has no games; start one first")
    services.round_play(
        game_id=game_id,
        move=form.cleaned_data["move"],
        player=player,
        round_no=form.cleaned_data["round_no"],
    )
    return redirect("pages:play", game_id=game_id)


@require_safe
def my_games(request: HttpRequest) -> HttpResponse:
    player = identity.request_player(request, create=False)
    games: QuerySet[Game] | list[Game] = selectors.player_games(player=player) if player else []
    page = Paginator(games, GAMES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pages/my_games.html", {"player": player, "page": page})


@require_safe
def leaderboard(request: HttpRequest) -> HttpResponse:
    bots = [
        {**row, "family": FAMILY_BY_POLICY.get(str(row["policy"]), "")}
        for row in selectors.bot_win_rates()
    ]
    context = {"leaders": selectors.leaderboard(limit=LEADERBOARD_SIZE), "bots": bots}
    return render(request, "pages/leaderboard.html", context)
