"""Random interleavings of play-service requests (starts; plays with the right, a stale, a
future or no round number; replays with the same or another move; moves on finished games;
strangers' moves) keep the books straight: scores are the sum of the rounds' deltas, rounds are
numbered 1..n, a finished game takes no more rounds, and the promotion slot counters count
exactly the finished games."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from games import services
from games.engine.scoring import winner_of
from games.errors import ForeignGame, GameFinished, PlayError, RoundConflict
from games.models import Game, GameStatus, Player, Round
from promotion.counters import SLOTS
from promotion.models import SlotCounter

pytestmark = pytest.mark.django_db

MOVES = ("rock", "paper", "scissors")
ROUND_KINDS = ("next", "none", "stale", "future", "replay", "replay_other_move")

start = st.tuples(
    st.just("start"),
    st.sampled_from(["brian", "forrest_easy", "logan"]),
    st.sampled_from([2.0, 3.0, 10.0]),
    st.booleans(),  # is_test
)
play = st.tuples(
    st.just("play"),
    st.integers(0, 4),  # which started game
    st.sampled_from(MOVES),
    st.sampled_from(ROUND_KINDS),
    st.booleans(),  # asked by a stranger
)
# A game is started first; after that about one request in eight starts another game.
request = st.integers(0, 7).flatmap(lambda k: start if k == 0 else play)
operations = st.tuples(start, st.lists(request, min_size=20, max_size=80)).map(
    lambda first_and_rest: [first_and_rest[0], *first_and_rest[1]]
)


@dataclass
class Books:
    """What the requests were answered, to compare with what the database holds."""

    games: list[int] = field(default_factory=list)
    answers: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    refused_after_finish: int = 0


def counted() -> tuple[int, int, int]:
    totals = SlotCounter.objects.aggregate(g=Sum("games"), w=Sum("bot_wins"), lost=Sum("losses"))
    return totals["g"] or 0, totals["w"] or 0, totals["lost"] or 0


def round_number(game: Game, kind: str) -> int | None:
    played = game.rounds_played
    return {
        "next": played + 1,
        "none": None,
        "stale": max(played, 1),
        "future": played + 2,
        "replay": max(played, 1),
        "replay_other_move": max(played, 1),
    }[kind]


def run_play(books: Books, owner: Player, stranger: Player, op: tuple) -> None:
    _, index, move, kind, by_stranger = op
    if not books.games:
        return
    game = Game.objects.get(pk=books.games[index % len(books.games)])
    round_no = round_number(game, kind)
    if kind == "replay_other_move" and (game.pk, round_no) in books.answers:
        stored_move = books.answers[(game.pk, round_no)][1]
        move = MOVES[(MOVES.index(stored_move) + 1) % 3]
    before = (game.rounds_played, game.player_score, game.bot_score, game.status)
    try:
        played = services.round_play(
            game_id=game.pk, move=move, player=stranger if by_stranger else owner, round_no=round_no
        )
    except PlayError as error:
        after = Game.objects.get(pk=game.pk)
        assert (after.rounds_played, after.player_score, after.bot_score, after.status) == before
        if by_stranger:
            assert isinstance(error, ForeignGame)
        elif game.is_finished and (round_no is None or round_no > game.rounds_played):
            assert isinstance(error, GameFinished)
            books.refused_after_finish += 1
        else:
            assert isinstance(error, RoundConflict), error
        return
    assert not by_stranger
    key = (game.pk, played.round.round_no)
    if played.created:
        assert not game.is_finished, "a finished game took another round"
        assert played.round.round_no == game.rounds_played + 1
        books.answers[key] = (played.round.pk, played.round.player_move)
    else:  # a replay: the stored answer, the same round
        assert books.answers.get(key, (played.round.pk, move))[0] == played.round.pk
        assert played.round.player_move == move


def check_books(books: Books, counters_before: tuple[int, int, int]) -> None:
    counted_games = counted_wins = counted_losses = 0
    for game in Game.objects.filter(pk__in=books.games).prefetch_related("rounds"):
        rounds = sorted(game.rounds.all(), key=lambda r: r.round_no)
        assert [r.round_no for r in rounds] == list(range(1, len(rounds) + 1))
        assert game.rounds_played == len(rounds)
        assert game.player_score == sum((r.player_delta for r in rounds), Decimal(0))
        assert game.bot_score == sum((r.bot_delta for r in rounds), Decimal(0))
        target = float(game.target_points)
        # Only the last round may end the game, and a game that reached the target is over.
        for r in rounds[:-1]:
            assert winner_of(float(r.player_score_after), float(r.bot_score_after), target) is None
        winner = winner_of(float(game.player_score), float(game.bot_score), target)
        assert (game.status == GameStatus.FINISHED) == (winner is not None)
        assert game.winner == (winner.value if winner else None)
        if game.is_finished and not game.is_test and game.model_alias in SLOTS:
            counted_games += 1
            counted_wins += game.winner == "bot"
            counted_losses += game.winner == "user"
    assert {k for k in books.answers} <= set(
        Round.objects.filter(game_id__in=books.games).values_list("game_id", "round_no")
    )
    games, wins, losses = counted()
    assert (games, wins, losses) == (
        counters_before[0] + counted_games,
        counters_before[1] + counted_wins,
        counters_before[2] + counted_losses,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_random_interleavings_keep_the_books_straight(ops):
    with transaction.atomic():
        owner = Player.objects.create(name="owner", session_id="fuzz-owner")
        stranger = Player.objects.create(name="stranger", session_id="fuzz-stranger")
        books = Books()
        counters_before = counted()
        for op in ops:
            if op[0] == "start":
                _, policy, target, is_test = op
                game = services.game_start(
                    player=owner, policy=policy, target_points=target, is_test=is_test
                )
                books.games.append(game.pk)
            else:
                run_play(books, owner, stranger, op)
        check_books(books, counters_before)
        # Shown by --hypothesis-show-statistics: the interleavings really reach every case.
        finished = Game.objects.filter(pk__in=books.games, status=GameStatus.FINISHED).count()
        event(f"finished games: {min(finished, 3)}+")
        event(f"moves refused on a finished game: {min(books.refused_after_finish, 1)}+")
        event(f"rounds played: {len(books.answers) // 10 * 10}+")
        transaction.set_rollback(True)  # every example starts from the same empty tables
