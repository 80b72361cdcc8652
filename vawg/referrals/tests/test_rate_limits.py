"""The self-referral rate limit: counted in the database, atomically, per hashed client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from vawg.referrals.models import SelfReferralRateCount
from vawg.referrals.services import RATE_LIMITS, rate_client_key, self_referral_allowance_take
from vawg.referrals.services.rate_limits import window_start

HOURLY = dict(RATE_LIMITS)[60 * 60]
DAILY = dict(RATE_LIMITS)[24 * 60 * 60]
ADDRESS = "192.0.2.10"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moments", "last_allowed"),
    [
        # (minutes after 08:00 on 2 March 2026 of each earlier submission, is one more at 08:59 allowed?)
        ([0] * (HOURLY - 1), True),
        ([0] * HOURLY, False),
        ([0, 10, 20, 30, 59][:HOURLY], False),
        ([-60] * HOURLY, True),  # the hour before is over
        ([-60 * 4] * HOURLY + [-60 * 3] * HOURLY + [-60 * 2] * HOURLY + [-60] * (HOURLY - 1), True),
        ([-60 * 5] * HOURLY + [-60 * 4] * HOURLY + [-60 * 3] * HOURLY + [-60 * 2] * HOURLY, False),  # 20 today
        ([-60 * 9] * HOURLY + [-60 * 8] * HOURLY + [-60 * 7] * HOURLY + [-60 * 6] * HOURLY, True),  # yesterday
    ],
)
def test_it_counts_each_window_separately(time_machine: Any, moments: list[int], last_allowed: bool) -> None:
    assert HOURLY * 4 == DAILY  # the cases above are written for 5 an hour and 20 a day
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    for minutes in moments:
        time_machine.move_to(start + timedelta(minutes=minutes), tick=False)
        assert self_referral_allowance_take(client_ip=ADDRESS)

    time_machine.move_to(start + timedelta(minutes=59), tick=False)

    assert self_referral_allowance_take(client_ip=ADDRESS) is last_allowed


@pytest.mark.django_db
def test_it_counts_nothing_for_a_refused_submission(time_machine: Any) -> None:
    time_machine.move_to("2026-03-02 08:00 +00:00", tick=False)
    for _ in range(HOURLY + 3):
        self_referral_allowance_take(client_ip=ADDRESS)

    assert {row.window_seconds: row.count for row in SelfReferralRateCount.objects.all()} == {
        60 * 60: HOURLY,
        24 * 60 * 60: HOURLY,
    }


@pytest.mark.django_db
def test_it_does_not_limit_other_addresses(time_machine: Any) -> None:
    time_machine.move_to("2026-03-02 08:00 +00:00", tick=False)
    for _ in range(HOURLY):
        self_referral_allowance_take(client_ip=ADDRESS)

    assert self_referral_allowance_take(client_ip="192.0.2.11")
    assert not self_referral_allowance_take(client_ip=ADDRESS)


@pytest.mark.django_db
def test_it_never_stores_the_address(time_machine: Any) -> None:
    time_machine.move_to("2026-03-02 08:00 +00:00", tick=False)

    self_referral_allowance_take(client_ip=ADDRESS)

    keys = set(SelfReferralRateCount.objects.values_list("client_key", flat=True))
    assert keys == {rate_client_key(ADDRESS)}
    assert ADDRESS not in next(iter(keys))
    assert rate_client_key(ADDRESS) != rate_client_key("192.0.2.11")


@pytest.mark.django_db
def test_it_deletes_counters_older_than_the_longest_window(time_machine: Any) -> None:
    time_machine.move_to("2026-03-01 08:00 +00:00", tick=False)
    self_referral_allowance_take(client_ip=ADDRESS)
    time_machine.move_to("2026-03-02 09:00 +00:00", tick=False)

    self_referral_allowance_take(client_ip="192.0.2.11")

    assert set(SelfReferralRateCount.objects.values_list("client_key", flat=True)) == {rate_client_key("192.0.2.11")}


@pytest.mark.parametrize(
    ("at", "window", "start"),
    [
        ("2026-03-02 08:00:00", 3600, "2026-03-02 08:00:00"),
        ("2026-03-02 08:59:59", 3600, "2026-03-02 08:00:00"),
        ("2026-03-02 23:59:59", 86400, "2026-03-02 00:00:00"),
        ("2026-03-03 00:00:00", 86400, "2026-03-03 00:00:00"),
    ],
)
def test_it_starts_windows_on_the_hour_and_at_midnight_utc(at: str, window: int, start: str) -> None:
    moment = datetime.fromisoformat(at).replace(tzinfo=UTC)

    assert window_start(moment, window) == datetime.fromisoformat(start).replace(tzinfo=UTC)
