"""The house's floors (docs/architecture.md): ``core`` imports no app and no roof; the apps
never import the roof (``rpsweb``: settings, URLs, Celery, WSGI), which imports them; and each
app imports only the apps below it, but for one door: games asks training's serving for the
model that answers a round."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Bottom to top: an app may import those before it.
APPS = ("games", "training", "promotion", "dashboards")
DOORS = {("games/services.py", "training.serving")}


def imported_modules(path: Path) -> set[str]:
    """The absolute modules a module imports, at any depth of its code; ``from training import
    serving`` counts as ``training.serving``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def imported_packages(path: Path) -> set[str]:
    return {module.split(".")[0] for module in imported_modules(path)}


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


@pytest.mark.parametrize(
    "path",
    [path for app in APPS for path in modules(app) if "migrations" not in path.parts],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_an_app_imports_only_the_apps_below_it_but_through_the_door(path):
    here = path.relative_to(ROOT)
    above = APPS[APPS.index(here.parts[0]) + 1 :]
    upward = {
        module
        for module in imported_modules(path)
        if module.split(".")[0] in above
        and not any(str(here) == door and module.startswith(target) for door, target in DOORS)
    }
    assert not upward, f"{here} imports {sorted(upward)} from a floor above it"
