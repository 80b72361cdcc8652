"""Who may see the audit log's pages.

``may_view_record_access`` is the one gate for "Who has accessed this record":
holders of ``audit.view_record_access`` see any record's; apps above audit add
rules for their own object types in ``RECORD_ACCESS_RULES`` (registered in their
AppConfig.ready(), so audit never imports them). The cases app lets a case's
managers see who has accessed the case and its victim's contact details.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# object type ("app_label.model") -> rule(user, object_id): True lets the user see that record's accesses.
RECORD_ACCESS_RULES: dict[str, Callable[[Any, str], bool]] = {}


def may_view_record_access(user: Any, *, object_type: str, object_id: str) -> bool:
    if user.has_perm("audit.view_record_access"):
        return True
    rule = RECORD_ACCESS_RULES.get(object_type)
    return bool(rule is not None and rule(user, object_id))
