"""Signals other rooms may listen to without games knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that finishes a game, with ``game``: a receiver's writes commit
# or roll back together with the game's last round.
game_finished = Signal()
