"""Figure points for the pure tests, built from the conftest's review table (no database)."""

from __future__ import annotations

from dashboards.figures.promotion import EventPoint
from tests.dashboards.promotion.conftest import XGB_EVENTS


def review_points() -> list[EventPoint]:
    points = []
    for pk, row in enumerate(XGB_EVENTS, start=1):
        _, when, decision, reorder, raw_p, raw_b, since_p, since_b, cycles, z, p, avp = row[:12]
        points.append(
            EventPoint(
                pk=pk,
                family="xgboost",
                created_at=when,
                decision=decision,
                reorder_applied=reorder,
                method="sequential",
                alpha=0.05,
                z_statistic=z,
                p_value=p,
                always_valid_p_value=avp,
                production_total_games=raw_p[0],
                production_wins=raw_p[1],
                b_total_games=raw_b[0],
                b_wins=raw_b[1],
                production_games_since_swap=since_p[0],
                production_wins_since_swap=since_p[1],
                b_games_since_swap=since_b[0],
                b_wins_since_swap=since_b[1],
                promotion_cycles_since_swap=cycles,
            )
        )
    return points
