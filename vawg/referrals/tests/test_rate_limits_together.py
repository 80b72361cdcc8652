"""The self-referral rate limit under parallel submissions (PostgreSQL only; a file of its own: see
vawg/core/tests/threads.py). SQLite's in-memory test database refuses a second writer ("table is
locked") instead of making it wait; the file database in use outside tests makes writers queue
(BEGIN IMMEDIATE with a busy timeout, vawg/settings.py), so only one counts at a time there."""

from __future__ import annotations

from typing import Any

import pytest

from vawg.core.tests.threads import run_together
from vawg.referrals.models import SelfReferralRateCount
from vawg.referrals.services import RATE_LIMITS, self_referral_allowance_take

HOURLY = dict(RATE_LIMITS)[60 * 60]
ADDRESS = "192.0.2.10"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_the_allowance_through_when_submissions_arrive_together(time_machine: Any) -> None:
    time_machine.move_to("2026-03-02 08:10 +00:00", tick=False)

    results = run_together(HOURLY * 2, lambda: self_referral_allowance_take(client_ip=ADDRESS))

    assert sorted(results) == [False] * HOURLY + [True] * HOURLY
    assert SelfReferralRateCount.objects.get(window_seconds=60 * 60).count == HOURLY
