"""Sample ratio mismatch: is the Production/B split of the games the test reads the split the
installation configured? When it is not, the games were not shared out at random (a broken
assignment, B's games abandoned more often, a slot that lost its model for a while), and the
comparison of the two win rates means nothing, however significant it looks. Pure, no Django.

The check is sequential, like the promotion test, so it may look at every cycle without its
false alarms piling up. Under the null each game of the window is B's with probability
``share``; the e-value is the likelihood of the counts under a Beta prior on B's real share,
centred on ``share``, over their likelihood at ``share`` (a Beta-binomial mixture: Lindon and
Malek's sequential multinomial test, for two arms). It is a nonnegative martingale under the
null, so the chance that it ever reaches ``1 / alpha`` is at most ``alpha``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# How many games' worth of belief the prior puts on the configured share: enough to ignore a
# few games' wobble, little enough that a real 80/20 split under 50/50 shows within a hundred
# or so games.
PRIOR_GAMES = 100.0


@dataclass(frozen=True, slots=True)
class SrmCheck:
    production_games: int
    b_games: int
    expected_b_share: float
    e_value: float
    alpha: float

    @property
    def mismatch(self) -> bool:
        return self.e_value >= 1.0 / self.alpha

    @property
    def always_valid_p_value(self) -> float:
        return min(1.0, 1.0 / self.e_value)

    @property
    def observed_b_share(self) -> float | None:
        games = self.production_games + self.b_games
        return self.b_games / games if games else None

    @property
    def explanation(self) -> str:
        observed = self.observed_b_share
        games = self.b_games + self.production_games
        seen = "0 of 0" if observed is None else f"{observed:.1%} of {games}"
        verdict = (
            "does not match it: the games were not shared out as configured, so no win rate "
            "of this window can be compared"
            if self.mismatch
            else "is consistent with it"
        )
        return (
            f"B played {seen} games against a configured share of {self.expected_b_share:.1%}; "
            f"the split {verdict} (sample-ratio e-value {self.e_value:.3g}, "
            f"threshold {1.0 / self.alpha:.3g})."
        )


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def srm_check(*, production_games: int, b_games: int, b_share: float, alpha: float) -> SrmCheck:
    """The sample-ratio check of a window's games against the configured ``b_share``."""
    if not 0.0 < b_share < 1.0:
        raise ValueError("b_share must be strictly between 0 and 1")
    if not 0.0 < alpha < 1.0:
        raise ValueError("alpha must be strictly between 0 and 1")
    if production_games < 0 or b_games < 0:
        raise ValueError("game counts cannot be negative")
    a, b = PRIOR_GAMES * b_share, PRIOR_GAMES * (1.0 - b_share)
    log_mixture = _log_beta(a + b_games, b + production_games) - _log_beta(a, b)
    log_null = b_games * math.log(b_share) + production_games * math.log(1.0 - b_share)
    e_value = math.exp(min(log_mixture - log_null, 700.0))  # 700: beyond any threshold, finite
    return SrmCheck(production_games, b_games, b_share, e_value, alpha)
