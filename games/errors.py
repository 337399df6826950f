"""What can go wrong when playing, each with the HTTP status it becomes at the edge."""

from __future__ import annotations

from core.errors import DomainError


class PlayError(DomainError):
    status_code = 400
    code = "bad_request"


class InvalidInput(PlayError):
    status_code = 400
    code = "invalid_input"


class GameNotFound(PlayError):
    status_code = 404
    code = "game_not_found"


class ForeignGame(PlayError):
    status_code = 403
    code = "foreign_game"


class GameFinished(PlayError):
    status_code = 409
    code = "game_finished"


class RoundConflict(PlayError):
    """An out-of-order round number, or a replay of a played round with another move."""

    status_code = 409
    code = "round_conflict"
