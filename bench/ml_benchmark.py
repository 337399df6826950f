"""ML benchmark: how good, how fast and how big the three model families are, in one run, on
training data built in memory (no database needed).

    .venv/bin/python bench/ml_benchmark.py                    # every section, full sizes
    .venv/bin/python bench/ml_benchmark.py --quick            # smoke run, about a minute
    .venv/bin/python bench/ml_benchmark.py --sections a,b --games 200

Sections:
  a  gauntlet: one candidate per family (training.pipeline.train_candidate), its game win rate
     against each scripted opponent and uniform random (training.gates.gauntlet), its next-move
     accuracy on the held-out human sessions, Dan's ceiling (the win rate of a bot told his
     exact move distribution), and per-opponent next-move accuracy (why it wins or loses);
  b  serving cost per round: ModelPredictor.predict (features + model) against predict_proba
     on the same prebuilt row, and the bare library call;
  c  training time of train_candidate (all three steps) per family at two data sizes;
  d  resident memory of a fresh process: Django set up, then twelve models loaded (4 a family).

The exit status is 1 when a section failed (the others still run), 130 when interrupted.
Shortfalls against the targets are findings, not failures: they are marked in the tables.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only the standard library above this line: the memory probe (a child process running this
# file) reads its first figure before anything heavy is imported.

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.summary import record  # noqa: E402  (standard library only, like the lines above)

if TYPE_CHECKING:
    import numpy as np

    from bench.ml_data import BenchData
    from games.engine.history import GameHistory
    from games.engine.round_values import RoundValues
    from training.families import ModelFamily
    from training.human_data import HumanGame

FAMILIES = ("feedforward", "xgboost", "mnlogit")
SECTIONS = ("a", "b", "c", "d")
SCRIPTED_TARGET = 0.85
RANDOM_BAND = (0.45, 0.55)
MODELS_PER_FAMILY = 4
MB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    scripted_rows: int  # scripted rows of the full data set (human training rows come on top)
    human_limit_sessions: int | None  # sessions read from the human file (None: all)
    games: int  # gauntlet games per opponent
    diagnostic_games: int  # fresh games per opponent for the next-move accuracy table
    train_sizes: tuple[int, ...]
    serving_calls: int
    serving_warmup: int


FULL = Sizes(60_000, None, 100, 100, (10_000, 100_000), 5_000, 300)
QUICK = Sizes(4_000, 12, 4, 8, (2_000, 6_000), 300, 30)


# --- output ---------------------------------------------------------------------------------


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(f"## {text}")
    say()


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    say(line(header))
    say("-" * len(line(header)))
    for row in rows:
        say(line(row))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f} (1 / 5 min)"


# --- the machine ----------------------------------------------------------------------------


def _proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def machine_header(argv: list[str]) -> None:
    import numpy
    import sklearn
    import torch
    import xgboost

    memory_kb = _proc_field("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(memory_kb) / MB:.1f} GiB" if memory_kb.isdigit() else "unknown"
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    say("# ML benchmark")
    say()
    say(f"date     {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S UTC')}")
    say(f"command  {' '.join([Path(sys.argv[0]).as_posix(), *argv])}")
    say(f"commit   {commit}{' (plus uncommitted changes in the tree)' if dirty else ''}")
    say(
        f"machine  nproc {os.cpu_count()}, memory {memory}, "
        f"CPU {_proc_field('/proc/cpuinfo', 'model name')}, {platform.system()} "
        f"{platform.release()}"
    )
    say(
        f"software Python {platform.python_version()}, numpy {numpy.__version__}, torch "
        f"{torch.__version__} ({torch.get_num_threads()} threads), xgboost {xgboost.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )
    say(f"threads  {thread_pools()}")
    say(f"now      {load()}")


def thread_pools() -> str:
    """The native thread pools (BLAS, OpenMP) loaded so far and their sizes: a family that
    does not pin its threads runs with these."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    pools = sorted({f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info()})
    return ", ".join(pools) or "none loaded"


# --- shared state: data and models, built once and only when a section needs them -----------


@dataclass
class Bench:
    sizes: Sizes
    human: bool
    seed: int
    _data: BenchData | None = None
    models: dict[str, ModelFamily] = field(default_factory=dict)

    @property
    def data(self) -> BenchData:
        if self._data is None:
            from bench import ml_data

            started = time.perf_counter()
            self._data = ml_data.build(
                scripted_rows=self.sizes.scripted_rows,
                human=self.human,
                human_limit_sessions=self.sizes.human_limit_sessions,
            )
            say(f"data set: {self._data.describe()}, built in {time.perf_counter() - started:.1f}s")
        return self._data

    def data_with(self, rows: int) -> BenchData:
        """At least ``rows`` rows: the full data set, or a bigger one with more scripted games."""
        from bench import ml_data

        if len(self.data) >= rows:
            return self.data
        human_rows = int(self.data.data.is_human.sum())
        bigger = ml_data.build(
            scripted_rows=rows - human_rows + 2_000,
            human=self.human,
            human_limit_sessions=self.sizes.human_limit_sessions,
        )
        say(f"data set for {rows:,} rows: {bigger.describe()}")
        return bigger

    def model(self, family: str) -> ModelFamily:
        """The family's candidate: section a's if it ran, else the same fit (step 2 of the
        pipeline: the 80/20 split by game with early stopping, same params and seed)."""
        if family not in self.models:
            self.models[family] = fit_candidate_model(family, self.data, self.seed)
        return self.models[family]


def fit_candidate_model(family: str, bench: BenchData, seed: int) -> ModelFamily:
    from training.families import default_params, family_class
    from training.splits import group_split

    data = bench.data
    train, val = group_split(data.game_id, test_fraction=0.2, seed=seed)
    model = family_class(family)()
    model.fit(
        data.X[train], data.y[train], data.X[val], data.y[val],
        params=default_params(family), seed=seed,
    )  # fmt: skip
    return model


# --- (a) gauntlet ---------------------------------------------------------------------------


def _rate_cell(rate: float, scripted: bool) -> str:
    low, high = RANDOM_BAND
    off = rate < SCRIPTED_TARGET if scripted else not low <= rate <= high
    return f"{rate:.2f}{'*' if off else ' '}"


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


def gauntlet_table(rows: list[GauntletRow], opponents: tuple[str, ...]) -> None:
    header = ["bot", *opponents, "mean", "worst", "random", "human acc"]
    lines = []
    for row in rows:
        if row.per_opponent:
            rates = [row.per_opponent[name] for name in opponents]
            cells = [_rate_cell(rate, True) for rate in rates]
            cells += [f"{statistics.fmean(rates):.2f} ", f"{min(rates):.2f} "]
        else:
            cells = ["" for _ in opponents] + ["", ""]
        cells.append(_rate_cell(row.random, False) if row.random is not None else "")
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
    from training.human_data import FIRST_PREDICTED_ROUND

    counts: dict[tuple[int, ...], list[int]] = {}
    for game in train:
        moves = [MOVE_INDEX[m] for m in game.human_moves]
        for i, move in enumerate(moves):
            for k in range(min(order, i) + 1):
                counts.setdefault(tuple(moves[i - k : i]), [0, 0, 0])[move] += 1
    hits = rounds = 0
    for game in test:
        moves = [MOVE_INDEX[m] for m in game.human_moves]
        for i in range(FIRST_PREDICTED_ROUND - 1, len(moves)):
            guess = 0
            for k in range(min(order, i), -1, -1):
                seen = counts.get(tuple(moves[i - k : i]))
                if seen is not None:
                    guess = seen.index(max(seen))
                    break
            hits += guess == moves[i]
            rounds += 1
    return hits / rounds if rounds else 0.0


@dataclass(frozen=True)
class FreshGames:
    """New games against the frequency bot (the training distribution, never trained on: game
    numbers far past the training stream's), per opponent: their rows and their histories."""

    rows: dict[str, tuple[np.ndarray, np.ndarray]]
    histories: dict[str, list[GameHistory]]


def fresh_games(games_per_opponent: int) -> FreshGames:
    import numpy as np

    from bench import ml_data

    first = 5_000_000
    rows: dict[str, list[ml_data.GameRows]] = {name: [] for name in ml_data.OPPONENTS}
    histories: dict[str, list[GameHistory]] = {name: [] for name in ml_data.OPPONENTS}
    for i in range(games_per_opponent * len(ml_data.OPPONENTS)):
        opponent, game = ml_data.simulate_scripted(first + i)
        rows[opponent].append(ml_data.game_rows(first + i, opponent, game.history))
        histories[opponent].append(game.history)
    stacked = {
        name: (np.concatenate([g.X for g in games]), np.concatenate([g.y for g in games]))
        for name, games in rows.items()
    }
    return FreshGames(stacked, histories)


def accuracy_on(model: ModelFamily, X: np.ndarray, y: np.ndarray) -> float:
    return float((model.predict_proba(X).argmax(axis=1) == y).mean())


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


def per_opponent_model(bench: Bench, opponent: str) -> ModelFamily:
    """An xgboost model (default params, step-2 fit) on one opponent's rows of the full data
    set: a model that knows whom it faces."""
    from bench.ml_data import BenchData

    mine = bench.data.kind == opponent
    return fit_candidate_model(
        "xgboost", BenchData(bench.data.data.subset(mine), bench.data.kind[mine]), bench.seed
    )


def why_table(bench: Bench, predictors: dict[str, Any], gauntlet_rates: dict[str, dict]) -> None:
    from bench.ml_data import OPPONENTS
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

    from bench.ml_data import HUMAN_FILE, OPPONENTS
    from games.engine.prediction import FrequencyPredictor, UniformPredictor
    from training import gates
    from training.human_data import DEFAULT_GAME_ROUNDS, evaluate_games, games_from_file
    from training.pipeline import train_candidate
    from training.predictors import ModelPredictor

    n = bench.sizes.games
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
        result = gates.gauntlet(predictor, games_per_opponent=n)
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
    frequency = gates.gauntlet(FrequencyPredictor(), games_per_opponent=n)
    uniform = gates.gauntlet(UniformPredictor(), games_per_opponent=n)
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
    gauntlet_table(rows, OPPONENTS)
    half = 1.96 * math.sqrt(SCRIPTED_TARGET * (1 - SCRIPTED_TARGET) / n)
    say(
        f"* below {SCRIPTED_TARGET:.2f} against a scripted opponent, or outside "
        f"{RANDOM_BAND[0]:.2f}-{RANDOM_BAND[1]:.2f} against random. With {n} games a rate near "
        f"{SCRIPTED_TARGET:.2f} is known to about ±{half:.2f} (95%)."
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


# --- (b) serving cost -----------------------------------------------------------------------


def serving_cases(count: int) -> list[tuple[GameHistory, RoundValues]]:
    """(history, next round's values) before every predicted round of a few simulated games:
    histories of every length a game goes through, as served."""
    from bench.ml_data import OPPONENTS
    from games.engine.gambits import GAMBIT_ROUNDS
    from games.engine.history import GameHistory
    from games.engine.prediction import FrequencyPredictor
    from games.engine.scoring import score_round
    from games.engine.simulation import simulate_game

    cases: list[tuple[GameHistory, RoundValues]] = []
    i = 0
    while len(cases) < count:
        game = simulate_game(
            game_id=f"serving:{i}", opponent=OPPONENTS[i % len(OPPONENTS)],
            predictor=FrequencyPredictor(),
        )  # fmt: skip
        played = game.history
        history = GameHistory(target=played.target, difficulty_mode=played.difficulty_mode)
        for player, bot, values in zip(
            played.player_moves, played.bot_moves, played.values, strict=True
        ):
            if history.rounds_played >= GAMBIT_ROUNDS:
                cases.append((history, values))
            history = history.after(player, bot, values, score_round(player, bot, values))
        i += 1
    return cases[:count]


def library_call(family: str, model: Any, X: np.ndarray) -> Callable[[], object]:
    """The bare library call on an already prepared input (normalisation done beforehand)."""
    import numpy as np

    if family == "feedforward":
        import torch

        tensor = torch.from_numpy(((X - model.mean) / model.std).astype(np.float32))

        def forward() -> object:
            with torch.no_grad():
                return model.network(tensor)

        return forward
    if family == "xgboost":
        return lambda: model.booster.inplace_predict(X)
    from training.families.base import softmax
    from training.families.mnlogit import model_inputs

    Z = (model_inputs(X, with_value_tiers=model._with_value_tiers()) - model.mean) / model.scale
    return lambda: softmax(Z @ model.coef.T + model.intercept)


def model_size(family: str, model: Any) -> str:
    if family == "feedforward":
        weights = sum(int(p.numel()) for p in model.network.parameters())
        return f"{weights:,} weights"
    if family == "xgboost":
        return f"{model.booster.num_boosted_rounds()} boosting rounds x 3 trees"
    return f"{model.coef.size + model.intercept.size} coefficients"


def section_serving(bench: Bench) -> None:
    heading("(b) serving cost per round: the serving path against the raw predict")
    import numpy as np

    from games.engine.features import build_features
    from training.predictors import ModelPredictor

    calls, warmup = bench.sizes.serving_calls, bench.sizes.serving_warmup
    cases = serving_cases(200)
    rows_by_case = [np.asarray([build_features(h, v)], dtype=np.float64) for h, v in cases]
    say(
        f"{calls} calls each, interleaved, over {len(cases)} game states (rounds 4 to the end "
        f"of simulated games); per-call perf_counter_ns, medians in microseconds"
    )
    say("serving   = ModelPredictor.predict(history, values): feature row + model + metric")
    say("features  = build_features(history, values) alone")
    say("predict   = model.predict_proba on the prebuilt (1, 50) float64 row")
    say(
        "library   = the bare library call on a prepared input (torch forward / "
        "booster.inplace_predict / numpy softmax of the linear scores)"
    )
    say()
    out = []
    for family in FAMILIES:
        model = bench.model(family)
        predictor = ModelPredictor(model, family=family, version="bench")
        libraries = [library_call(family, model, X) for X in rows_by_case]
        timings: dict[str, list[int]] = {k: [] for k in ("serving", "features", "predict", "lib")}
        clock = time.perf_counter_ns
        for i in range(warmup + calls):
            k = i % len(cases)
            history, values = cases[k]
            X = rows_by_case[k]
            library = libraries[k]
            # Back to back on the same state, so that all four share whatever the machine does.
            t0 = clock()
            predictor.predict(history, values)
            t1 = clock()
            build_features(history, values)
            t2 = clock()
            model.predict_proba(X)
            t3 = clock()
            library()
            t4 = clock()
            if i >= warmup:
                timings["serving"].append(t1 - t0)
                timings["features"].append(t2 - t1)
                timings["predict"].append(t3 - t2)
                timings["lib"].append(t4 - t3)
        med = {name: statistics.median(values) / 1000 for name, values in timings.items()}
        p90 = statistics.quantiles(timings["serving"], n=10)[-1] / 1000
        record(
            f"{family}: serving one round, µs",
            med["serving"],
            unit="µs",
            baseline=med["lib"],
            baseline_name="raw library predict on the same row",
        )
        out.append(
            [
                family,
                f"{med['serving']:.1f}",
                f"{p90:.1f}",
                f"{med['features']:.1f}",
                f"{med['predict']:.1f}",
                f"{med['lib']:.1f}",
                f"{med['serving'] / med['predict']:.2f}x",
                f"{med['predict'] / med['lib']:.2f}x",
            ]
        )
    say("models: " + ", ".join(f"{f} {model_size(f, bench.model(f))}" for f in FAMILIES))
    table(
        [
            "family",
            "serving",
            "serving p90",
            "features",
            "predict",
            "library",
            "serving/predict",
            "predict/library",
        ],
        out,
    )
    say(f"after (b): {load()}")


# --- (c) training time ----------------------------------------------------------------------


def section_training(bench: Bench) -> None:
    heading("(c) training time: train_candidate (all three steps) per family and data size")
    from bench.ml_data import first_rows
    from training.pipeline import train_candidate

    say(
        "one run per cell (five fits: step 1, step 2, three CV folds); rows = feature rows "
        "after the gambits; the oldest whole games of the interleaved data set"
    )
    say()
    out = []
    for size in bench.sizes.train_sizes:
        subset = first_rows(bench.data_with(size), size)
        for family in FAMILIES:
            started = time.perf_counter()
            candidate = train_candidate(family=family, data=subset.data, seed=bench.seed)
            seconds = time.perf_counter() - started
            out.append(
                [
                    family,
                    f"{len(subset):,}",
                    f"{subset.data.games:,}",
                    f"{seconds:.1f}",
                    f"{len(subset) / seconds:,.0f}",
                    f"{candidate.metrics['holdout_accuracy']:.3f}",
                ]
            )
            say(f"  {family} at {len(subset):,} rows: {seconds:.1f}s ({load()})")
            record(f"{family}: training time at {len(subset):,} rows", seconds, unit="s")
    say()
    table(["family", "rows", "games", "seconds", "rows/s", "hold-out acc"], out)


# --- (d) memory -----------------------------------------------------------------------------


def memory_now() -> dict[str, float]:
    """This process's memory in MB, from /proc/self/status: resident (VmRSS), of which
    anonymous (RssAnon: the process's own heap, never shared) and file-backed (RssFile: mapped
    code and data of the libraries, which other processes mapping the same files share), and
    the peak (VmHWM)."""
    fields = {"rss": "VmRSS", "anon": "RssAnon", "file": "RssFile", "peak": "VmHWM"}
    out = {}
    for key, name in fields.items():
        value = _proc_field("/proc/self/status", name).split()
        out[key] = int(value[0]) / 1024 if value and value[0].isdigit() else float("nan")
    return out


LIBRARIES = ("numpy", "scipy", "pandas", "sklearn", "xgboost", "torch")


def memory_probe(manifest: Path, *, libraries_first: bool) -> int:
    """Run in a fresh child process: RSS after each step of a web worker's start. With
    ``libraries_first`` the model libraries are imported one by one before Django, so that the
    figures say what each of them costs."""
    import importlib

    stages: list[tuple[str, dict[str, float]]] = [("python started (no Django)", memory_now())]
    if libraries_first:
        for library in LIBRARIES:
            importlib.import_module(library)
            stages.append((f"import {library}", memory_now()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()
    stages.append(("django.setup()", memory_now()))
    from django.urls import get_resolver

    # A worker's first request loads the URLconf, and with it every view module.
    get_resolver().url_patterns  # noqa: B018
    stages.append(("URLconf loaded (all views imported)", memory_now()))
    import numpy as np

    from games.engine.features import FEATURE_COUNT
    from training.families import family_class

    entries = json.loads(manifest.read_text())
    models = [family_class(entry["family"]).load(Path(entry["dir"])) for entry in entries]
    stages.append((f"{len(models)} models loaded", memory_now()))
    row = np.zeros((1, FEATURE_COUNT))
    row[0, 27:39] = 1.5
    for model in models:
        model.predict_proba(row)
    stages.append(("one prediction by each", memory_now()))
    print(json.dumps({"stages": stages, "peak_mb": memory_now()["peak"]}))
    return 0


def run_memory_probe(manifest: Path, *, libraries_first: bool) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--memory-probe", str(manifest)]
    if libraries_first:
        command.append("--libraries-first")
    child = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        raise RuntimeError(f"memory probe failed ({child.returncode}): {child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def memory_table(report: dict[str, Any]) -> None:
    rows = []
    previous = None
    for name, memory in report["stages"]:
        delta = "" if previous is None else f"{memory['rss'] - previous:+.1f}"
        rows.append(
            [name, f"{memory['rss']:.1f}", delta, f"{memory['anon']:.1f}", f"{memory['file']:.1f}"]
        )
        previous = memory["rss"]
    table(["step", "RSS MB", "delta MB", "anon MB", "file MB"], rows)
    say(f"peak RSS (VmHWM) {report['peak_mb']:.1f} MB")


def section_memory(bench: Bench) -> None:
    heading(f"(d) memory: a fresh process with {MODELS_PER_FAMILY * len(FAMILIES)} models loaded")
    from training.checksum import artifact_sha256

    say(
        f"{MODELS_PER_FAMILY} models per family (seeds {bench.seed}..{bench.seed + 3}, each the "
        "candidate fit of step 2 on the full data set), saved to temporary folders; a child "
        "process reads its memory from /proc/self/status after each step (anon: its own heap; "
        "file: mapped library files, shared with other processes mapping them)"
    )
    with tempfile.TemporaryDirectory(prefix="rpsweb-ml-bench-") as scratch:
        entries = []
        sizes: dict[str, int] = {}
        for family in FAMILIES:
            for k in range(MODELS_PER_FAMILY):
                model = (
                    bench.model(family)
                    if k == 0
                    else fit_candidate_model(family, bench.data, bench.seed + k)
                )
                folder = Path(scratch) / family / str(k)
                model.save(folder)
                artifact_sha256(folder)  # as a serving load would, though not timed here
                sizes[family] = sizes.get(family, 0) + sum(
                    f.stat().st_size for f in folder.iterdir()
                )
                entries.append({"family": family, "dir": str(folder)})
        manifest = Path(scratch) / "manifest.json"
        manifest.write_text(json.dumps(entries))
        as_worker = run_memory_probe(manifest, libraries_first=False)
        attributed = run_memory_probe(manifest, libraries_first=True)
    say(
        "artifact sizes on disk: "
        + ", ".join(
            f"{family} {size / MODELS_PER_FAMILY / 1024:.0f} KB each"
            for family, size in sizes.items()
        )
    )
    say()
    say("as a web worker starts (django.setup() already imports the model libraries):")
    memory_table(as_worker)
    record(
        "web worker memory with all twelve models loaded (peak RSS)",
        as_worker["peak_mb"],
        unit="MB",
    )
    say()
    say("the same, importing the model libraries one by one first, to see what each costs:")
    memory_table(attributed)


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, ~1 minute")
    parser.add_argument(
        "--sections", default=",".join(SECTIONS), help="comma-separated, of a,b,c,d (default all)"
    )
    parser.add_argument("--games", type=int, default=None, help="gauntlet games per opponent")
    parser.add_argument(
        "--scripted-rows",
        type=int,
        default=None,
        help=f"scripted rows in the full data set (default {FULL.scripted_rows:,})",
    )
    parser.add_argument(
        "--no-human", action="store_true", help="train on scripted games only (an ablation)"
    )
    parser.add_argument("--seed", type=int, default=None, help="default: TRAINING_SEED")
    parser.add_argument("--memory-probe", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--libraries-first", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown or not sections:
        parser.error(f"--sections takes a comma-separated subset of {','.join(SECTIONS)}")
    args.sections = [s for s in SECTIONS if s in sections]
    if args.games is not None and args.games < 1:
        parser.error("--games must be at least 1")
    if args.scripted_rows is not None and args.scripted_rows < 1_000:
        parser.error("--scripted-rows must be at least 1000")
    return args


RUNNERS: dict[str, Callable[[Bench], None]] = {
    "a": section_gauntlet,
    "b": section_serving,
    "c": section_training,
    "d": section_memory,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.memory_probe is not None:
        return memory_probe(args.memory_probe, libraries_first=args.libraries_first)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rpsweb.settings")
    import django

    django.setup()
    from django.conf import settings

    base = QUICK if args.quick else FULL
    sizes = Sizes(
        scripted_rows=args.scripted_rows or base.scripted_rows,
        human_limit_sessions=base.human_limit_sessions,
        games=args.games or base.games,
        diagnostic_games=base.diagnostic_games,
        train_sizes=base.train_sizes,
        serving_calls=base.serving_calls,
        serving_warmup=base.serving_warmup,
    )
    bench = Bench(
        sizes=sizes,
        human=not args.no_human,
        seed=settings.TRAINING_SEED if args.seed is None else args.seed,
    )
    machine_header(argv)
    failed = []
    started = time.perf_counter()
    try:
        for section in args.sections:
            try:
                RUNNERS[section](bench)
            except Exception:
                traceback.print_exc()
                say(f"section ({section}) FAILED")
                failed.append(section)
    except KeyboardInterrupt:
        print("ml benchmark: interrupted", file=sys.stderr)
        return 130
    say()
    say(
        f"done in {time.perf_counter() - started:.0f}s; "
        + (f"FAILED sections: {', '.join(failed)}" if failed else "every section ran")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
