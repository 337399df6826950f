#!/usr/bin/env bash
# The container's entrypoint: wait until the database answers, apply migrations when asked
# (RUN_MIGRATIONS=1, set on one service only so replicas do not race), then become the command.
set -euo pipefail

DB_WAIT_SECONDS=${DB_WAIT_SECONDS:-60}

wait_for_database() {
  # Django opens the connection itself, so whatever DATABASE_URL names (PostgreSQL or SQLite)
  # is checked exactly as the app will use it.
  python - "$DB_WAIT_SECONDS" <<'PY'
import sys
import time

import django
from django.db import connection
from django.db.utils import OperationalError

django.setup()
deadline = time.monotonic() + float(sys.argv[1])
while True:
    try:
        connection.ensure_connection()
        break
    except OperationalError as error:
        if time.monotonic() > deadline:
            sys.exit(f"database not reachable after {sys.argv[1]}s: {error}")
        print(f"waiting for the database: {error}".strip(), file=sys.stderr, flush=True)
        connection.close()
        time.sleep(1)
PY
}

export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-rpsweb.settings}
wait_for_database
if [[ ${RUN_MIGRATIONS:-0} == 1 ]]; then
  python manage.py migrate --noinput
fi
exec "$@"
