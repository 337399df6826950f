"""Section (b): the serving path against the raw predict on the same feature row."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bench.ml.common import FAMILIES, Bench, heading, load, say, table
from bench.summary import record

if TYPE_CHECKING:
    import numpy as np

    from games.engine.history import GameHistory
    from games.engine.round_values import RoundValues


def serving_cases(count: int) -> list[tuple[GameHistory, RoundValues]]:
    """(history, next round's values) before every predicted round of a few simulated games:
    histories of every length a game goes through, as served."""
    from bench.ml.data import OPPONENTS
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


def library_calls(family: str, model: Any, X: np.ndarray) -> Callable[[], object]:
    """The bare library call of every learned expert of the mixture on prepared inputs."""
    calls = [library_call(family, expert, X) for expert in model.experts.values()]
    return lambda: [call() for call in calls]


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


def model_size(family: str, adaptive: Any) -> str:
    return f"{len(adaptive.experts)} experts of {expert_size(family, adaptive.population)}"


def expert_size(family: str, model: Any) -> str:
    if family == "feedforward":
        weights = sum(int(p.numel()) for p in model.network.parameters())
        return f"{weights:,} weights"
    if family == "xgboost":
        return f"{model.booster.num_boosted_rounds()} boosting rounds x 3 trees"
    return f"{model.coef.size + model.intercept.size} coefficients"


def section_serving(bench: Bench) -> None:
    heading("(b) serving cost per round: the serving path against the raw predict")

    from games.engine.features import build_features
    from training.predictors import ModelPredictor, game_rows

    calls, warmup = bench.sizes.serving_calls, bench.sizes.serving_warmup
    cases = serving_cases(200)
    games_by_case = [game_rows(h, v) for h, v in cases]
    say(
        f"{calls} calls each, interleaved, over {len(cases)} game states (rounds 4 to the end "
        f"of simulated games); per-call perf_counter_ns, medians in microseconds"
    )
    say("serving   = ModelPredictor.predict(history, values): feature row + model + metric")
    say("features  = build_features(history, values) alone")
    say("predict   = model.predict_game on the game's prebuilt rows (every expert, the mixture)")
    say(
        "library   = the bare library call of every learned expert on the prepared rows (torch "
        "forward / booster.inplace_predict / numpy softmax of the linear scores)"
    )
    say()
    out = []
    for family in FAMILIES:
        model = bench.model(family)
        predictor = ModelPredictor(model, family=family, version="bench")
        libraries = [library_calls(family, model, X) for X, _ in games_by_case]
        timings: dict[str, list[int]] = {k: [] for k in ("serving", "features", "predict", "lib")}
        clock = time.perf_counter_ns
        for i in range(warmup + calls):
            k = i % len(cases)
            history, values = cases[k]
            X, moves = games_by_case[k]
            library = libraries[k]
            # Back to back on the same state, so that all four share whatever the machine does.
            t0 = clock()
            predictor.predict(history, values)
            t1 = clock()
            build_features(history, values)
            t2 = clock()
            model.predict_game(X, moves)
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
