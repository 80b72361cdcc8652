"""Registry through which an app above referrals (marac) takes part in accepting a referral.

``ON_REFERRAL_ACCEPTED``: called inside ``referral_accept``'s transaction with the referral (its case
linked), the accepting user, the agency that accepted and the request. MARAC uses it: a referral
routed to a MARAC coordinating agency and accepted there enters the MARAC queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import Organisation, User
    from vawg.referrals.models import Referral

ON_REFERRAL_ACCEPTED: list[Callable[[Referral, User, Organisation, Any], None]] = []
