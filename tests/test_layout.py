"""Every app is laid out the same way (CONTRIBUTING.md, "Layout"), and pages use the shared components.

- An app holds only the standard modules: ``models``, ``services``, ``selectors``, ``forms``, ``views``,
  ``presenters``, ``urls``, ``hooks``, ``rules``, ``config``, ``admin``, ``api`` and ``schemas``,
  ``checks``, ``apps``; each a module, or a package of the same name once it grows. Plumbing apps
  (core, accounts, audit, api, nonprod) list their extra modules below, each with its reason.
- No module passes 500 lines, and no views module 400: past that it becomes a package, one thing per file.
- Templates lay out what presenters give them with the components in vawg/core/templates/components/:
  no hand-written summary-list rows, tag colours or error summaries.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VAWG = ROOT / "vawg"
APPS = sorted(path.name for path in VAWG.iterdir() if (path / "apps.py").exists())

STANDARD = frozenset(
    {
        "__init__",
        "apps",
        "admin",
        "api",
        "schemas",
        "checks",
        "config",
        "forms",
        "hooks",
        "models",
        "presenters",
        "rules",
        "selectors",
        "services",
        "urls",
        "views",
        # Django's own folders
        "management",
        "migrations",
        "templates",
        "templatetags",
        "static",
        "tests",
    }
)
# Cross-cutting plumbing: what each holds beyond the standard modules, and why it is not a domain module.
PLUMBING: dict[str, frozenset[str]] = {
    "core": frozenset(
        {
            "access",  # the view decorators every app uses (staff by default, public_view, require_permission)
            "context_processors",  # values every template may use
            "crypto",  # field encryption
            "dates",  # the UK clock
            "exports",  # formula-safe CSV and XLSX
            "fields",  # the encrypted model field
            "middleware",  # security headers
            "pdf",  # WeasyPrint that fetches nothing
        }
    ),
    "accounts": frozenset(
        {
            "http",  # the typed authenticated request
            "middleware",  # the staff session
            "roles",  # the permission table
            "session_keys",  # names of the session's keys
            "signin",  # the sign-in steps
            "testing",  # test helpers other apps' tests import (signed-in clients)
            "validators",  # password rules
        }
    ),
    # action names; the database triggers that keep entries; the middleware that audits reads
    "audit": frozenset({"actions", "triggers", "middleware"}),
    # bearer tokens; one audit entry per call; the OpenAPI document completed with the API-wide answers
    "api": frozenset({"auth", "middleware", "openapi"}),
    # the police extract reader (pure functions over bytes), the configured offence list, and the two
    # engines that compute over whole files in DuckDB outside the ORM: record linkage and the RFG ranking
    "intelligence": frozenset({"imports", "offences", "linkage", "rfg"}),
    "nonprod": frozenset({"demo"}),  # the synthetic demo data the seed makes (installed only in demo mode)
}
MODULE_LIMIT = 500
VIEWS_LIMIT = 400
# Markup that only the shared components write.
COMPONENT_MARKUP = {
    "govuk-summary-list__row": "a summary-list row: use {% govuk_summary_list rows %}",
    "govuk-tag--": "a tag colour: a presenter's Tag and {% govuk_tag %}",
    "govuk-error-summary": "an error summary: {% govuk_error_summary form %}",
    "{% error_summary": "crispy-forms-gds' error summary: {% govuk_error_summary form %}",
}
COMPONENTS = VAWG / "core" / "templates" / "components"


def _name(path: Path) -> str:
    return path.stem if path.suffix == ".py" else path.name


@pytest.mark.parametrize("app", APPS)
def test_it_lays_out_each_app_with_the_standard_modules(app: str) -> None:
    allowed = STANDARD | PLUMBING.get(app, frozenset())
    children = [path for path in (VAWG / app).iterdir() if path.suffix == ".py" or path.is_dir()]
    extra = sorted(_name(path) for path in children if _name(path) not in allowed and path.name != "__pycache__")
    assert not extra, f"vawg/{app}: move {extra} into the standard modules (CONTRIBUTING.md, Layout)"


def _sources() -> list[Path]:
    return [
        path for path in sorted(VAWG.rglob("*.py")) if not {"migrations", "tests"} & set(path.relative_to(VAWG).parts)
    ]


def _is_views(path: Path) -> bool:
    return path.stem == "views" or path.parent.name == "views"


def long_module_problems(paths: list[Path]) -> list[str]:
    problems = []
    for path in paths:
        lines, limit = len(path.read_text().splitlines()), VIEWS_LIMIT if _is_views(path) else MODULE_LIMIT
        if lines > limit:
            problems.append(f"{path}: {lines} lines (limit {limit})")
    return problems


def test_it_keeps_every_module_short() -> None:
    long = long_module_problems(_sources())
    assert not long, "split into a package, one thing per file:\n" + "\n".join(long)


def component_markup_problems(template: str, *, where: str) -> list[str]:
    return [f"{where}: {why}" for markup, why in COMPONENT_MARKUP.items() if markup in template]


@pytest.mark.parametrize("app", APPS)
def test_it_lays_out_pages_with_the_shared_components(app: str) -> None:
    problems = [
        problem
        for path in sorted((VAWG / app).rglob("templates/**/*.html"))
        if COMPONENTS not in path.parents
        for problem in component_markup_problems(path.read_text(), where=str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_it_finds_hand_written_component_markup() -> None:
    row = '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Name</dt></div>'
    tag = '<strong class="govuk-tag govuk-tag--red">High</strong>'
    assert component_markup_problems(row, where="x.html")
    assert component_markup_problems(tag, where="x.html")
    assert not component_markup_problems("{% load govuk %}{% govuk_summary_list rows %}", where="x.html")


@pytest.mark.parametrize(
    ("name", "lines", "found"),
    [
        ("services.py", MODULE_LIMIT, False),
        ("services.py", MODULE_LIMIT + 1, True),
        ("views.py", VIEWS_LIMIT + 1, True),
    ],
)
def test_it_finds_a_module_past_the_limit(tmp_path: Path, name: str, lines: int, found: bool) -> None:
    module = tmp_path / name
    module.write_text("x = 1\n" * lines)
    assert bool(long_module_problems([module])) is found
