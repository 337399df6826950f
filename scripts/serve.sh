#!/usr/bin/env bash
# Serves the embedded default (SQLite, the folder broker under var/): gunicorn on 127.0.0.1:8000,
# one Celery worker and beat. `make up` runs it after migrate and bootstrap.
#
# Each process's output is prefixed with its name. Ctrl-C (or TERM) stops all three; if one of
# them dies on its own, the others are stopped too and the script exits non-zero, so a broken
# worker is never hidden behind a web server that still answers.
#
# Needs bash >= 4.3 (wait -n). Extra gunicorn flags can go in GUNICORN_CMD_ARGS, which gunicorn
# reads itself (e.g. GUNICORN_CMD_ARGS="--access-logfile -").
set -uo pipefail

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 3))); then
  echo "serve.sh needs bash 4.3 or newer (found $BASH_VERSION)" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=127.0.0.1
PORT=8000
URL="http://$HOST:$PORT/"
READY_TIMEOUT=${SERVE_READY_TIMEOUT:-120}

# MLflow would otherwise inspect pip requirements on every model load.
export MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK=true
export PYTHONUNBUFFERED=1

# prometheus-client's multiprocess mode sums one file per worker pid; files left by an earlier
# run would be counted again, so the directory starts empty every time.
PROMETHEUS_DIR=var/prometheus
rm -rf "$PROMETHEUS_DIR"
mkdir -p "$PROMETHEUS_DIR"

prefix() {
  # A signal meant for the group must not kill the prefixer before the process it serves has
  # written its last lines; it ends by itself when that process closes its output.
  trap '' INT TERM
  local name=$1 line
  while IFS= read -r line || [[ -n $line ]]; do
    printf '%-7s| %s\n' "$name" "$line"
  done
}

declare -A PIDS=()

start() {
  local name=$1
  shift
  "$@" > >(prefix "$name") 2>&1 &
  PIDS[$name]=$!
}

stopping=0
stop_all() {
  stopping=1
  local name
  for name in "${!PIDS[@]}"; do
    kill -TERM "${PIDS[$name]}" 2>/dev/null
  done
}
trap stop_all INT TERM

start web env PROMETHEUS_MULTIPROC_DIR="$PROMETHEUS_DIR" GUNICORN_BIND="$HOST:$PORT" \
  "$BIN/gunicorn" -c rpsweb/gunicorn_conf.py rpsweb.wsgi
start worker "$BIN/celery" -A rpsweb worker -l info --concurrency 1
start beat "$BIN/celery" -A rpsweb beat -l info -S django_celery_beat.schedulers:DatabaseScheduler

# Announce the address once gunicorn answers any HTTP request; give up quietly if it never does
# (its own log says why, and the loop below notices when it dies).
announce() {
  local deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    if "$BIN/python" - "$URL" 2>/dev/null <<'PY'; then
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "admin/login/", timeout=2)
except urllib.error.HTTPError:
    pass  # any HTTP answer means gunicorn is serving
PY
      printf '%-7s| rpsweb is up at %s\n' serve "$URL"
      return 0
    fi
    sleep 1
  done
  printf '%-7s| gunicorn did not answer within %ss\n' serve "$READY_TIMEOUT"
}
announce &
announcer=$!

# Wait for the first of the three to end; a signal interrupts the wait and runs stop_all.
status=0
while ((stopping == 0)); do
  wait -n "${PIDS[@]}"
  code=$?
  ((stopping)) && break
  for name in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
      printf '%-7s| %s exited (status %s); stopping the others\n' serve "$name" "$code" >&2
      unset "PIDS[$name]"
      status=1
    fi
  done
  ((status)) && stop_all
done

kill "$announcer" 2>/dev/null
# Give the others time for a graceful shutdown (gunicorn and celery both finish in-flight work).
for name in "${!PIDS[@]}"; do
  wait "${PIDS[$name]}" 2>/dev/null
done
exit "$status"
