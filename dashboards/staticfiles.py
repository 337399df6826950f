"""Serves plotly.js from the installed plotly package, so the dashboards never reach for a CDN
and the browser library always matches the Python one that built the figures.

`collectstatic` copies it like any other static file (whitenoise then serves the copy); in
development and tests Django's static view finds it through this finder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

PLOTLY_STATIC_PATH = "vendor/plotly/plotly.min.js"
_PACKAGE_DATA = Path(plotly.__file__).resolve().parent / "package_data"
_BUNDLE = "plotly.min.js"


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if not (_PACKAGE_DATA / _BUNDLE).is_file():
            return [Error(f"plotly.js is missing from {_PACKAGE_DATA}", id="dashboards.E001")]
        return []

    # The stubs promise None for "not found" when find_all is False, but finders.find() wraps
    # any non-list result into its matches, so a None (or "") would come back as a truthy
    # [None]: like Django's own finders, this one answers "not found" with [] either way.
    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        if path != PLOTLY_STATIC_PATH:
            return []
        found = str(_PACKAGE_DATA / _BUNDLE)
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Any:
        # collectstatic stores what this yields under the prefix of the storage's location.
        storage = FileSystemStorage(location=str(_PACKAGE_DATA))
        storage.prefix = str(Path(PLOTLY_STATIC_PATH).parent)  # type: ignore[attr-defined]
        yield _BUNDLE, storage
