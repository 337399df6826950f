"""Section (a): game win rates against the scripted opponents and uniform random, next-move
accuracy on held-out people, Dan's ceiling, and per-opponent accuracy (why it wins or loses)."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bench.ml.common import (
    SCRIPTED_TARGET,
    Bench,
    fit_candidate_model,
    heading,
    load,
    say,
    table,
)
from bench.summary import record
from core.vocabulary import FAMILIES

if TYPE_CHECKING:
    import numpy as np

    from games.engine.history import GameHistory
    from games.engine.round_values import RoundValues
    from training.human.data import HumanGame
    from training.learning.families.adaptive import AdaptiveModel


def _rate_cell(rate: float, floor: float) -> str:
    return f"{rate:.2f}{'*' if rate < floor else ' '}"


@dataclass(frozen=True)
class GauntletRow:
    label: str
    per_opponent: dict[str, float]
    random: float | None
    human: float | None


def _gauntlet_row(label: str, result: dict[str, Any] | None, human: float | None) -> GauntletRow:
    if result is None:
        return GauntletRow(label, {}, None, human)
    rates = {name: r["win_rate"] for name, r in result["per_opponent"].items()}
    return GauntletRow(label, rates, result["uniform_random"]["win_rate"], human)


def gauntlet_table(
    rows: list[GauntletRow], opponents: tuple[str, ...], *, uniform_bot: float, dan_oracle: float
) -> None:
    """Win rates, with each bot's distance to the two yardsticks: the uniform bot against
    random (value play alone) and the oracle against Dan (a bot told his exact distribution)."""
    header = [
        "bot", *opponents, "mean", "worst", "random", "random - uniform bot", "Dan - oracle",
        "human acc",
    ]  # fmt: skip
    lines = []
    for row in rows:
        if row.per_opponent:
            rates = [row.per_opponent[name] for name in opponents]
            cells = [_rate_cell(rate, SCRIPTED_TARGET) for rate in rates]
            cells += [f"{statistics.fmean(rates):.2f} ", f"{min(rates):.2f} "]
        else:
            cells = ["" for _ in opponents] + ["", ""]
        if row.random is not None:
            cells += [_rate_cell(row.random, uniform_bot), f"{row.random - uniform_bot:+.2f}"]
        else:
            cells += ["", ""]
        dan = row.per_opponent.get("Dan")
        cells.append(f"{dan - dan_oracle:+.2f}" if dan is not None else "")
        cells.append(f"{row.human:.3f}" if row.human is not None else "")
        lines.append([row.label, *cells])
    table(header, lines)


def replay_accuracy(
    predictor: Any, opponent: str, games: int, game_id: Callable[[int], object]
) -> tuple[float, int, int]:
    """Replays games exactly as the gauntlet plays them (simulate_game is deterministic):
    the model's next-move accuracy over its predicted rounds, the rounds, and the bot's wins."""
    from games.engine.moves import MOVE_INDEX
    from games.engine.scoring import Winner
    from games.engine.simulation import simulate_game

    hits = rounds = wins = 0
    for i in range(games):
        game = simulate_game(game_id=game_id(i), opponent=opponent, predictor=predictor)
        wins += game.winner is Winner.BOT
        for turn, actual in zip(game.turns, game.history.player_moves, strict=True):
            if turn.prediction is None:
                continue
            p = turn.prediction.probabilities
            hits += max(range(3), key=lambda m: (p[m], -m)) == MOVE_INDEX[actual]
            rounds += 1
    return (hits / rounds if rounds else 0.0), rounds, wins


class _DrawCapture:
    """Stands in for the random generator of a weighted-draw habit and keeps its weights."""

    weights: list[float]

    def choices(self, population: Any, weights: list[float]) -> list[Any]:
        self.weights = list(weights)
        return [population[0]]


class DanOracle:
    """A predictor told Dan's exact move distribution each round: his habit's own weights
    (read from the habit itself), mixed with the default noise. What a perfect model of Dan
    would say, so its win rate is the most this policy can win against him."""

    source = "oracle"

    def predict(self, history: GameHistory, values: RoundValues) -> Any:
        from games.engine.opponents import DEFAULT_NOISE, dan
        from games.engine.prediction import Prediction

        capture = _DrawCapture()
        dan(history, values, capture)  # type: ignore[arg-type]
        total = sum(capture.weights)
        p = [(1 - DEFAULT_NOISE) * w / total + DEFAULT_NOISE / 3 for w in capture.weights]
        return Prediction((p[0], p[1], p[2]), self.source)


def dan_ceiling(games: int) -> str:
    """The oracle against Dan, on the gauntlet's games and on ten times as many others."""
    lines = []
    for label, count, prefix in (
        ("the gauntlet's", games, "gauntlet"),
        ("other", 10 * games, "oracle"),
    ):
        accuracy, _, wins = replay_accuracy(
            DanOracle(), "Dan", count, lambda i, prefix=prefix: f"{prefix}:Dan:{i}"
        )
        lines.append(f"{wins / count:.2f} of {label} {count} games (next-move acc {accuracy:.2f})")
    return "; ".join(lines)


def population_ngram_accuracy(
    train: list[HumanGame], test: list[HumanGame], order: int = 2
) -> float:
    """A fixed table of what followed each context of up to ``order`` moves, counted over the
    training games; it predicts the test games' rounds from the 4th on (shorter contexts when a
    context was never seen; ties in MOVES order). No per-person adaptation: the yardstick for
    what one model for everybody can get from a person's last moves."""
    from games.engine.moves import MOVE_INDEX
    from training.human.data import FIRST_PREDICTED_ROUND, Followers, ngram_count, ngram_guess

    counts: Followers = {}
    for game in train:
        moves = [MOVE_INDEX[m] for m in game.human_moves]
        for i in range(len(moves)):
            ngram_count(counts, moves, i, order)
    hits = rounds = 0
    for game in test:
        moves = [MOVE_INDEX[m] for m in game.human_moves]
        for i in range(FIRST_PREDICTED_ROUND - 1, len(moves)):
            hits += ngram_guess(counts, moves, i, order) == moves[i]
            rounds += 1
    return hits / rounds if rounds else 0.0


@dataclass(frozen=True)
class FreshGames:
    """New games against the frequency bot (the training distribution, never trained on: game
    numbers far past the training stream's), per opponent: their rows and their histories."""

    rows: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # X, y, game id
    histories: dict[str, list[GameHistory]]


def fresh_games(games_per_opponent: int) -> FreshGames:
    import numpy as np

    from bench.ml import data as ml_data

    first = 5_000_000
    rows: dict[str, list[ml_data.GameRows]] = {name: [] for name in ml_data.OPPONENTS}
    histories: dict[str, list[GameHistory]] = {name: [] for name in ml_data.OPPONENTS}
    for i in range(games_per_opponent * len(ml_data.OPPONENTS)):
        opponent, game = ml_data.simulate_scripted(first + i)
        rows[opponent].append(ml_data.game_rows(first + i, opponent, game.history))
        histories[opponent].append(game.history)
    stacked = {
        name: (
            np.concatenate([g.X for g in games]),
            np.concatenate([g.y for g in games]),
            np.concatenate([np.full(len(g.y), g.game_id) for g in games]),
        )
        for name, games in rows.items()
    }
    return FreshGames(stacked, histories)


def accuracy_on(model: AdaptiveModel, X: np.ndarray, y: np.ndarray, game_id: np.ndarray) -> float:
    """Next-move accuracy with each row predicted as served, from its game's earlier rows."""
    from training.learning.families.adaptive import game_probabilities

    return float((game_probabilities(model, X, y, game_id).argmax(axis=1) == y).mean())


def habit_accuracy(opponent: str, histories: list[GameHistory]) -> float:
    """How often the opponent's move was its habit's move (the habit replayed without noise on
    the same states): the most any predictor could get, short of reading the noise."""
    from games.engine.gambits import GAMBIT_ROUNDS
    from games.engine.history import GameHistory
    from games.engine.opponents import SCRIPTED_OPPONENTS
    from games.engine.scoring import score_round
    from games.engine.seeding import seeded_rng

    habit = SCRIPTED_OPPONENTS[opponent]
    hits = rounds = 0
    for g, played in enumerate(histories):
        history = GameHistory(target=played.target, difficulty_mode=played.difficulty_mode)
        for k, (player, bot, values) in enumerate(
            zip(played.player_moves, played.bot_moves, played.values, strict=True)
        ):
            if k >= GAMBIT_ROUNDS:
                hits += habit(history, values, seeded_rng("habit", g, k)) == player
                rounds += 1
            history = history.after(player, bot, values, score_round(player, bot, values))
    return hits / rounds if rounds else 0.0


def per_opponent_model(bench: Bench, opponent: str) -> AdaptiveModel:
    """An xgboost model (default params, step-2 fit) on one opponent's rows of the full data
    set: a model that knows whom it faces."""
    from bench.ml.data import BenchData

    mine = bench.data.kind == opponent
    return fit_candidate_model(
        "xgboost", BenchData(bench.data.data.subset(mine), bench.data.kind[mine]), bench.seed
    )


def why_table(bench: Bench, predictors: dict[str, Any], gauntlet_rates: dict[str, dict]) -> None:
    from bench.ml.data import OPPONENTS
    from games.engine.prediction import FrequencyPredictor

    n = bench.sizes.games
    say(
        "why: next-move accuracy per opponent (share of predicted rounds whose argmax was the "
        "opponent's move)"
    )
    fresh = fresh_games(bench.sizes.diagnostic_games)
    lines = []
    for family in FAMILIES:
        model = bench.models[family]
        lines.append(
            [f"{family} fresh", *(f"{accuracy_on(model, *fresh.rows[o]):.2f}" for o in OPPONENTS)]
        )
        own = []
        for name in OPPONENTS:
            accuracy, _, wins = replay_accuracy(
                predictors[family], name, n, lambda i, name=name: f"gauntlet:{name}:{i}"
            )
            own.append(f"{accuracy:.2f}")
            expected = round(gauntlet_rates[family][name] * n)
            if wins != expected:
                say(f"  note: the replay of {family} vs {name} won {wins}, the gauntlet {expected}")
        lines.append([f"{family} gauntlet", *own])
    frequency = [
        replay_accuracy(FrequencyPredictor(), o, n, lambda i, o=o: f"gauntlet:{o}:{i}")[0]
        for o in OPPONENTS
    ]
    lines.append(["frequency gauntlet", *(f"{a:.2f}" for a in frequency)])
    lines.append(
        [
            "xgboost per opponent",
            *(
                f"{accuracy_on(per_opponent_model(bench, o), *fresh.rows[o]):.2f}"
                for o in OPPONENTS
            ),
        ]
    )
    lines.append(
        ["habit (ceiling)", *(f"{habit_accuracy(o, fresh.histories[o]):.2f}" for o in OPPONENTS)]
    )
    table(["next-move accuracy", *OPPONENTS], lines)
    say(
        f"fresh: on {bench.sizes.diagnostic_games} new games per opponent against the frequency "
        "bot (the training distribution); gauntlet: in the gauntlet's own games (the model is "
        "the bot); xgboost per opponent: fresh games, a model trained on that opponent's rows "
        "alone (it knows whom it faces); habit: the habit replayed without its 10% noise on the "
        "fresh games' states (Dan's habit is itself a weighted draw: one draw, not his ceiling)"
    )


def section_gauntlet(bench: Bench) -> None:
    heading("(a) gauntlet: game win rates against the scripted opponents and uniform random")
    from django.conf import settings

    from bench.ml.data import HUMAN_FILE, OPPONENTS
    from games.engine.prediction import FrequencyPredictor, UniformPredictor
    from training.human.data import DEFAULT_GAME_ROUNDS, evaluate_games, games_from_file
    from training.learning import gates
    from training.learning.pipeline import gate_thresholds, train_candidate
    from training.serving.predictors import ModelPredictor

    n = bench.sizes.games
    thresholds = gate_thresholds()
    data = bench.data
    holdout = list(games_from_file(HUMAN_FILE, game_rounds=DEFAULT_GAME_ROUNDS, sessions="holdout"))
    say(
        f"{n} games per opponent (standard mode, default noise; random = noise 1.0); "
        f"human = next-move accuracy on the {len({g.session for g in holdout})} held-out "
        f"sessions ({len(holdout)} games of {DEFAULT_GAME_ROUNDS} rounds), never trained on"
    )
    say()

    metrics_rows = []
    rows: list[GauntletRow] = []
    predictors: dict[str, ModelPredictor] = {}
    evaluation = None
    for family in FAMILIES:
        started = time.perf_counter()
        candidate = train_candidate(family=family, data=data.data, seed=bench.seed)
        trained = time.perf_counter() - started
        bench.models[family] = candidate.model
        m = candidate.metrics
        metrics_rows.append(
            [
                family,
                f"{m['holdout_accuracy']:.3f}",
                f"{m['baseline_accuracy']:.3f}",
                f"{m['validation_accuracy']:.3f}",
                f"{m['cv_accuracy_mean']:.3f} ± {m['cv_accuracy_std']:.3f}",
                f"{trained:.0f}s",
            ]
        )
        predictor = ModelPredictor(candidate.model, family=family, version="bench")
        predictors[family] = predictor
        started = time.perf_counter()
        result = gates.gauntlet(predictor, games_per_opponent=n, thresholds=thresholds)
        evaluation = evaluate_games(holdout, candidate.model, target=settings.TARGET_POINTS)
        row = _gauntlet_row(family, result, evaluation.accuracy)
        rows.append(row)
        record(
            f"{family}: worst game win rate against a scripted opponent",
            min(row.per_opponent.values()),
            note="target 0.85",
        )
        record(
            f"{family}: next-move accuracy on held-out people",
            evaluation.accuracy,
            baseline=evaluation.ngram_accuracy,
            baseline_name="online 2-gram",
        )
        say(
            f"{family}: trained in {trained:.0f}s, gauntlet in {time.perf_counter() - started:.0f}s"
        )
    frequency = gates.gauntlet(FrequencyPredictor(), games_per_opponent=n, thresholds=thresholds)
    uniform = gates.gauntlet(UniformPredictor(), games_per_opponent=n, thresholds=thresholds)
    assert evaluation is not None
    rows.insert(0, _gauntlet_row("frequency bot", frequency, evaluation.baseline_accuracy))
    rows.insert(0, _gauntlet_row("uniform bot", uniform, None))
    rows.append(GauntletRow("n-gram (order 2)", {}, None, evaluation.ngram_accuracy))
    training_games = list(
        games_from_file(
            HUMAN_FILE,
            game_rounds=DEFAULT_GAME_ROUNDS,
            limit_sessions=bench.sizes.human_limit_sessions,
            sessions="training",
        )
    )
    population = population_ngram_accuracy(training_games, holdout)
    rows.append(GauntletRow("population 2-gram", {}, None, population))

    say()
    say("training metrics of the candidates (train_candidate on the full data set):")
    table(["family", "hold-out acc", "frequency", "validation", "3-fold CV", "time"], metrics_rows)
    say()
    dan_oracle = replay_accuracy(DanOracle(), "Dan", n, lambda i: f"gauntlet:Dan:{i}")[2] / n
    uniform_bot = uniform["uniform_random"]["win_rate"]
    gauntlet_table(rows, OPPONENTS, uniform_bot=uniform_bot, dan_oracle=dan_oracle)
    for row in rows[2:]:
        if row.random is not None:
            record(
                f"{row.label}: game win rate against uniform random",
                row.random,
                baseline=uniform_bot,
                baseline_name="uniform bot (value play alone)",
            )
    half = 1.96 * math.sqrt(SCRIPTED_TARGET * (1 - SCRIPTED_TARGET) / n)
    say(
        f"* below {SCRIPTED_TARGET:.2f} against a scripted opponent, or below the uniform bot "
        f"({uniform_bot:.2f}) against random. With {n} games a rate near "
        f"{SCRIPTED_TARGET:.2f} is known to about ±{half:.2f} (95%). Dan's oracle on these "
        f"games: {dan_oracle:.2f}."
    )
    say(
        "n-gram: online per game (what followed the last two moves earlier in this game); "
        "population 2-gram: one table of what followed each pair of moves, counted over the "
        "training sessions"
    )
    say(
        "uniform bot: the policy on uniform probabilities, i.e. on the round values alone. "
        "human acc: chance 0.333; the frequency bot's figure is the frequency baseline; "
        "points per round countering the prediction: "
        + ", ".join(
            f"{label} {score.points_per_round(evaluation.rounds):.3f}"
            for label, score in (
                ("frequency", evaluation.baseline),
                ("n-gram", evaluation.ngram),
            )
        )
    )

    say(
        "Dan's ceiling: a bot told Dan's exact move distribution every round (his habit's "
        f"weights and the noise) wins {dan_ceiling(n)}"
    )

    say()
    why_table(bench, predictors, {row.label: row.per_opponent for row in rows})
    say(f"after (a): {load()}")
