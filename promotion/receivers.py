from typing import Any

from django.dispatch import receiver

from games.signals import game_finished
from promotion.counters import game_count


@receiver(game_finished, dispatch_uid="promotion.count_finished_game")
def count_finished_game(sender: Any, game: Any, **kwargs: Any) -> None:
    game_count(game=game)
