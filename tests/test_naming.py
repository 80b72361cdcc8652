"""The naming table (CONTRIBUTING.md, "Names"): one spelling for each concept, checked in the code.

- Audit actions are ``<app>.<entity>.<verb>`` in the present tense, written by the app named, as a
  literal (or a module-level table of literals) at the ``audit_record`` call; names used before the
  rule live only in vawg/audit/actions.py.
- The acting user is ``by=`` in every service (never ``actor=``, ``created_by=``, ``accepted_by=``...).
- URL parameters are ``<uuid:<entity>_id>`` (never ``pk``); a URL's name is its view function's name,
  ``<entity>_<verb>``; a view mounted for a second journey adds the journey (``<view>_<journey>``).
- Views say who may use them first (``@public_view`` or ``@require_permission``) and which methods they
  take last, always as ``@require_http_methods([...])``.

Each check is a function that returns the problems it finds, so the tests at the end can show that
it does find them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from vawg.audit.actions import LEGACY_ACTIONS, is_well_formed

ROOT = Path(__file__).resolve().parents[1]
VAWG = ROOT / "vawg"
ACCESS_DECORATORS = frozenset({"public_view", "require_permission"})
OTHER_METHOD_DECORATORS = frozenset({"require_GET", "require_POST", "require_safe"})
PAST_TENSE = re.compile(r"(?<!e)ed$|ing$")  # "accepted", "flagged", "recording"; "need", "seed" are fine
ACTING_USER_PARAMETER = re.compile(r"^actor$|_by$")
URL_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _source_files(*, tests: bool = False) -> Iterator[Path]:
    for path in sorted(VAWG.rglob("*.py")):
        parts = path.relative_to(VAWG).parts
        if "migrations" in parts or ("tests" in parts) != tests:
            continue
        yield path


def _app_of(path: Path) -> str:
    return path.relative_to(VAWG).parts[0]


# Audit actions ----------------------------------------------------------------------------------


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    constants: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            constants[node.target.id] = node.value
    return constants


def _literals(node: ast.expr, constants: dict[str, ast.expr]) -> list[str] | None:
    """Every string an action argument can be: a literal, a conditional of literals, or a module-level
    constant or table (dict values) of literals. None when it is anything else (built at run time)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body, constants), _literals(node.orelse, constants)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Name) and node.id in constants:
        return _literals(constants[node.id], constants)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in constants:
        table = constants[node.value.id]
        if isinstance(table, ast.Dict):
            found: list[str] = []
            for value in table.values:
                strings = _literals(value, constants)
                if strings is None:
                    return None
                found += strings
            return found
    return None


def _forwarded(tree: ast.Module, call: ast.Call, name: str) -> list[ast.expr] | None:
    """The arguments a private helper's callers pass as its parameter ``name``, when ``call`` (an
    ``audit_record`` call) is inside that helper and passes the parameter on. None otherwise."""
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef) or call not in ast.walk(function):
            continue
        parameters = [argument.arg for argument in function.args.args + function.args.kwonlyargs]
        if name not in parameters:
            return None
        position = (
            [argument.arg for argument in function.args.args].index(name)
            if name in [argument.arg for argument in function.args.args]
            else None
        )
        passed = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function.name:
                keyword = next((k.value for k in node.keywords if k.arg == name), None)
                if keyword is None and position is not None and position < len(node.args):
                    keyword = node.args[position]
                if keyword is not None:
                    passed.append(keyword)
        return passed
    return None


# Both write an action in the calling app's name: audit_record at once, audit_read when the page is served.
AUDIT_WRITERS = {"audit_record", "audit_read"}
# Writes an action noted by audit_read earlier in the request (checked there, where it is a literal).
REPLAYS_NOTED_READS = "audit_unaudited_reads"


def _is_audit_record(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in AUDIT_WRITERS


def _replays(tree: ast.Module) -> set[ast.AST]:
    return {
        node
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name == REPLAYS_NOTED_READS
        for node in ast.walk(function)
    }


def audit_action_problems(source: str, *, app: str, where: str) -> list[str]:
    """What is wrong with the audit actions written in one module of ``app``."""
    tree = ast.parse(source)
    constants = _module_constants(tree)
    replays = _replays(tree)
    problems = []
    for node in ast.walk(tree):
        if not _is_audit_record(node) or node in replays:
            continue
        assert isinstance(node, ast.Call)
        argument = next((keyword.value for keyword in node.keywords if keyword.arg == "action"), None)
        if argument is None:
            problems.append(f"{where}:{node.lineno}: give audit_record its action as action=...")
            continue
        arguments: list[ast.expr] | None = [argument]
        if isinstance(argument, ast.Name) and argument.id not in constants:
            arguments = _forwarded(tree, node, argument.id)  # a private helper passing its caller's action on
        names: list[str] | None = [] if arguments is not None else None
        for value in arguments or []:
            strings = _literals(value, constants)
            names = None if strings is None or names is None else names + strings
        if names is None:
            problems.append(f"{where}:{node.lineno}: write the action as a literal or a module-level table")
            continue
        for name in names:
            parts = name.split(".")
            if name in LEGACY_ACTIONS:
                problems.append(f"{where}:{node.lineno}: {name!r} is an old name; use {LEGACY_ACTIONS[name]!r}")
            elif not is_well_formed(name):
                problems.append(f"{where}:{node.lineno}: {name!r} is not <app>.<entity>.<verb>")
            elif parts[0] != app:
                problems.append(f"{where}:{node.lineno}: {name!r} is written by {app}, so it starts {app}.")
            elif PAST_TENSE.search(parts[2]):
                problems.append(f"{where}:{node.lineno}: {name!r}: the verb is in the present tense")
    return problems


def legacy_name_problems(source: str, *, where: str) -> list[str]:
    """Old action names written anywhere outside vawg/audit/actions.py (code or tests)."""
    return [
        f"{where}:{node.lineno}: {node.value!r} is an old audit name; use {LEGACY_ACTIONS[node.value]!r}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in LEGACY_ACTIONS
    ]


def test_it_names_every_audit_action_app_entity_verb() -> None:
    problems = [
        problem
        for path in _source_files()
        for problem in audit_action_problems(path.read_text(), app=_app_of(path), where=str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_it_keeps_old_audit_names_in_the_legacy_table_only() -> None:
    problems = [
        problem
        for path in [*_source_files(), *_source_files(tests=True), *sorted((ROOT / "tests").rglob("*.py"))]
        if path != VAWG / "audit" / "actions.py" and path.name != "test_naming.py"
        for problem in legacy_name_problems(path.read_text(), where=str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_it_maps_each_legacy_name_to_a_current_one() -> None:
    assert all(old != new for old, new in LEGACY_ACTIONS.items())
    assert not set(LEGACY_ACTIONS.values()) & set(LEGACY_ACTIONS), "a legacy name maps to another legacy name"
    assert all(is_well_formed(new) for new in LEGACY_ACTIONS.values())


# The acting user --------------------------------------------------------------------------------


def acting_user_problems(source: str, *, where: str) -> list[str]:
    """Public service functions that name the acting user anything but ``by``."""
    problems = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            arguments = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
            problems += [
                f"{where}:{node.lineno}: {node.name}({argument.arg}=...): the acting user is by="
                for argument in arguments
                if ACTING_USER_PARAMETER.search(argument.arg)
            ]
    return problems


def _service_modules() -> Iterator[Path]:
    for path in _source_files():
        relative = path.relative_to(VAWG).parts
        if relative[-1] == "services.py" or (len(relative) > 2 and relative[1] == "services"):
            yield path


def test_it_names_the_acting_user_by_in_every_service() -> None:
    modules = list(_service_modules())
    assert len(modules) > 10, "the scan found the service modules"
    problems = [
        problem
        for path in modules
        for problem in acting_user_problems(path.read_text(), where=str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


# URLs and views ---------------------------------------------------------------------------------


def url_problems(route: str, *, name: str | None, view_name: str, has_default_args: bool) -> list[str]:
    """What is wrong with one URL pattern of ours."""
    problems = []
    for match in CONVERTER.finditer(route):
        parameter, converter = match["name"], match["converter"] or "str"
        if parameter == "pk" or parameter.endswith("_pk"):
            problems.append(f"{route}: name the parameter <{converter}:<entity>_id>, not {parameter}")
        elif converter == "uuid" and not parameter.endswith("_id"):
            problems.append(f"{route}: an id parameter is <uuid:<entity>_id>, not {parameter}")
    if name is None or not URL_NAME.match(name):
        problems.append(f"{route}: name the URL <entity>_<verb> in snake_case, not {name!r}")
    elif name != view_name and not (has_default_args and name.startswith(view_name + "_")):
        problems.append(f"{route}: the URL's name {name!r} is not its view's name {view_name!r}")
    return problems


def _our_patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _our_patterns(pattern, prefix + str(pattern.pattern))
        elif getattr(pattern.callback, "__module__", "").startswith("vawg."):
            yield prefix + str(pattern.pattern), pattern


def test_it_names_urls_after_their_views_and_ids_entity_id() -> None:
    patterns = list(_our_patterns(get_resolver()))
    assert len(patterns) > 50
    problems = [
        problem
        for route, pattern in patterns
        for problem in url_problems(
            route,
            name=pattern.name,
            view_name=pattern.callback.__name__,
            has_default_args=bool(pattern.default_args),
        )
    ]
    assert not problems, "\n".join(problems)


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")


def view_decorator_problems(source: str, *, where: str) -> list[str]:
    """Views whose access and method decorators are missing, misspelt or out of order."""
    problems = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        names = [_decorator_name(decorator) for decorator in node.decorator_list]
        if not ACCESS_DECORATORS & set(names):
            continue
        spelt_otherwise = OTHER_METHOD_DECORATORS & set(names)
        if spelt_otherwise:
            problems.append(f"{where}:{node.lineno}: {node.name}: use require_http_methods, not {spelt_otherwise}")
        elif names[0] not in ACCESS_DECORATORS:
            problems.append(f"{where}:{node.lineno}: {node.name}: say who may use the view first")
        elif names[-1] != "require_http_methods":
            problems.append(f"{where}:{node.lineno}: {node.name}: end with @require_http_methods([...])")
    return problems


def test_it_spells_view_decorators_one_way_in_one_order() -> None:
    # Error handlers (vawg/core/views.py) and the admin's sign-in redirect answer any method.
    exempt = {VAWG / "core" / "views.py", VAWG / "accounts" / "admin.py"}
    problems = [
        problem
        for path in _source_files()
        if path not in exempt
        for problem in view_decorator_problems(path.read_text(), where=str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_it_names_no_permission_table_that_does_not_exist() -> None:
    stale = [str(path.relative_to(ROOT)) for path in _source_files() if "ROLE_PERMISSIONS" in path.read_text()]
    assert not stale


# The checks find what they look for -------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "found"),
    [
        ("cases.case.view", False),
        ("marac.meeting_cancel", True),  # two parts
        ("referrals.referral_accepted", True),  # a legacy name
        ("risk.dash_assessment.submitted", True),  # past tense
        ("cases.Case.view", True),
        ("marac.case.view", True),  # another app's name
    ],
)
def test_it_finds_an_audit_action_named_another_way(action: str, found: bool) -> None:
    source = f"audit_record(action={action!r}, by=user)\n"
    assert bool(audit_action_problems(source, app="cases", where="x.py")) is found


def test_it_checks_the_actions_of_noted_reads_as_well() -> None:
    assert audit_action_problems('audit_read(action="marac.meeting_view", obj=m)\n', app="marac", where="x.py")
    assert not audit_action_problems('audit_read(action="marac.meeting.view", obj=m)\n', app="marac", where="x.py")


def test_it_finds_an_audit_action_built_at_run_time() -> None:
    source = 'audit_record(action=f"cases.case.{verb}", by=user)\n'
    assert audit_action_problems(source, app="cases", where="x.py")
    table = 'ACTIONS = {"a": "cases.case.open", "b": "cases.case_closed"}\naudit_record(action=ACTIONS[k], by=user)\n'
    assert audit_action_problems(table, app="cases", where="x.py")


def test_it_finds_an_old_audit_name_written_anywhere() -> None:
    assert legacy_name_problems('assert entry.action == "marac.meeting_cancel"\n', where="x.py")
    assert not legacy_name_problems('assert entry.action == "marac.meeting.cancel"\n', where="x.py")


@pytest.mark.parametrize("parameter", ["actor", "created_by", "accepted_by"])
def test_it_finds_an_acting_user_named_another_way(parameter: str) -> None:
    source = f"def case_close(*, case, {parameter}):\n    pass\n"
    assert acting_user_problems(source, where="x.py")
    assert not acting_user_problems("def case_close(*, case, by):\n    pass\n", where="x.py")


@pytest.mark.parametrize(
    ("route", "name", "view", "found"),
    [
        ("referrals/<uuid:referral_id>/", "referral_detail", "referral_detail", False),
        ("referrals/<uuid:pk>/", "referral_detail", "referral_detail", True),
        ("referrals/<uuid:pk>/tasks/<uuid:task_pk>/", "task_complete", "task_complete", True),
        ("referrals/<uuid:referral>/", "referral_detail", "referral_detail", True),
        ("referrals/<uuid:referral_id>/", "detail", "referral_detail", True),
        ("referrals/<uuid:referral_id>/", "referral_show", "referral_detail", True),
    ],
)
def test_it_finds_a_url_named_another_way(route: str, name: str, view: str, found: bool) -> None:
    assert bool(url_problems(route, name=name, view_name=view, has_default_args=False)) is found


def test_it_finds_view_decorators_spelt_or_ordered_another_way() -> None:
    good = '@require_permission("x")\n@require_http_methods(["GET"])\ndef v(request):\n    pass\n'
    swapped = '@require_http_methods(["GET"])\n@require_permission("x")\ndef v(request):\n    pass\n'
    other = '@require_permission("x")\n@require_GET\ndef v(request):\n    pass\n'
    missing = "@public_view\ndef v(request):\n    pass\n"
    assert not view_decorator_problems(good, where="x.py")
    assert all(view_decorator_problems(source, where="x.py") for source in (swapped, other, missing))
