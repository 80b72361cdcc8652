"""Rate counts under parallel requests (PostgreSQL only; a file of its own: see vawg/core/tests/threads.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import RequestFactory

from vawg.audit.services import audit_repeat_take, rate_allowance_take, rate_key
from vawg.core.tests.threads import run_together

ADDRESS = "192.0.2.10"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_the_allowance_through_and_one_first_when_calls_arrive_together(time_machine: Any) -> None:
    time_machine.move_to(START + timedelta(seconds=10), tick=False)
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS)

    allowed = run_together(
        8, lambda: rate_allowance_take(key=rate_key(ADDRESS), scope="test.throttle", window=60, allowed=4)
    )
    firsts = run_together(8, lambda: audit_repeat_take(action="api.call.serve", request=request))

    assert sorted(allowed) == [False] * 4 + [True] * 4
    assert sorted(firsts, key=lambda first: first or 0) == [None] * 7 + [1]
