#!/usr/bin/env bash
# Runs the whole suite, spread over one pytest-xdist worker per CPU (PYTEST_WORKERS=0 runs it in
# this one process, e.g. to step through it). Each worker has its own test database; the tests
# that start servers, workers or a private PostgreSQL or Redis pick free ports and folders.
# pytest exits 5 when it collected no test: that is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest --numprocesses "${PYTEST_WORKERS:-auto}" "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
