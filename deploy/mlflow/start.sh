#!/usr/bin/env bash
# Create MLflow's own database on the shared PostgreSQL when it is missing (a fresh volume, or
# one made before MLflow joined the stack), then serve. Artifacts are proxied (--serve-artifacts):
# the app's processes talk HTTP to this server only, and only this server holds the S3 keys.
set -euo pipefail

python - <<'PY'
import os
import time

import psycopg

name = os.environ["MLFLOW_DATABASE"]
for attempt in range(60):
    try:
        with psycopg.connect(os.environ["MLFLOW_ADMIN_DSN"], autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        break
    except psycopg.OperationalError as error:
        print(f"waiting for PostgreSQL: {error}".strip(), flush=True)
        time.sleep(1)
else:
    raise SystemExit("PostgreSQL not reachable")
PY

exec mlflow server \
  --host 0.0.0.0 \
  --port 5000 \
  --backend-store-uri "$MLFLOW_BACKEND_STORE_URI" \
  --serve-artifacts \
  --artifacts-destination "$MLFLOW_ARTIFACTS_DESTINATION" \
  "$@"
