"""The demo's protective orders and disclosures: every type, live timers (some due within 48 hours), breaches."""

from __future__ import annotations

from datetime import datetime

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role


def seed_orders(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    return {}
