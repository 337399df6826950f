"""Section (b): the serving path against the raw predict on the same feature row."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bench.ml.common import Bench, heading, load, say, table
from bench.summary import record
from core.vocabulary import FAMILIES

if TYPE_CHECKING:
    import numpy as np

    from games.engine.history import GameHistory
    from games.engine.round_values import RoundValues
    from training.serving.predictors import ModelPredictor


@dataclass(frozen=True)
class ServingCase:
    """One predicted round as a serving process meets it: the game so far, the round's
    values, and what the previous round left (None at the first predicted round)."""

    history: GameHistory
    values: RoundValues
    carried: dict[str, Any] | None


def serving_cases(count: int, predictor: ModelPredictor) -> list[ServingCase]:
    """Every predicted round of a few simulated games, in order, each with the carry the
    model's previous round left: histories of every length a game goes through, as served."""
    from bench.ml.data import OPPONENTS
    from games.engine.gambits import GAMBIT_ROUNDS
    from games.engine.history import GameHistory
    from games.engine.prediction import FrequencyPredictor
    from games.engine.scoring import score_round
    from games.engine.simulation import simulate_game

    cases: list[ServingCase] = []
    i = 0
    while len(cases) < count:
        game = simulate_game(
            game_id=f"serving:{i}", opponent=OPPONENTS[i % len(OPPONENTS)],
            predictor=FrequencyPredictor(),
        )  # fmt: skip
        played = game.history
        history = GameHistory(target=played.target, difficulty_mode=played.difficulty_mode)
        carried = None
        for player, bot, values in zip(
            played.player_moves, played.bot_moves, played.values, strict=True
        ):
            if history.rounds_played >= GAMBIT_ROUNDS:
                cases.append(ServingCase(history, values, carried))
                carried = predictor.predict_carrying(history, values, carried).carry
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
    from training.learning.families.base import softmax
    from training.learning.families.mnlogit import model_inputs

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
    import numpy as np

    heading("(b) serving cost per round: the serving path against the raw predict")

    from games.engine.features import build_features
    from games.engine.moves import MOVE_INDEX
    from training.learning.families.mixture import MixtureCarry
    from training.serving.predictors import ModelPredictor

    calls, warmup = bench.sizes.serving_calls, bench.sizes.serving_warmup
    say(
        f"{calls} calls each, interleaved, over 200 game states (rounds 4 to the end of "
        "simulated games, each with the carry its previous round left); per-call "
        "perf_counter_ns, medians in microseconds"
    )
    say(
        "serving   = ModelPredictor.predict_carrying(history, values, carry): feature row, "
        "every expert on it, one mixture step, metric (what a play runs)"
    )
    say("replay    = ModelPredictor.predict(history, values): the whole game read again")
    say("features  = build_features(history, values) alone")
    say("predict   = model.predict_next(row, moves, carry) on the prebuilt row")
    say(
        "library   = the bare library call of every learned expert on the prepared row (torch "
        "forward / booster.inplace_predict / numpy softmax of the linear scores): raw predict"
    )
    say()
    out = []
    for family in FAMILIES:
        model = bench.model(family)
        predictor = ModelPredictor(model, family=family, version="bench")
        cases = serving_cases(200, predictor)
        rows = [np.asarray([build_features(c.history, c.values)]) for c in cases]
        moves = [[MOVE_INDEX[m] for m in c.history.player_moves] for c in cases]
        carries = [
            MixtureCarry.from_json(c.carried, len(model.names)) if c.carried else None
            for c in cases
        ]
        libraries = [library_calls(family, model, X) for X in rows]
        names = ("serving", "replay", "features", "predict", "lib")
        timings: dict[str, list[int]] = {k: [] for k in names}
        clock = time.perf_counter_ns
        for i in range(warmup + calls):
            k = i % len(cases)
            case = cases[k]
            # Back to back on the same state, so that all five share whatever the machine does.
            t0 = clock()
            predictor.predict_carrying(case.history, case.values, case.carried)
            t1 = clock()
            predictor.predict(case.history, case.values)
            t2 = clock()
            build_features(case.history, case.values)
            t3 = clock()
            model.predict_next(rows[k], moves[k], carries[k])
            t4 = clock()
            libraries[k]()
            t5 = clock()
            if i >= warmup:
                for name, took in zip(
                    names, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True
                ):
                    timings[name].append(took)
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
                f"{med['replay']:.1f}",
                f"{med['features']:.1f}",
                f"{med['predict']:.1f}",
                f"{med['lib']:.1f}",
                f"{med['serving'] / med['lib']:.2f}x",
                f"{med['replay'] / med['serving']:.1f}x",
            ]
        )
    say("models: " + ", ".join(f"{f} {model_size(f, bench.model(f))}" for f in FAMILIES))
    table(
        [
            "family",
            "serving",
            "serving p90",
            "replay",
            "features",
            "predict",
            "library",
            "serving/library",
            "replay/serving",
        ],
        out,
    )
    say(f"after (b): {load()}")
