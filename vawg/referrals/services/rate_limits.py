"""The public self-referral forms' rate limit: a counter per client address and window, in the database.

The count is taken under a row lock, so parallel submissions cannot all read the same count and all
get through (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every writing transaction already
runs alone). Windows are fixed (the hour from :00, the day from midnight UTC), so a burst across
the end of an hour can reach twice the hourly allowance; the daily allowance still holds.

The counters are not audited: they say nothing about a person, and the referral a counted
submission makes writes its own audit entry.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vawg.audit.services import window_start
from vawg.referrals.models import SelfReferralRateCount

# Per client address: (window in seconds, most submissions allowed in it).
RATE_LIMITS = ((60 * 60, 5), (24 * 60 * 60, 20))
LONGEST_WINDOW = max(window for window, _ in RATE_LIMITS)
UNKNOWN_CLIENT = "unknown"


def rate_client_key(client_ip: str | None) -> str:
    """The address as the counters store it: keyed with the secret key, so never the address itself."""
    return salted_hmac("vawg.referrals.self-referral-rate", client_ip or UNKNOWN_CLIENT, algorithm="sha256").hexdigest()


@transaction.atomic
def self_referral_allowance_take(*, client_ip: str | None) -> bool:
    """Count one self-referral from ``client_ip``. False (and nothing counted) when the address has
    used up any window's allowance in ``RATE_LIMITS``."""
    now = timezone.now()
    SelfReferralRateCount.objects.filter(window_start__lt=now - timedelta(seconds=LONGEST_WINDOW)).delete()
    key = rate_client_key(client_ip)
    counters = []
    # Always in the order of RATE_LIMITS, so two submissions never wait for each other's locks.
    for window, allowed in RATE_LIMITS:
        counter, _ = SelfReferralRateCount.objects.select_for_update().get_or_create(
            client_key=key, window_seconds=window, window_start=window_start(now, window)
        )
        if counter.count >= allowed:
            return False
        counters.append(counter.pk)
    SelfReferralRateCount.objects.filter(pk__in=counters).update(count=F("count") + 1)
    return True
