"""Rules the audit app asks (through vawg/audit/hooks.py RECORD_ACCESS_RULES) about case records.

Whoever may manage a case (``cases.manage_case`` at the owning agency, and the case visible to
them through the gate) may see who has accessed it, and who has seen its victim's contact details.
"""

from __future__ import annotations

import uuid
from typing import Any

from vawg.cases.models import Case


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def may_see_case_accesses(user: Any, object_id: str) -> bool:
    pk = _uuid(object_id)
    return pk is not None and Case.objects.managed_by(user).filter(pk=pk).exists()


def may_see_victim_accesses(user: Any, object_id: str) -> bool:
    pk = _uuid(object_id)
    return pk is not None and Case.objects.managed_by(user).filter(victim_id=pk).exists()
