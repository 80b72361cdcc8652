"""The demo's behaviour-change programmes (programmes.py: two programmes with referrals in every state),
partner support (partner.py) and high-harm case management (drive.py), planned from the demo's anchored "now".

Each part returns the counts of what it created (nothing on a later run)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.nonprod.demo.programmes.drive import seed_drive
from vawg.nonprod.demo.programmes.partner import seed_partner_support
from vawg.nonprod.demo.programmes.programmes import seed_programmes as seed_programme_referrals


def seed_programmes(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    created: dict[str, int] = {}
    kwargs: dict[str, Any] = {"seed": seed, "now": now, "organisations": organisations, "accounts": accounts}
    created.update(seed_programme_referrals(**kwargs))
    created.update(seed_partner_support(**kwargs))
    created.update(seed_drive(**kwargs))
    return created
