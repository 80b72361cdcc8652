"""How MARAC plugs into the apps below it (called once from MaracConfig.ready()).

Filled in by the repeats/flag-and-tag work: the person flag ("referred to MARAC in the last 12
months"), the last MARAC referral date for the repeat criterion, and the callbacks that put cases
into the coordinator's queue (a MARAC-eligible DASH, an accepted front-door referral routed to a
MARAC, a new incident within 12 months of the last referral).
"""

from __future__ import annotations


def register() -> None:
    """Register MARAC's callbacks with the lower apps' registries (idempotent)."""
