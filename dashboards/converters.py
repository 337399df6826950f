"""A URL converter that matches only real family names, so `/dashboards/gameplay/` can never be
mistaken for a family and an unknown family is a 404 before any view runs."""

from __future__ import annotations

import re

from core.vocabulary import FAMILIES


class FamilyConverter:
    regex = "|".join(re.escape(family) for family in FAMILIES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in FAMILIES:
            raise ValueError(f"unknown family {value!r}")
        return value
