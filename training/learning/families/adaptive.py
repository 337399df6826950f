"""The served artifact of every family: learned experts of that family, mixed within each game.

One model answers each round, but inside it sit a *population* expert (fitted on every row, what
the family used to ship alone), one expert per opponent group seen in training (each scripted
opponent, and the people), and the fixed experts of ``mixture`` (uniform, frequency, value tier,
online n-gram). ``mixture.mix`` weighs them by how well each explained this game's moves so far,
so the bot sharpens on whoever it is playing and falls back on value play (the uniform expert)
when nobody explains the moves better than chance.

Artifact layout: ``meta.json`` (family, prior, mixture params, expert names) and one folder per
learned expert under ``experts/``, each a plain artifact of the family. A plain family artifact
(from before the mixture) loads as a mixture of its one model, with the old behaviour.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from games.engine.features import (
    FEATURE_CONTRACT_VERSION,
    FEATURE_COUNT,
    FEATURE_NAMES,
    VALUES_AT,
)
from games.engine.opponents import HUMAN_GROUP

from .base import (
    META_FILE,
    N_CLASSES,
    ArtifactError,
    ModelFamily,
    as_features,
    as_labels,
    read_json,
    write_json,
)
from .mixture import (
    FIXED_EXPERTS,
    UNIFORM_EXPERT,
    MixtureCarry,
    MixtureParams,
    MixtureTrace,
    clipped,
    fixed_experts,
    fixed_experts_next,
    mix,
    prior_weights,
    weights_after,
)

POPULATION_EXPERT = "population"
__all__ = ["HUMAN_GROUP", "POPULATION_EXPERT", "AdaptiveModel", "game_probabilities"]
KIND = "adaptive"
EXPERTS_DIR = "experts"
# A group with fewer rows gets no expert of its own: a model of a few games would be a guess
# that the mixture then trusts for a few lucky rounds.
MIN_EXPERT_TRAIN_ROWS = 400
MIN_EXPERT_VALIDATION_ROWS = 50
# The prior weight of the uniform expert; the other experts share the rest equally. Most of the
# opponents a bot meets are people, who are close to uniform, and a random player must cost a
# bot nothing against value play.
UNIFORM_PRIOR = 0.2


class ProbabilityModel(Protocol):
    def predict_proba(self, X: np.ndarray) -> np.ndarray: ...


def _family_class(name: str) -> type[ModelFamily]:
    from . import family_class  # the registry imports this module

    return family_class(name)


def game_runs(game_id: np.ndarray) -> list[slice]:
    """The runs of consecutive rows of one game: a data set keeps each game's rows together,
    in round order, and the mixture reads them in that order."""
    ids = np.asarray(game_id)
    if not len(ids):
        return []
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    return [slice(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def game_probabilities(
    model: ProbabilityModel, X: np.ndarray, y: np.ndarray, game_id: np.ndarray
) -> np.ndarray:
    """What the model would have said before each row, knowing the earlier rows of the same
    game: the served behaviour. A plain model (tests' stand-ins, old code) is asked row by row."""
    if isinstance(model, AdaptiveModel):
        return model.predict_games(X, y, game_id)
    return np.asarray(model.predict_proba(X), dtype=np.float64)


class AdaptiveModel:
    """A family's learned experts and the fixed ones, mixed by their evidence in the game."""

    def __init__(
        self,
        family: str,
        experts: dict[str, ModelFamily],
        *,
        params: MixtureParams | None = None,
        fixed: bool = True,
        uniform_prior: float = UNIFORM_PRIOR,
    ) -> None:
        if POPULATION_EXPERT not in experts:
            raise ValueError("an adaptive model needs its population expert")
        self.family = family
        self.name = family
        self.experts = dict(experts)
        self.params = params or MixtureParams()
        self.fixed = fixed
        self.uniform_prior = uniform_prior
        self.names: tuple[str, ...] = (*self.experts, *(FIXED_EXPERTS if fixed else ()))
        self.prior = self._prior()
        self._stacked_experts: Callable[[np.ndarray], np.ndarray] | None = None
        self._stacked_built = False

    def _prior(self) -> np.ndarray:
        k = len(self.names)
        if not self.fixed:
            return np.full(k, 1.0 / k)
        prior = np.full(k, (1.0 - self.uniform_prior) / (k - 1))
        prior[self.names.index(UNIFORM_EXPERT)] = self.uniform_prior
        return prior

    @property
    def population(self) -> ModelFamily:
        return self.experts[POPULATION_EXPERT]

    # --- fitting ----------------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        *,
        family: str,
        X_train: np.ndarray,
        y_train: np.ndarray,
        group_train: np.ndarray,
        X_val: np.ndarray,
        y_val: np.ndarray,
        group_val: np.ndarray,
        params: dict[str, Any],
        seed: int,
    ) -> tuple[AdaptiveModel, dict[str, Any]]:
        """The population expert on every row, then one expert per group with enough rows of
        its own on both sides of the split; returns the model and what the fits did."""
        family_cls = _family_class(family)
        population = family_cls()
        info = population.fit(X_train, y_train, X_val, y_val, params=params, seed=seed)
        experts: dict[str, ModelFamily] = {POPULATION_EXPERT: population}
        skipped: list[str] = []
        group_train, group_val = np.asarray(group_train), np.asarray(group_val)
        for group in sorted({str(g) for g in group_train}):
            train, val = group_train == group, group_val == group
            if (
                train.sum() < MIN_EXPERT_TRAIN_ROWS
                or val.sum() < MIN_EXPERT_VALIDATION_ROWS
                or np.unique(y_train[train]).size < N_CLASSES
            ):
                skipped.append(group)
                continue
            expert = family_cls()
            expert.fit(
                X_train[train], y_train[train], X_val[val], y_val[val], params=params, seed=seed
            )
            experts[group] = expert
        info = {**info, "experts": list(experts), "experts_skipped": skipped}
        return cls(family, experts), info

    # --- predicting -------------------------------------------------------------------------

    def expert_probabilities(self, X: np.ndarray, y: np.ndarray | None) -> np.ndarray:
        """(n, experts, 3): every expert's prediction of each row of one game (``y`` its
        moves), or of rows that each stand alone (``y`` None)."""
        return self._with_fixed(self._learned(X), X, y)

    def _learned(self, X: np.ndarray) -> np.ndarray:
        """(n, learned experts, 3): one joint call where the family has one."""
        together = self._stacked()
        if together is not None:
            return together(X).transpose(1, 0, 2)
        return np.stack([expert.predict_proba(X) for expert in self.experts.values()], axis=1)

    def _with_fixed(self, learned: np.ndarray, X: np.ndarray, y: np.ndarray | None) -> np.ndarray:
        if not self.fixed:
            return learned
        fixed = fixed_experts(X, y)
        return np.concatenate(
            [learned, np.stack([fixed[name] for name in FIXED_EXPERTS], axis=1)], axis=1
        )

    def predict_game(self, X: np.ndarray, y: np.ndarray | list[int]) -> MixtureTrace:
        """One game's rows in round order and the player's moves in the first ``len(y)`` of
        them (the last row may be the round being played): the mixture's trace."""
        X = as_features(X)
        moves = as_labels(np.asarray(y, dtype=np.int64), len(y))
        return mix(self.expert_probabilities(X, moves), moves, self.prior, self.params, self.names)

    def expert_row(self, x: np.ndarray, moves: Sequence[int]) -> np.ndarray:
        """(experts, 3), clipped: every expert's prediction of one in-game row ``x`` (1, 50),
        with the player's moves from round 1 (for the online n-gram)."""
        together = self._stacked()
        if together is not None:
            learned = together(x)[:, 0, :]
        else:
            learned = np.vstack([expert.predict_proba(x) for expert in self.experts.values()])
        if self.fixed:
            learned = np.vstack([learned, fixed_experts_next(x, moves)])
        return clipped(learned)

    def warm_up(self) -> None:
        """Build what the first served round would build (the experts' joint evaluator, the
        libraries' lazy state), so that it is paid when the model is loaded, not in a play."""
        x = np.zeros((1, FEATURE_COUNT))
        x[0, VALUES_AT : VALUES_AT + 3] = (1.0, 1.5, 2.0)
        self.expert_row(x, [])

    def _stacked(self) -> Callable[[np.ndarray], np.ndarray] | None:
        # Built on first use and kept: a served model answers many rounds with the same experts.
        if not self._stacked_built:
            family_cls = _family_class(self.family)
            self._stacked_experts = family_cls.stacked(list(self.experts.values()))
            self._stacked_built = True
        return self._stacked_experts

    def predict_next(
        self,
        x: np.ndarray,
        moves: Sequence[int],
        carried: MixtureCarry | None,
    ) -> tuple[MixtureTrace, MixtureCarry]:
        """The next round from what the previous one left (``carried``; None at the first
        predicted round): one row through the experts instead of the whole game again. The
        answer equals the last row of ``predict_game`` on the game's rows."""
        x = as_features(x)
        if carried is None:
            weights = prior_weights(self.prior)
        else:
            weights = weights_after(
                carried.weights, carried.said, moves[-1], self.prior, self.params
            )
        said = self.expert_row(x, moves)
        mixed = weights @ said
        trace = MixtureTrace(self.names, (mixed / mixed.sum())[None, :], weights[None, :])
        return trace, MixtureCarry.of(weights, said)

    def predict_games(self, X: np.ndarray, y: np.ndarray, game_id: np.ndarray) -> np.ndarray:
        X = as_features(X)
        learned = self._learned(X)  # every row at once: one call, not one per game
        out = np.empty((len(X), N_CLASSES))
        for run in game_runs(game_id):
            moves = as_labels(np.asarray(y[run], dtype=np.int64), run.stop - run.start)
            said = self._with_fixed(learned[run], X[run], moves)
            out[run] = mix(said, moves, self.prior, self.params, self.names).probabilities
        return out

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Each row on its own, as the first predicted row of a game: the prior's mixture. Use
        ``predict_games`` wherever the game's earlier rows are known."""
        X = as_features(X)
        p = clipped(self.expert_probabilities(X, None))
        mixed = np.einsum("k,nkc->nc", prior_weights(self.prior), p)
        return mixed / mixed.sum(axis=1, keepdims=True)

    # --- artifacts --------------------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        return {
            **self.population.describe(),
            "kind": KIND,
            "experts": list(self.experts),
            "fixed_experts": list(FIXED_EXPERTS) if self.fixed else [],
            "mixture": asdict(self.params),
            "uniform_prior": self.uniform_prior,
        }

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        for name, expert in self.experts.items():
            expert.save(directory / EXPERTS_DIR / name)
        write_json(
            directory / META_FILE,
            {
                **self.describe(),
                "feature_names": list(FEATURE_NAMES),
                "n_features": FEATURE_COUNT,
            },
        )

    @classmethod
    def load(cls, directory: Path, *, family: str) -> AdaptiveModel:
        directory = Path(directory)
        meta = read_json(directory / META_FILE)
        family_cls = _family_class(family)
        if meta.get("kind") != KIND:
            # A plain family artifact: its one model, as it was served before the mixture.
            return cls(family, {POPULATION_EXPERT: family_cls.load(directory)}, fixed=False)
        if meta.get("family") != family:
            raise ArtifactError(f"artifact is a {meta.get('family')!r} model, not {family!r}")
        if meta.get("feature_contract_version") != FEATURE_CONTRACT_VERSION:
            raise ArtifactError(
                f"artifact uses feature contract {meta.get('feature_contract_version')!r}, "
                f"this code builds contract {FEATURE_CONTRACT_VERSION!r}"
            )
        names = meta.get("experts")
        if not isinstance(names, list) or POPULATION_EXPERT not in names:
            raise ArtifactError("adaptive artifact lacks its list of experts")
        experts = {}
        for name in names:
            if not isinstance(name, str) or "/" in name or name.startswith("."):
                raise ArtifactError(f"adaptive artifact names a strange expert {name!r}")
            experts[name] = family_cls.load(directory / EXPERTS_DIR / name)
        try:
            params = MixtureParams(**meta.get("mixture", {}))
            uniform_prior = float(meta.get("uniform_prior", UNIFORM_PRIOR))
        except (TypeError, ValueError) as error:
            raise ArtifactError(f"adaptive artifact has bad mixture settings: {error}") from None
        return cls(
            family,
            experts,
            params=params,
            fixed=bool(meta.get("fixed_experts")),
            uniform_prior=uniform_prior,
        )
