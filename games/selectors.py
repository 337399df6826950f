"""Reads of the gameplay room. Aggregates are computed by the database, not in Python loops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum

from games.engine.explanation import RoundExplanation, explain_round
from games.engine.history import DifficultyMode, GameHistory
from games.engine.history_record import history_from_record
from games.engine.moves import Move
from games.engine.round_values import RoundValues, deterministic_round_points
from games.models import Game, GameStatus, Player, Round
from games.player_filters import analytics_games


def game_history(game: Game, *, before_round: int | None = None) -> GameHistory:
    """The game as the engine sees it before the next round (or before ``before_round``).

    The game's own record answers when it holds every round (no query); a game whose rounds
    were written some other way (bulk loads, benchmarks' seeding) is read from its rounds."""
    player_score, bot_score = float(game.player_score), float(game.bot_score)
    record = game.record
    if before_round is not None or len(record) != game.rounds_played:
        stored = game.rounds.order_by("round_no")
        if before_round is not None:
            stored = stored.filter(round_no__lt=before_round)
        rounds = list(
            stored.values_list(
                "player_move",
                "bot_move",
                "result",
                "value_rock",
                "value_paper",
                "value_scissors",
                "player_score_after",
                "bot_score_after",
            )
        )
        record = [[*r[:3], float(r[3]), float(r[4]), float(r[5])] for r in rounds]
        # The score before the next round is the last stored round's running score.
        player_score = float(rounds[-1][6]) if rounds else 0.0
        bot_score = float(rounds[-1][7]) if rounds else 0.0
    return history_from_record(
        record,
        player_score=player_score,
        bot_score=bot_score,
        target=float(game.target_points),
        difficulty_mode=DifficultyMode(game.difficulty_mode),
        game_id=game.pk,
    )


def next_round_values(game: Game) -> RoundValues | None:
    """The values of the round about to be played; None once the game is over."""
    if game.is_finished:
        return None
    return deterministic_round_points(game.pk, game.rounds_played + 1)


def game_get(*, game_id: int) -> Game | None:
    return Game.objects.select_related("player").filter(pk=game_id).first()


def game_with_rounds(*, game_id: int) -> Game | None:
    return (
        Game.objects.select_related("player").prefetch_related("rounds").filter(pk=game_id).first()
    )


def round_explanation(*, played: Round) -> RoundExplanation | None:
    """Why the bot played its move in this round; None in the opening gambit (no prediction)."""
    if played.prob_rock is None or played.prob_paper is None or played.prob_scissors is None:
        return None
    game = played.game
    return explain_round(
        probabilities=(played.prob_rock, played.prob_paper, played.prob_scissors),
        values=RoundValues(
            float(played.value_rock), float(played.value_paper), float(played.value_scissors)
        ),
        bot_score=float(played.bot_score_after - played.bot_delta),
        player_score=float(played.player_score_after - played.player_delta),
        target=float(game.target_points),
        bot_move=Move(played.bot_move),
        mode=game.difficulty_mode,
        reading=[(str(name), float(weight)) for name, weight in played.reading or []],
    )


def player_games(*, player: Player) -> QuerySet[Game]:
    return Game.objects.filter(player=player).order_by("-started_at", "-pk")


@dataclass(frozen=True)
class PlayerStats:
    player_id: int
    player_name: str
    games: int
    finished: int
    wins: int
    losses: int
    ties: int
    rounds: int
    win_rate: float | None
    by_policy: dict[str, dict[str, int]]


def player_stats(*, player: Player) -> PlayerStats:
    finished = Q(status=GameStatus.FINISHED)
    totals = Game.objects.filter(player=player).aggregate(
        games=Count("pk"),
        finished=Count("pk", filter=finished),
        wins=Count("pk", filter=finished & Q(winner="user")),
        losses=Count("pk", filter=finished & Q(winner="bot")),
        ties=Count("pk", filter=finished & Q(winner="tie")),
        rounds=Sum("rounds_played"),
    )
    by_policy = {
        row["policy"]: {"games": row["games"], "wins": row["wins"], "losses": row["losses"]}
        for row in Game.objects.filter(player=player, status=GameStatus.FINISHED)
        .values("policy")
        .annotate(
            games=Count("pk"),
            wins=Count("pk", filter=Q(winner="user")),
            losses=Count("pk", filter=Q(winner="bot")),
        )
        .order_by("policy")
    }
    done = totals["finished"]
    return PlayerStats(
        player_id=player.pk,
        player_name=player.name,
        games=totals["games"],
        finished=done,
        wins=totals["wins"],
        losses=totals["losses"],
        ties=totals["ties"],
        rounds=totals["rounds"] or 0,
        win_rate=(totals["wins"] / done) if done else None,
        by_policy=by_policy,
    )


def leaderboard(*, limit: int = 10, min_games: int = 1) -> list[dict[str, object]]:
    """People ranked by games won against the bots, then by win rate."""
    rows = (
        analytics_games()
        .filter(status=GameStatus.FINISHED)
        .values("player_id", "player__name")
        .annotate(
            games=Count("pk"),
            wins=Count("pk", filter=Q(winner="user")),
            losses=Count("pk", filter=Q(winner="bot")),
        )
        .filter(games__gte=min_games)
        .order_by("-wins", "-games", "player_id")[:limit]
    )
    return [
        {
            "rank": rank,
            "player_id": row["player_id"],
            "player_name": row["player__name"],
            "games": row["games"],
            "wins": row["wins"],
            "losses": row["losses"],
            "win_rate": row["wins"] / row["games"],
        }
        for rank, row in enumerate(rows, start=1)
    ]


def bot_win_rates(*, group_by: tuple[str, ...] = ("policy",)) -> list[dict[str, object]]:
    """Finished analytics games per bot (and optionally alias or difficulty): how often the bot
    won. Honours METRICS_SINCE_DATE and the shared player filter."""
    rows = (
        analytics_games()
        .filter(status=GameStatus.FINISHED)
        .values(*group_by)
        .annotate(
            games=Count("pk"),
            bot_wins=Count("pk", filter=Q(winner="bot")),
            player_wins=Count("pk", filter=Q(winner="user")),
            ties=Count("pk", filter=Q(winner="tie")),
        )
        .order_by(*group_by)
    )
    return [{**row, "bot_win_rate": row["bot_wins"] / row["games"]} for row in rows]


def rounds_export(
    *,
    policy: str | None = None,
    family: str | None = None,
    game_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    include_simulated: bool = False,
) -> QuerySet[Round]:
    games = Game.objects.all() if include_simulated else analytics_games()
    rounds = Round.objects.filter(game__in=games.values("pk")).select_related("game")
    if policy:
        rounds = rounds.filter(game__policy=policy)
    if family:
        rounds = rounds.filter(game__family=family)
    if game_id is not None:
        rounds = rounds.filter(game_id=game_id)
    if since:
        rounds = rounds.filter(created_at__gte=since)
    if until:
        rounds = rounds.filter(created_at__lt=until)
    return rounds.order_by("pk")


def next_round_features(game: Game) -> list[float]:
    """The stateful side of the feature contract: the row a model sees before the next round,
    read from the stored rounds and built by the one stateless builder."""
    from games.engine.features import build_features

    values = next_round_values(game)
    if values is None:
        raise ValueError(f"game {game.pk} is finished: there is no next round")
    return build_features(game_history(game), values)
