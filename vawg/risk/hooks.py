"""Registries through which an app above risk (marac) takes part in risk's services.

Each is called inside the service's transaction, after the row is saved and audited, so what the
callback writes commits or rolls back with it. Callbacks write through their own services (with
their own audit entries); they never change the risk rows.

- ``LAST_MARAC_REFERRAL``: the last MARAC referral date for a case's victim on or before a date,
  and a source label (ids only), for the repeat criterion. With no provider there is none.
- ``ON_DASH_ASSESSED``: after a DASH assessment is stored (a MARAC-eligible one enters the queue).
- ``ON_INCIDENT_RECORDED``: after an incident is recorded (a repeat within 12 months of the last
  MARAC referral returns the case to the coordinator's queue, even below threshold).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import User
    from vawg.cases.models import Case
    from vawg.risk.models import DashAssessment, Incident


@dataclass(frozen=True)
class MaracReferralDate:
    referred_on: date
    source: str  # for the evidence, for example "marac_referral:<id>"


LAST_MARAC_REFERRAL: list[Callable[[Case, date], MaracReferralDate | None]] = []
ON_DASH_ASSESSED: list[Callable[[DashAssessment, User, Any], None]] = []
ON_INCIDENT_RECORDED: list[Callable[[Incident, User, Any], None]] = []


def last_marac_referral(case: Case, on: date) -> MaracReferralDate | None:
    """The most recent MARAC referral date any provider knows for ``case`` on or before ``on``."""
    found = [hit for provider in LAST_MARAC_REFERRAL if (hit := provider(case, on)) is not None]
    return max(found, key=lambda hit: hit.referred_on, default=None)
