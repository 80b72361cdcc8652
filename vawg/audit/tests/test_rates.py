"""Counting anonymous clients: throttles, and repeats that share one audit entry a minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import RequestFactory

from vawg.audit.models import RateCount
from vawg.audit.services import (
    REPEAT_WINDOW,
    audit_repeat_take,
    rate_allowance_take,
    rate_count_clear,
    rate_count_get,
    rate_key,
)

ADDRESS = "192.0.2.10"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _request(address: str = ADDRESS) -> Any:
    return RequestFactory().get("/", REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        # (seconds after 08:00 of each call, what audit_repeat_take says for each)
        ([0], [1]),
        ([0, 1, 59], [1, None, None]),
        ([0, 60], [1, 1]),  # one call a minute: nothing to carry
        ([0, 10, 20, 60], [1, None, None, 3]),  # the next entry stands for itself and the two repeats
        ([0, 10, 60, 70, 600], [1, None, 2, None, 2]),
        ([0, 10, 20, 3600], [1, None, None, 3]),  # repeats wait for the client's next entry
    ],
)
def test_it_writes_one_entry_a_minute_carrying_the_repeats(
    time_machine: Any, seconds: list[int], expected: list[int | None]
) -> None:
    taken = []
    for second in seconds:
        time_machine.move_to(START + timedelta(seconds=second), tick=False)
        taken.append(audit_repeat_take(action="api.call.serve", request=_request(), subject="unauthenticated"))

    assert taken == expected


@pytest.mark.django_db
def test_it_counts_repeats_per_client_action_and_subject(time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)

    firsts = [
        audit_repeat_take(action="api.call.serve", request=_request()),
        audit_repeat_take(action="api.call.serve", request=_request("192.0.2.11")),
        audit_repeat_take(action="accounts.user.sign_in_fail", request=_request()),
        audit_repeat_take(action="accounts.user.sign_in_fail", request=_request(), subject="bad-code:1"),
    ]

    assert firsts == [1, 1, 1, 1]
    assert audit_repeat_take(action="api.call.serve", request=_request()) is None


@pytest.mark.django_db
def test_it_keeps_only_counters_with_repeats_to_carry(time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    audit_repeat_take(action="api.call.serve", request=_request("192.0.2.11"))  # once: nothing to carry
    for _ in range(3):
        audit_repeat_take(action="api.call.serve", request=_request("192.0.2.12"))

    time_machine.move_to(START + timedelta(seconds=REPEAT_WINDOW), tick=False)
    audit_repeat_take(action="api.call.serve", request=_request())

    kept = {(row.key, row.count) for row in RateCount.objects.filter(window_start=START)}
    assert kept == {(rate_key("192.0.2.12"), 3)}


@pytest.mark.django_db
def test_it_refuses_past_the_allowance_and_counts_nothing_for_a_refusal(time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    key = rate_key(ADDRESS)

    allowed = [rate_allowance_take(key=key, scope="test.throttle", window=60, allowed=3) for _ in range(5)]

    assert allowed == [True, True, True, False, False]
    assert rate_count_get(key=key, scope="test.throttle", window=60) == 3
    assert rate_allowance_take(key=rate_key("192.0.2.11"), scope="test.throttle", window=60, allowed=3)
    time_machine.move_to(START + timedelta(seconds=60), tick=False)
    assert rate_allowance_take(key=key, scope="test.throttle", window=60, allowed=3)
    # Windows that are over are deleted as new ones are taken.
    assert not RateCount.objects.filter(scope="test.throttle", window_start=START).exists()


@pytest.mark.django_db
def test_it_forgets_a_key_s_windows_when_cleared(time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    key = rate_key("idva.a@example.invalid")
    rate_allowance_take(key=key, scope="test.account", window=3600)

    assert rate_count_clear(key=key, scope="test.account") == 1
    assert rate_count_get(key=key, scope="test.account", window=3600) == 0


@pytest.mark.django_db
def test_it_never_stores_the_address_or_email() -> None:
    rate_allowance_take(key=rate_key(ADDRESS), scope="test.throttle", window=60)
    audit_repeat_take(action="api.call.serve", request=_request())

    stored = " ".join(f"{row.key} {row.scope}" for row in RateCount.objects.all())
    assert ADDRESS not in stored
    assert rate_key(ADDRESS) != rate_key("192.0.2.11")
