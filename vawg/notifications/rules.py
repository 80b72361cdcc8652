"""Pure rules for sending staff notifications: when to try again after a failure."""

from __future__ import annotations

from datetime import timedelta

from vawg.notifications import config


def backoff(*, attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1 is the first): doubling, capped."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    doublings = min(attempt - 1, 30)  # past the cap long before this; keeps the arithmetic small
    return min(config.BACKOFF_BASE * (1 << doublings), config.BACKOFF_CAP)


def retry_after(*, status_code: int, attempt: int) -> timedelta | None:
    """The wait before trying again after ``status_code`` on attempt ``attempt``, or None to give up.

    429 and 5xx are tried again until ``MAX_ATTEMPTS``; anything else (400 bad request, 403 key or clock
    problem) is never retried, since sending the same request again would fail the same way.
    """
    if status_code not in config.RETRYABLE_STATUS or attempt >= config.MAX_ATTEMPTS:
        return None
    return backoff(attempt=attempt)
