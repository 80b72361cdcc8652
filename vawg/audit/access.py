"""Who may see the audit log's pages.

``may_view_record_access`` is the one gate for "Who has accessed this record".
Today it is a function-level permission; case owners will be let in here too
(the object type and id are passed for that), without changing the view.
"""

from __future__ import annotations

from typing import Any


def may_view_record_access(user: Any, *, object_type: str, object_id: str) -> bool:
    return bool(user.has_perm("audit.view_record_access"))
