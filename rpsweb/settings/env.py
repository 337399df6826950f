"""The environment, read once. ``.env`` at the project root is honoured when present."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env.str("RPSWEB_VAR_DIR", default=str(BASE_DIR / "var")))
# Made by rpsweb.apps.RpswebConfig.ready(), with the other folders under it: settings only describe.
