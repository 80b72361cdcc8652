"""The demo's drive part of the behaviour-change programmes."""

from __future__ import annotations

from datetime import datetime

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role


def seed_drive(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    return {}
