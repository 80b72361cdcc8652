"""Who may read the audit log's pages (the per-record rules come from vawg/audit/hooks.py)."""

from __future__ import annotations

from typing import Any

from vawg.audit.hooks import RECORD_ACCESS_RULES


def may_view_record_access(user: Any, *, object_type: str, object_id: str) -> bool:
    """Whether ``user`` may see who has accessed the record: every record for holders of
    ``audit.view_record_access``, else whatever the record type's registered rule says."""
    if user.has_perm("audit.view_record_access"):
        return True
    rule = RECORD_ACCESS_RULES.get(object_type)
    return bool(rule is not None and rule(user, object_id))
