"""The operator documentation keeps up with the code it describes.

README.md must list every environment variable the settings read, and
docs/access-control.md every role and permission in vawg/accounts/roles.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from vawg.accounts.roles import PERMISSIONS, Role

ROOT = Path(__file__).resolve().parent.parent


def _settings_variables() -> set[str]:
    found: set[str] = set()
    for name in ("settings.py", "settings_test.py"):
        source = (ROOT / "vawg" / name).read_text(encoding="utf-8")
        found |= set(re.findall(r'env_(?:str|bool|int|list|secret)\(\s*"([A-Z][A-Z0-9_]*)"', source))
        found |= set(re.findall(r'os\.environ\.setdefault\(\s*"([A-Z][A-Z0-9_]*)"', source))
    return found


def test_it_finds_the_settings_variables() -> None:
    # Guards the regular expressions above: a pattern that matched nothing would pass the next test.
    assert {"SECRET_KEY", "DATABASE_URL", "SESSION_IDLE_MINUTES", "VAWG_DEMO"} <= _settings_variables()


def test_it_documents_every_environment_variable_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _settings_variables() if f"| `{name}` |" not in readme)
    assert not missing, f"README.md Configuration table lacks: {missing}"


def test_it_documents_every_role_and_permission() -> None:
    doc = (ROOT / "docs" / "access-control.md").read_text(encoding="utf-8")
    missing_roles = [role.value for role in Role if f"(`{role.value}`)" not in doc]
    admin_model_permission = re.compile(r"^accounts\.(view|add|change)_(user|organisation|membership|district)$")
    missing_permissions = [
        perm for perm in PERMISSIONS if not admin_model_permission.match(perm) and f"`{perm}`" not in doc
    ]
    assert not missing_roles, f"docs/access-control.md lacks roles: {missing_roles}"
    assert not missing_permissions, f"docs/access-control.md lacks permissions: {missing_permissions}"


def test_it_links_only_to_documents_that_exist() -> None:
    for name in ("README.md", "CONTRIBUTING.md", "docs/access-control.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(((?:docs/|adr/|CONTRIBUTING|README)[^)#]*)\)", text):
            base = (ROOT / name).parent
            assert (base / target).exists(), f"{name} links to missing {target}"
