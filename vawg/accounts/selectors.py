"""Reads for the signed-in user's own pages: the counts on "My work" (docs/my-work.md)."""

from __future__ import annotations

from vawg.accounts.hooks import MY_WORK, WorkCount
from vawg.accounts.models import User


def my_work_entries(user: User) -> list[WorkCount]:
    """The registered counts ``user``'s permissions cover, in page order."""
    return [entry for entry in sorted(MY_WORK.values(), key=lambda e: e.order) if user.has_perm(entry.permission)]


def my_work_counts(user: User) -> dict[str, int]:
    """Every registered count by key: the rows its list shows ``user``, or 0 where their permissions do
    not cover it. One query per covered count, however large the caseload."""
    covered = {entry.key: entry.count(user) for entry in my_work_entries(user)}
    return {key: covered.get(key, 0) for key in sorted(MY_WORK, key=lambda k: MY_WORK[k].order)}
