"""Registries through which apps above accounts take part in accounts' services (ADR 0009).

- ``ON_USER_DISABLED``: called with the user inside ``user_disable``'s transaction, after their
  sessions end and before the audit entry. The API app revokes the user's tokens here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vawg.accounts.models import User

ON_USER_DISABLED: list[Callable[[User], None]] = []
