"""The dependency direction between apps (CONTRIBUTING.md): a lower app never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

VAWG = Path(__file__).resolve().parents[1] / "vawg"
# Lowest first (CONTRIBUTING.md, "Layout and dependencies"): a new app goes in at its place in the layering.
ORDER = [
    "core",
    "audit",
    "accounts",
    "notifications",
    "people",
    "cases",
    "referrals",
    "risk",
    "marac",
    "provision",
    "intelligence",
    "justice",
    "programmes",
    "public",
    "api",
    "nonprod",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vawg."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("vawg."))
    return found


def _app_sources(app: str) -> list[Path]:
    return [
        p
        for p in (VAWG / app).rglob("*.py")
        if "tests" not in p.relative_to(VAWG).parts and "migrations" not in p.relative_to(VAWG).parts
    ]


def test_it_knows_every_app() -> None:
    apps = {p.name for p in VAWG.iterdir() if p.is_dir() and (p / "apps.py").exists()}
    assert apps == set(ORDER), f"add new apps to ORDER in {__file__}: {sorted(apps ^ set(ORDER))}"


@pytest.mark.parametrize("app", ORDER)
def test_it_never_imports_a_higher_app(app: str) -> None:
    rank = ORDER.index(app)
    upward = {
        f"{path.relative_to(VAWG)} imports vawg.{other}"
        for path in _app_sources(app)
        for other in _imports(path)
        if other in ORDER and ORDER.index(other) > rank
    }
    assert not upward, sorted(upward)
