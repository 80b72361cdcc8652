"""Registers every permission in ``PERMISSIONS`` (vawg/accounts/roles.py) with django-rules.

``user.has_perm("audit.view_audit_log")`` is true when the user is active and
holds, through an active membership of an active agency, a role that has it.
"""

from __future__ import annotations

from typing import Any

import rules

from vawg.accounts.roles import PERMISSIONS


def _make_predicate(perm: str) -> rules.Predicate:
    holders = PERMISSIONS[perm][1]

    @rules.predicate(name=f"holds:{perm}")
    def holds(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return bool(user.active_roles() & holders)

    return holds


for _perm in PERMISSIONS:
    rules.add_perm(_perm, _make_predicate(_perm))
