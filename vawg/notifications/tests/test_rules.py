"""The back-off schedule and which gateway answers are tried again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from vawg.notifications import config, rules


@pytest.mark.parametrize(
    ("attempt", "wait"),
    [
        (1, timedelta(seconds=30)),
        (2, timedelta(seconds=60)),
        (3, timedelta(seconds=120)),
        (5, timedelta(seconds=480)),
        (7, timedelta(seconds=1920)),
        (8, timedelta(hours=1)),  # 3840 s, capped
        (20, timedelta(hours=1)),
    ],
)
def test_it_doubles_the_wait_after_each_failure_up_to_the_cap(attempt: int, wait: timedelta) -> None:
    assert rules.backoff(attempt=attempt) == wait


def test_it_refuses_an_attempt_before_the_first() -> None:
    with pytest.raises(ValueError, match="from 1"):
        rules.backoff(attempt=0)


@pytest.mark.parametrize(
    ("status_code", "attempt", "wait"),
    [
        (429, 1, timedelta(seconds=30)),
        (500, 2, timedelta(seconds=60)),
        (503, 1, timedelta(seconds=30)),
        (502, 1, timedelta(seconds=30)),
        (429, config.MAX_ATTEMPTS - 1, rules.backoff(attempt=config.MAX_ATTEMPTS - 1)),
        (429, config.MAX_ATTEMPTS, None),  # out of attempts
        (500, config.MAX_ATTEMPTS, None),
        (400, 1, None),  # bad request: the same request would fail the same way
        (403, 1, None),  # key or clock problem: needs a person
        (404, 1, None),
    ],
)
def test_it_retries_only_rate_limits_and_server_errors(status_code: int, attempt: int, wait: timedelta | None) -> None:
    assert rules.retry_after(status_code=status_code, attempt=attempt) == wait
