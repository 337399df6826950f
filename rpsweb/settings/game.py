from .env import BASE_DIR, env

TARGET_POINTS = env.float("TARGET_POINTS", default=10.0)
# Analytics (leaderboard, win rates, dashboards) ignore games started before this instant.
METRICS_SINCE_DATE = env.str("METRICS_SINCE_DATE", default="2025-10-10T08:00:00Z")
SCRIPTED_NOISE = env.float("SCRIPTED_NOISE", default=0.1)
# Player names that mark simulation/scripted accounts beyond the eight scripted opponents.
SIMULATION_PLAYER_PREFIXES = env.list("SIMULATION_PLAYER_PREFIXES", default=["sim-", "bench-"])
LEGACY_GAMEPLAY_GAMES_PER_OPPONENT = env.int("LEGACY_GAMEPLAY_GAMES_PER_OPPONENT", default=5)
LEGACY_GAMEPLAY_INTERVAL_MINUTES = env.int("LEGACY_GAMEPLAY_INTERVAL_MINUTES", default=150)
ENABLE_AB_TESTING = env.bool("ENABLE_AB_TESTING", default=True)
AB_B_SHARE = env.float("AB_B_SHARE", default=0.5)
# Games per (scripted opponent, policy) pair that `manage.py bootstrap` simulates: 20 gives about
# 5,000 training rows (the gates ask for GATE_MIN_SAMPLES = 2,000) in about 20 s on SQLite.
BOOTSTRAP_GAMES_PER_PAIR = env.int("BOOTSTRAP_GAMES_PER_PAIR", default=20)
# Recorded human sessions that `manage.py bootstrap` imports (training sessions only; empty: none),
# so that scheduled training, which keeps one simulated game in TRAINING_LEGACY_GAME_STRIDE but
# every person's game, has more than GATE_MIN_SAMPLES rows from the start.
BOOTSTRAP_HUMAN_SESSIONS_FILE = env.str(
    "BOOTSTRAP_HUMAN_SESSIONS_FILE", default=str(BASE_DIR / "data" / "human-rps" / "exp1.csv.gz")
)
# On: `manage.py bootstrap` trains one version a family (the first seed that passes its gates),
# puts it on every alias and queues the other seeds for the worker, so a new installation serves
# models in about two minutes. Off: it trains every seed before serving (benchmarks, tests).
BOOTSTRAP_CHALLENGERS_LATER = env.bool("BOOTSTRAP_CHALLENGERS_LATER", default=True)
