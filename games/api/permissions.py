"""Who may read what. Players see their own games; analysts (staff, or users granted the
``games.view_round`` permission, usually through a token) see everyone's."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from games.identity import request_player
from games.models import Game


def is_analyst(request: Request) -> bool:
    user = request.user
    return bool(
        user and user.is_authenticated and (user.is_staff or user.has_perm("games.view_round"))
    )


class IsAnalyst(BasePermission):
    message = "analyst access needs a token (or staff session) with permission to view rounds"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_analyst(request)


class IsGameOwnerOrAnalyst(BasePermission):
    message = "this game belongs to another player"

    def has_object_permission(self, request: Request, view: Any, obj: Game) -> bool:
        if is_analyst(request):
            return True
        player = request_player(request, create=False)
        return player is not None and obj.player_id == player.pk
