"""The test suite's settings (pytest's DJANGO_SETTINGS_MODULE): the installation's settings,
with the few differences a test run needs. Processes a test starts (gunicorn, Celery workers)
inherit them through the environment; a test of the real settings names ``rpsweb.settings``."""

from rpsweb.settings import *  # noqa: F403

# PBKDF2's deliberate slowness (about half a second a user on these machines) buys a test
# nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# ``manage.py bootstrap`` imports the shipped human sessions (49k rounds); the tests that run
# the command give it a file of their own (tests/training_tasks/test_bootstrap_imports_*).
BOOTSTRAP_HUMAN_SESSIONS_FILE = ""

# Queued from ``manage.py bootstrap``, the challengers' task would wait in the suite's broker
# for whichever test starts a worker next; the test of that step turns it back on.
BOOTSTRAP_CHALLENGERS_LATER = False
