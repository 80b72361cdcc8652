"""Registries through which apps above referrals take part in the referral pathway (ADR 0009).

- ``ON_REFERRAL_ACCEPTED``: called inside ``referral_accept``'s transaction with the referral (its
  case linked), the accepting user, the agency that accepted and the request. MARAC uses it: a
  referral routed to a MARAC coordinating agency and accepted there enters the MARAC queue.
- ``DASH_SCALE``: the SafeLives DASH in force on a date (its highest score, and the band a score
  falls in), registered by the risk app, which owns the versioned question set and thresholds. A
  referral reporting a DASH score is checked against it. With nothing registered, no check is made.
- ``ROUTE_NAMED_SERVICE``: called with the id of the routing rule that routed a referral; returns what the
  referral page shows under that route about the service the rule names (its name, and the lines saying
  how to reach it), or None. The provision app registers the service directory's entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from vawg.accounts.models import Organisation, User
    from vawg.referrals.models import Referral

ON_REFERRAL_ACCEPTED: list[Callable[[Referral, User, Organisation, Any], None]] = []
ROUTE_NAMED_SERVICE: list[Callable[[Any], tuple[str, list[str]] | None]] = []


class DashScale(Protocol):
    def max_score(self, on: date) -> int:
        """The highest SafeLives DASH score on ``on`` (the number of questions in the version in force)."""
        ...

    def band(self, score: int, on: date) -> str:
        """The risk level ("standard", "medium" or "high") a score falls in on ``on``."""
        ...


DASH_SCALE: list[DashScale] = []
