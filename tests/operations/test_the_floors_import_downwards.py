"""The house's floors (docs/architecture.md): ``core`` imports no app and no roof; the apps
never import the roof (``rpsweb``: settings, URLs, Celery, WSGI), which imports them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("games", "training", "promotion", "dashboards")


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, at any depth of its code."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_ground_floor_imports_no_app_and_no_roof(path):
    assert imported_packages(path).isdisjoint({*APPS, "rpsweb"})


@pytest.mark.parametrize(
    "path",
    [path for app in APPS for path in modules(app)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_app_imports_the_roof(path):
    assert "rpsweb" not in imported_packages(path)
