"""Registers every permission in ``PERMISSIONS`` (vawg/accounts/roles.py) with django-rules.

``user.has_perm("audit.view_audit_log")`` is true when the user is active and
holds, through an active membership of an active agency, a role that has it.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate, predicate

from vawg.accounts.roles import PERMISSIONS


def _make_predicate(perm: str) -> Predicate:
    holders = PERMISSIONS[perm][1]

    def holds(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return bool(user.active_roles() & holders)

    # django-rules is untyped: its decorator and add_perm are the third-party boundary.
    made: Predicate = predicate(holds, name=f"holds:{perm}")  # type: ignore[no-untyped-call]
    return made


for _perm in PERMISSIONS:
    add_perm(_perm, _make_predicate(_perm))  # type: ignore[no-untyped-call]
