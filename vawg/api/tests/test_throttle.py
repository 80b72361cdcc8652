"""Calls without a usable token: throttled per client address (429 before anything is written),
audited once a minute per address with a count, and a long path kept short."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from vawg.accounts.models import User
from vawg.api.services import MAX_LOGGED_PATH
from vawg.api.tests.conftest import api_calls, bearer
from vawg.audit.models import AuditEntry, RateCount

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 8, 0, 5, tzinfo=UTC)
ALLOWED = 5


@pytest.fixture(autouse=True)
def _small_allowance(settings: Any, time_machine: Any) -> None:
    settings.API_UNAUTHENTICATED_PER_MINUTE = ALLOWED
    time_machine.move_to(START, tick=False)


def test_it_answers_429_past_the_allowance_and_writes_nothing(client: Client) -> None:
    statuses = [client.get("/api/v1/me").status_code for _ in range(ALLOWED)]
    entries, counters = AuditEntry.objects.count(), list(RateCount.objects.values_list("id", "count"))

    refused = client.get(f"/api/v1/{'x' * 150}")

    assert statuses == [401] * ALLOWED
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests"}
    assert refused["Retry-After"] == "60"
    assert AuditEntry.objects.count() == entries
    assert list(RateCount.objects.values_list("id", "count")) == counters


def test_it_allows_the_address_again_the_next_minute(client: Client, time_machine: Any) -> None:
    for _ in range(ALLOWED + 1):
        client.get("/api/v1/health")

    time_machine.move_to(START + timedelta(minutes=1), tick=False)

    assert client.get("/api/v1/health").status_code == 200


def test_it_throttles_each_client_address_on_its_own(client: Client) -> None:
    for _ in range(ALLOWED):
        client.get("/api/v1/me")

    assert Client(REMOTE_ADDR="192.0.2.20").get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 429


def test_it_throttles_the_address_the_trusted_proxy_saw(settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1

    def call(address: str) -> int:
        forwarded = f"203.0.113.9, {address}"
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).get("/api/v1/me").status_code

    assert [call("198.51.100.7") for _ in range(ALLOWED + 1)] == [401] * ALLOWED + [429]
    assert call("198.51.100.8") == 401  # the proxy's own address is not the client


def test_it_does_not_throttle_calls_with_a_token(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    token = make_token(idva_a)
    for _ in range(ALLOWED):
        client.get("/api/v1/me")

    assert client.get("/api/v1/me", **bearer(token)).status_code == 200
    assert client.get("/api/v1/me").status_code == 429


def test_it_audits_unauthenticated_calls_once_a_minute_with_a_count(client: Client, time_machine: Any) -> None:
    for _ in range(3):
        client.get("/api/v1/me")
    (first,) = api_calls()

    time_machine.move_to(START + timedelta(minutes=1), tick=False)
    client.get("/api/v1/health")

    second = api_calls()[-1]
    assert len(api_calls()) == 2
    assert (first.details["attempts"], first.details["path"]) == (1, "/api/v1/me")
    # The next entry stands for itself and the two calls that were counted, not logged.
    assert (second.details["attempts"], second.details["path"]) == (3, "/api/v1/health")
    assert second.system_job == "api" and second.details["reason"] == "unauthenticated"


def test_it_audits_every_call_with_a_token(client: Client, idva_a: User, make_token: Callable[..., str]) -> None:
    token = make_token(idva_a)
    for _ in range(3):
        client.get("/api/v1/me", **bearer(token))

    assert len(api_calls()) == 3
    assert all("attempts" not in entry.details for entry in api_calls())


@pytest.mark.parametrize(
    ("length", "kept"),
    [
        (MAX_LOGGED_PATH, MAX_LOGGED_PATH),
        (MAX_LOGGED_PATH + 1, MAX_LOGGED_PATH),
        (5000, MAX_LOGGED_PATH),
    ],
)
def test_it_keeps_at_most_the_first_part_of_a_long_path_marked_as_cut(client: Client, length: int, kept: int) -> None:
    path = "/api/v1/" + "a" * (length - len("/api/v1/"))

    client.get(path)

    (entry,) = api_calls()
    assert len(entry.details["path"]) == kept
    if length > MAX_LOGGED_PATH:
        assert entry.details["path"] == path[: MAX_LOGGED_PATH - 1] + "\u2026"
    else:
        assert entry.details["path"] == path
