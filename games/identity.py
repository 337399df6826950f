"""Who is asking: the player behind an HTTP request.

A signed-in user (session or token) is their own player. An anonymous browser is recognised by a
random id kept in its Django session, so its games stay its own across requests.
"""

from __future__ import annotations

import uuid
from typing import Literal, overload

from django.http import HttpRequest

from games.errors import ForeignGame
from games.models import Game, Player
from games.services import player_get_or_create

SESSION_KEY = "player_session_id"


def _session_player_id(request: HttpRequest, *, create: bool) -> str | None:
    session_id = request.session.get(SESSION_KEY)
    if session_id is None and create:
        session_id = uuid.uuid4().hex
        request.session[SESSION_KEY] = session_id
    return session_id


@overload
def request_player(
    request: HttpRequest,
    *,
    name: str | None = None,
    create: Literal[True] = True,
    source: str = "web",
) -> Player: ...
@overload
def request_player(
    request: HttpRequest, *, name: str | None = None, create: bool, source: str = "web"
) -> Player | None: ...
def request_player(
    request: HttpRequest, *, name: str | None = None, create: bool = True, source: str = "web"
) -> Player | None:
    """The requester's player; None when ``create`` is False and they have none yet."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if not create:
            return Player.objects.filter(user=user).first()
        return player_get_or_create(name=name, user=user, source=source)
    session_id = _session_player_id(request, create=create)
    if session_id is None:
        return None
    if not create:
        return Player.objects.filter(session_id=session_id).first()
    return player_get_or_create(name=name, session_id=session_id, source=source)


def require_owner(game: Game, player: Player | None) -> None:
    """Only the player of a game sees it on the pages, as the play service does for moves."""
    if player is None or game.player_id != player.pk:
        raise ForeignGame("this game belongs to another player")
