from .env import VAR_DIR, env

# SQLite under var/ by default; DATABASE_URL (postgres://...) selects PostgreSQL via psycopg 3.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rpsweb.sqlite3'}"),
}
_default = DATABASES["default"]
if _default["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web, worker and beat processes read while one of them writes; the busy
    # timeout makes a writer wait for the lock instead of failing at once.
    _default["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not the shared in-memory database, so that tests with threads or a Celery worker
    # wait on SQLite's write lock like the real setup does instead of failing with "locked".
    _default["TEST"] = {"NAME": str(VAR_DIR / "test-rpsweb.sqlite3")}
else:
    _default["ENGINE"] = "django_prometheus.db.backends.postgresql"
    _default.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    _default["CONN_HEALTH_CHECKS"] = True
    _default.setdefault("TEST", {})["NAME"] = env.str("DATABASE_TEST_NAME", default="test_rpsweb")
