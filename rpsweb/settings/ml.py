from core.vocabulary import SEQUENTIAL

from .env import VAR_DIR, env

# MLflow: a local SQLite store and artifact folder under var/ by default; a server otherwise.
MLFLOW_TRACKING_URI = env.str(
    "MLFLOW_TRACKING_URI", default=f"sqlite:///{VAR_DIR / 'mlflow' / 'mlflow.db'}"
)
MLFLOW_ARTIFACT_ROOT = env.str(
    "MLFLOW_ARTIFACT_ROOT", default=str(VAR_DIR / "mlflow" / "artifacts")
)

# Training data: finished, non-test games since this instant; scripted-opponent games are
# downsampled to one in TRAINING_LEGACY_GAME_STRIDE (1 keeps them all); people's always count.
TRAINING_DATA_SINCE_DATE = env.str("TRAINING_DATA_SINCE_DATE", default="2025-10-01T00:00:00Z")
TRAINING_LEGACY_GAME_STRIDE = env.int("TRAINING_LEGACY_GAME_STRIDE", default=5)
TRAINING_INCLUDE_IMPORTED = env.bool("TRAINING_INCLUDE_IMPORTED", default=True)
TRAINING_SEED = env.int("TRAINING_SEED", default=20251019)

# Serving.
MODEL_CACHE_DIR = env.str("MODEL_CACHE_DIR", default=str(VAR_DIR / "model-cache"))
# How often a serving process checks whether aliases moved or a reload was asked for.
SERVING_GENERATION_CHECK_SECONDS = env.float("SERVING_GENERATION_CHECK_SECONDS", default=2.0)
# Load every alias's version when a web or worker process starts, before its first play.
SERVING_PRELOAD = env.bool("SERVING_PRELOAD", default=True)
# After a failed load, how long a process serves the fallback before trying that version again.
SERVING_RETRY_SECONDS = env.float("SERVING_RETRY_SECONDS", default=30.0)
# Optional capture of served feature rows, for parity checks (a directory and a sample rate).
RPS_CAPTURE_INFERENCE_DIR = env.str("RPS_CAPTURE_INFERENCE_DIR", default="")
RPS_CAPTURE_INFERENCE_SAMPLE_RATE = env.float("RPS_CAPTURE_INFERENCE_SAMPLE_RATE", default=0.0)

# Gates a version must pass before it may hold any alias.
GATE_MIN_SAMPLES = env.int("GATE_MIN_SAMPLES", default=2000)
GAUNTLET_GAMES_PER_OPPONENT = env.int("GAUNTLET_GAMES_PER_OPPONENT", default=20)
GAUNTLET_MIN_MEAN_WIN_RATE = env.float("GAUNTLET_MIN_MEAN_WIN_RATE", default=0.65)
GAUNTLET_MIN_WIN_RATE = env.float("GAUNTLET_MIN_WIN_RATE", default=0.30)
# Against uniform random a version may trail the uniform bot (value play alone, on the same
# games) by at most this much: 20 games know a rate to about +-0.18, so a tight margin would
# reject good versions by chance.
GAUNTLET_RANDOM_MARGIN = env.float("GAUNTLET_RANDOM_MARGIN", default=0.15)
BACKTEST_MAX_ROWS = env.int("BACKTEST_MAX_ROWS", default=20000)
# The candidate's mean net points per round may trail Production's by at most this much.
BACKTEST_MARGIN = env.float("BACKTEST_MARGIN", default=0.05)
# Archival: a staged version that has not been promoted for this long is archived.
ARCHIVE_AFTER_DAYS = env.int("ARCHIVE_AFTER_DAYS", default=7)

# Scheduled work of the training room (the schedules themselves live in the database).
TRAINING_INTERVAL_MINUTES = env.int("TRAINING_INTERVAL_MINUTES", default=30)
CHALLENGER_ACCURACY_INTERVAL_MINUTES = env.int("CHALLENGER_ACCURACY_INTERVAL_MINUTES", default=10)
# A training run's lease on its family; the run renews it at every step, so this only bounds
# how long a killed worker blocks the next run.
TRAINING_LOCK_LEASE_MINUTES = env.float("TRAINING_LOCK_LEASE_MINUTES", default=20.0)

# Promotion: the test that decides between Production and B, its level, and how many
# since-swap games each slot needs before it is run at all.
PROMOTION_METHOD = env.str("PROMOTION_METHOD", default=SEQUENTIAL)
PROMOTION_ALPHA = env.float("PROMOTION_ALPHA", default=0.05)
PROMOTION_MIN_GAMES = env.int("PROMOTION_MIN_GAMES", default=3)
# The sequential test's optional look (promotion/stats.py): at the first cycle where both slots
# have this many since-swap games, a one-sided Fisher's exact test is mixed into the e-value.
# 0 (the default) is no look: decisions come sooner in general, with B at a small share, and
# for small differences. With 460 a +10-point B is found within 500 games a slot 9 times in
# 10 (0.82 without) at 2-6 games a slot per cycle (docs/benchmarks-promotion.md, "a look at
# the horizon"): for an installation that must decide by a number of games.
PROMOTION_HORIZON_GAMES = env.int("PROMOTION_HORIZON_GAMES", default=0)
# The sample-ratio check's false-alarm bound over every cycle of a window (promotion/srm.py):
# small, because a mismatch stops every decision until the next swap.
PROMOTION_SRM_ALPHA = env.float("PROMOTION_SRM_ALPHA", default=0.001)
# Guardrails (promotion/guardrails.py): a swap is blocked when B's fallback rate or error rate
# (rounds where its model raised) exceeds Production's by more than these shares of rounds, or
# its p99 time to answer a round by more than these milliseconds; each judged once B has this
# many rounds in the window.
PROMOTION_GUARDRAIL_FALLBACK_MARGIN = env.float("PROMOTION_GUARDRAIL_FALLBACK_MARGIN", default=0.02)
PROMOTION_GUARDRAIL_ERROR_MARGIN = env.float("PROMOTION_GUARDRAIL_ERROR_MARGIN", default=0.01)
PROMOTION_GUARDRAIL_LATENCY_MARGIN_MS = env.float(
    "PROMOTION_GUARDRAIL_LATENCY_MARGIN_MS", default=25.0
)
PROMOTION_GUARDRAIL_MIN_ROUNDS = env.int("PROMOTION_GUARDRAIL_MIN_ROUNDS", default=50)
# The guardrails judge each slot's latest games of the window, this many: recent serving, and
# a cycle whose cost does not grow with the rounds table.
PROMOTION_GUARDRAIL_RECENT_GAMES = env.int("PROMOTION_GUARDRAIL_RECENT_GAMES", default=200)
# Automatic rollback (promotion/rollback.py): after a swap, the new Production is checked against
# the model it replaced until it has played this many games; 0 turns the check off.
PROMOTION_ROLLBACK_PROBATION_GAMES = env.int("PROMOTION_ROLLBACK_PROBATION_GAMES", default=1000)
PROMOTION_INTERVAL_MINUTES = env.int("PROMOTION_INTERVAL_MINUTES", default=30)
