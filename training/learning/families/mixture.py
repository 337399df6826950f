"""In-game opponent identification: a Bayesian mixture of experts over one game's rounds.

Every expert predicts each round of the game from what came before it. Before round ``i`` an
expert's weight is its prior times the likelihood it gave the player's actual moves in the
game's earlier predicted rounds (Bayesian model averaging), so the mixture sharpens on the
expert that explains this opponent and falls back on the uniform expert (value play) when
nothing explains them better than chance. ``LIKELIHOOD_POWER`` tempers the evidence (a
likelihood raised to a power below one is the usual guard against a few lucky rounds), and a
small ``FIXED_SHARE`` of the prior is mixed back in each round so that a player who changes
style is followed instead of being locked out by an early streak.

The fixed experts need nothing but the game's rows: the player's past move counts and value-tier
counts are features (shares times the rounds played), and the move sequence for the n-gram is
the first row's lags followed by the actual moves. Pure numpy, no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from games.engine.features import (
    LAGS,
    PLAYER_MOVES_AT,
    PLAYER_SHARES_AT,
    ROUND_NO_AT,
    VALUE_TIER_SHARES_AT,
    VALUES_AT,
)

UNIFORM_EXPERT = "uniform"
FREQUENCY_EXPERT = "frequency"
VALUE_TIER_EXPERT = "value_tier"
NGRAM_EXPERT = "ngram"
FIXED_EXPERTS: tuple[str, ...] = (UNIFORM_EXPERT, FREQUENCY_EXPERT, VALUE_TIER_EXPERT, NGRAM_EXPERT)

# Laplace-style pseudo-counts: a fixed expert says "uniform" until the game shows something.
FIXED_EXPERT_SMOOTHING = 1.0
NGRAM_ORDER = 2
FLOOR = 1e-4  # no expert is ever certain: one surprising move must not zero its weight

# The player's moves (0-2, MOVES order): a list when served, a label array when training.
Moves = Sequence[int] | np.ndarray


@dataclass(frozen=True)
class MixtureParams:
    """How the evidence of a game is weighed: shared by every family's artifact."""

    likelihood_power: float = 1.0
    fixed_share: float = 0.02

    def __post_init__(self) -> None:
        if not 0.0 < self.likelihood_power <= 1.0:
            raise ValueError("likelihood_power must be in (0, 1]")
        if not 0.0 <= self.fixed_share < 1.0:
            raise ValueError("fixed_share must be in [0, 1)")


def _normalised_rows(counts: np.ndarray) -> np.ndarray:
    return counts / counts.sum(axis=1, keepdims=True)


def frequency_expert(X: np.ndarray) -> np.ndarray:
    """The player's move counts so far, smoothed: counts are shares times rounds played."""
    played = np.maximum(X[:, ROUND_NO_AT] - 1.0, 0.0)[:, None]
    counts = np.rint(X[:, PLAYER_SHARES_AT : PLAYER_SHARES_AT + 3] * played)
    counts = np.where(played > 0, counts, 0.0)
    return _normalised_rows(counts + FIXED_EXPERT_SMOOTHING)


def value_tier_expert(X: np.ndarray) -> np.ndarray:
    """How often the player took the most valuable move, its beater and the beater's beater,
    smoothed and put on this round's moves: a value-leaning player is found here."""
    played = np.maximum(X[:, ROUND_NO_AT] - 1.0, 0.0)[:, None]
    tier_counts = np.rint(X[:, VALUE_TIER_SHARES_AT : VALUE_TIER_SHARES_AT + 3] * played)
    tier_shares = _normalised_rows(tier_counts + FIXED_EXPERT_SMOOTHING)
    values = X[:, VALUES_AT : VALUES_AT + 3]
    # Ties in value never occur between the top move and the others (see round_values), so
    # argmax is the most valuable move; its beater is the next move in MOVES order's cycle.
    top = np.argmax(values, axis=1)
    beater = (top + 1) % 3
    beaters_beater = (top + 2) % 3
    out = np.empty_like(tier_shares)
    rows = np.arange(len(X))
    out[rows, top] = tier_shares[:, 0]
    out[rows, beater] = tier_shares[:, 1]
    out[rows, beaters_beater] = tier_shares[:, 2]
    return out


def move_sequence(X: np.ndarray, y: Moves) -> list[int]:
    """The player's moves from round 1: the first row's lags (oldest first), then the moves
    of the rows. Rows must be one game's consecutive rounds."""
    if not len(X):
        return []
    first = X[0]
    known = min(LAGS, int(first[ROUND_NO_AT]) - 1)
    lagged = []
    for lag in range(known, 0, -1):
        block = first[PLAYER_MOVES_AT + 3 * (lag - 1) : PLAYER_MOVES_AT + 3 * lag]
        lagged.append(int(np.argmax(block)))
    return [*lagged, *(int(move) for move in y)]


def ngram_expert(X: np.ndarray, y: Moves) -> np.ndarray:
    """What followed the player's last move (and last two) earlier in this game, smoothed, the
    two orders averaged: the person's own transitions, learned within the game. Row ``i`` is
    ``ngram_next`` of the moves before it, counted as the game goes instead of again per row."""
    moves = move_sequence(X, y)
    offset = len(moves) - len(y)  # index in ``moves`` of row 0's round
    seen: list[dict[tuple[int, ...], list[float]]] = [{} for _ in range(NGRAM_ORDER)]
    out = np.empty((len(X), 3))
    for here in range(offset + len(X)):
        if here >= offset:
            out[here - offset] = _ngram_guess(
                [
                    seen[k - 1].get(tuple(moves[here - k : here]), [0.0, 0.0, 0.0])
                    if here >= k
                    else None
                    for k in range(1, NGRAM_ORDER + 1)
                ]
            )
        if here < len(moves):  # the transition into ``here`` is known from now on
            for k in range(1, min(NGRAM_ORDER, here) + 1):
                counts = seen[k - 1].setdefault(tuple(moves[here - k : here]), [0.0, 0.0, 0.0])
                counts[moves[here]] += 1.0
    return out


def ngram_next(moves: Sequence[int]) -> list[float]:
    """The online n-gram's guess for the move after ``moves`` (the player's moves from round
    1): row ``i`` of ``ngram_expert`` is this function of the moves before row ``i``."""
    here = len(moves)
    by_order: list[list[float] | None] = []
    for k in range(1, NGRAM_ORDER + 1):
        if here - k < 0:
            by_order.append(None)
            continue
        context = list(moves[here - k : here])
        counts = [0.0, 0.0, 0.0]
        for end in range(k, here):
            if list(moves[end - k : end]) == context:
                counts[moves[end]] += 1.0
        by_order.append(counts)
    return _ngram_guess(by_order)


def _ngram_guess(by_order: Sequence[Sequence[float] | None]) -> list[float]:
    """The orders' smoothed next-move counts averaged; None for an order longer than the game
    so far, which then says uniform."""
    guess = [0.0, 0.0, 0.0]
    for counts in by_order:
        if counts is None:
            guess = [g + 1 / 3 for g in guess]
            continue
        total = counts[0] + counts[1] + counts[2] + 3 * FIXED_EXPERT_SMOOTHING
        guess = [
            g + (c + FIXED_EXPERT_SMOOTHING) / total for g, c in zip(guess, counts, strict=True)
        ]
    return [g / NGRAM_ORDER for g in guess]


def _smoothed(counts: Sequence[float]) -> list[float]:
    total = sum(c + FIXED_EXPERT_SMOOTHING for c in counts)
    return [(c + FIXED_EXPERT_SMOOTHING) / total for c in counts]


def fixed_experts_next(x: np.ndarray, moves: Sequence[int]) -> list[list[float]]:
    """Every fixed expert (in ``FIXED_EXPERTS`` order) on one in-game row ``x`` (shape
    (1, 50)), the player's moves from round 1 known: what ``fixed_experts`` gives that row
    inside its game. Plain Python on purpose: a served round asks this once, and numpy's cost
    per call on three numbers is most of the time."""
    row = x[0].tolist()
    played = max(row[ROUND_NO_AT] - 1.0, 0.0)
    shares = row[PLAYER_SHARES_AT : PLAYER_SHARES_AT + 3]
    tier_shares = row[VALUE_TIER_SHARES_AT : VALUE_TIER_SHARES_AT + 3]
    # round() rounds half to even, as np.rint does in ``frequency_expert``.
    counts = [float(round(share * played)) if played > 0 else 0.0 for share in shares]
    tiers = _smoothed([float(round(share * played)) for share in tier_shares])
    values = row[VALUES_AT : VALUES_AT + 3]
    top = values.index(max(values))
    by_tier = [0.0, 0.0, 0.0]
    for tier in range(3):
        by_tier[(top + tier) % 3] = tiers[tier]
    return [[1 / 3, 1 / 3, 1 / 3], _smoothed(counts), by_tier, ngram_next(moves)]


def fixed_experts(X: np.ndarray, y: Moves | None) -> dict[str, np.ndarray]:
    """Every fixed expert on one game's consecutive rows and moves; with ``y`` None, on rows
    that each stand alone (what the row itself says of the game before it)."""
    if y is None:
        ngram = np.vstack([ngram_expert(X[i : i + 1], []) for i in range(len(X))])
    else:
        ngram = ngram_expert(X, y)
    return {
        UNIFORM_EXPERT: np.full((len(X), 3), 1 / 3),
        FREQUENCY_EXPERT: frequency_expert(X),
        VALUE_TIER_EXPERT: value_tier_expert(X),
        NGRAM_EXPERT: ngram.reshape(len(X), 3),
    }


@dataclass(frozen=True)
class MixtureTrace:
    """Per row: the mixture's prediction and the weights it gave each expert, in the order of
    ``names``. Row ``i`` used the actual moves of rows before ``i`` only."""

    names: tuple[str, ...]
    probabilities: np.ndarray  # (n, 3)
    weights: np.ndarray  # (n, experts)

    def leading(self, count: int, row: int = -1) -> tuple[tuple[str, float], ...]:
        """The ``count`` most trusted experts of a row (the last by default), with weights."""
        weights = self.weights[row]
        order = np.argsort(-weights, kind="stable")[:count]
        return tuple((self.names[i], float(weights[i])) for i in order)


def clipped(expert_probabilities: np.ndarray) -> np.ndarray:
    """No expert is ever certain (``FLOOR``), and each one's row sums to one."""
    p = np.clip(expert_probabilities, FLOOR, 1.0)
    return p / p.sum(axis=-1, keepdims=True)


def prior_weights(prior: np.ndarray) -> np.ndarray:
    return prior / prior.sum()


def weights_after(
    weights: np.ndarray, said: np.ndarray, move: int, prior: np.ndarray, params: MixtureParams
) -> np.ndarray:
    """One round of evidence: the weights before a round, what each expert said of it (``said``,
    (experts, 3), clipped) and the move the player made give the weights before the next."""
    likelihood = said[:, move]
    if params.likelihood_power != 1.0:  # x ** 1.0 is x: skip the call on the usual setting
        likelihood = likelihood**params.likelihood_power
    posterior = weights * likelihood
    posterior /= posterior.sum()
    shared = (1.0 - params.fixed_share) * posterior + params.fixed_share * prior_weights(prior)
    return shared / shared.sum()


@dataclass(frozen=True)
class MixtureCarry:
    """What one round leaves for the next, so that the next needs one row, not the game: the
    weights the round was predicted with, (experts,), and what each expert said of it,
    (experts, 3). Kept as JSON on the game."""

    weights: np.ndarray
    said: np.ndarray

    @classmethod
    def of(cls, weights: np.ndarray, said: np.ndarray) -> MixtureCarry:
        return cls(np.asarray(weights, dtype=np.float64), np.asarray(said, dtype=np.float64))

    def as_json(self) -> dict[str, list]:
        return {"weights": self.weights.tolist(), "said": self.said.tolist()}

    @classmethod
    def from_json(cls, payload: object, experts: int) -> MixtureCarry | None:
        """The carry read back, or None when it does not fit a mixture of ``experts``."""
        if not isinstance(payload, dict):
            return None
        weights, said = payload.get("weights"), payload.get("said")
        if not isinstance(weights, list) or not isinstance(said, list):
            return None
        try:
            carry = cls(np.array(weights, dtype=np.float64), np.array(said, dtype=np.float64))
        except (TypeError, ValueError):  # ragged rows, or something that is not a number
            return None
        if carry.weights.shape != (experts,) or carry.said.shape != (experts, 3):
            return None
        return carry


def mix(
    expert_probabilities: np.ndarray,
    y: Moves,
    prior: np.ndarray,
    params: MixtureParams,
    names: tuple[str, ...],
) -> MixtureTrace:
    """The sequential mixture. ``expert_probabilities`` is (n, experts, 3); ``y`` holds the
    actual moves of the first ``len(y)`` rows (the last row may be the one being predicted)."""
    n, k, _ = expert_probabilities.shape
    if prior.shape != (k,) or len(y) > n:
        raise ValueError("the prior must name every expert, and there are more moves than rows")
    p = clipped(expert_probabilities)
    w = prior_weights(prior)
    weights = np.empty((n, k))
    for i in range(n):
        weights[i] = w
        if i < len(y):
            w = weights_after(w, p[i], int(y[i]), prior, params)
    mixed = np.einsum("nk,nkc->nc", weights, p)
    return MixtureTrace(names, mixed / mixed.sum(axis=1, keepdims=True), weights)
