"""Registries through which apps above accounts take part in accounts' services and pages (ADR 0009).

- ``ON_USER_DISABLED``: called with the user inside ``user_disable``'s transaction, after their
  sessions end and before the audit entry. The API app revokes the user's tokens here.
- ``MY_WORK``: the counts on "My work" (the staff home page and ``GET /api/v1/me/work``). Each app
  above accounts registers its own ``WorkCount`` entries in its AppConfig.ready() with
  ``my_work_register``. A count must be the number of rows its list (``url_name`` and ``query``)
  shows to the same user, built from the same QuerySet method and through the record's gate,
  in one database query whatever the caseload (docs/my-work.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vawg.accounts.models import User

ON_USER_DISABLED: list[Callable[[User], None]] = []


@dataclass(frozen=True)
class WorkCount:
    """One count on "My work".

    ``key`` is stable (the API field name); ``permission`` is needed to see it (without it the count
    is 0 and the home page leaves it out); ``count(user)`` answers in one query; ``url_name`` and
    ``query`` name the list showing exactly the counted rows; ``order`` places it on the page.
    """

    key: str
    label: str
    permission: str
    count: Callable[[User], int]
    url_name: str
    query: str = ""
    order: int = 0


MY_WORK: dict[str, WorkCount] = {}


def my_work_register(entry: WorkCount) -> None:
    """Add (or replace, so ready() may run twice) the count with ``entry.key``."""
    MY_WORK[entry.key] = entry
