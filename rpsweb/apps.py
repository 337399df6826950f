"""The roof's own app: what every process needs on disk before it serves, made once Django has
read its settings (settings themselves only describe; importing them changes nothing)."""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


def local_folders() -> list[Path]:
    """The folders under var/ that the embedded default writes to: the SQLite database's and
    the file cache's parent, collected static files (whitenoise warns on every request when the
    folder is missing) and, without Redis, the Celery broker's folders."""
    folders = [Path(settings.VAR_DIR), Path(settings.STATIC_ROOT)]
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders += [
            Path(str(options[key]))
            for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")
        ]
    return folders


class RpswebConfig(AppConfig):
    name = "rpsweb"
    verbose_name = "rpsweb"

    def ready(self) -> None:
        for folder in local_folders():
            folder.mkdir(parents=True, exist_ok=True)
