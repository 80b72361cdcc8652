"""The demo's protective orders, disclosures and breaches (orders.py), planned from the demo's anchored "now".

Each part returns the counts of what it created (nothing on a later run)."""

from __future__ import annotations

from datetime import datetime

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.nonprod.demo.justice.orders import seed_orders


def seed_justice(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    created: dict[str, int] = {}
    created.update(seed_orders(seed=seed, now=now, organisations=organisations, accounts=accounts))
    return created
