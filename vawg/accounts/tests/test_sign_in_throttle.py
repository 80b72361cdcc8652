"""Sign-in throttles: lockouts per account and client address, the slower account-wide limit, the
allowance of failed steps per client address, and one audit entry a minute for repeated failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client

from vawg.accounts.models import User
from vawg.accounts.services import account_failures, lockout_clear
from vawg.accounts.tests.factories import TOTPDeviceFactory, wrong_totp_code
from vawg.audit.models import AuditEntry, RateCount

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SIGN_IN = "/sign-in/"
CODE = "/sign-in/code/"
# Five minutes past the hour: every test's attempts fall in one clock hour and within one cool-off.
START = datetime(2026, 3, 2, 8, 5, tzinfo=UTC)
ADDRESS_A, ADDRESS_B = "192.0.2.1", "192.0.2.2"


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)


@pytest.fixture
def device(idva_a: User) -> Any:
    return TOTPDeviceFactory(user=idva_a)


def _from(address: str, **headers: str) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


def _password(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post(SIGN_IN, {"email": email, "password": password})


def _fail(email: str, address: str, times: int) -> list[int]:
    return [_password(_from(address), email, "wrong password").status_code for _ in range(times)]


def test_it_keeps_an_account_locked_from_one_address_open_from_another(idva_a: User, device: Any) -> None:
    assert _fail(idva_a.email, ADDRESS_A, 10) == [200] * 9 + [429]
    assert _password(_from(ADDRESS_A), idva_a.email).status_code == 429

    assert _password(_from(ADDRESS_B), idva_a.email)["Location"] == CODE


def test_it_does_not_extend_a_lock_with_refusals_while_locked(idva_a: User, device: Any, time_machine: Any) -> None:
    _fail(idva_a.email, ADDRESS_A, 10)
    time_machine.move_to(START + timedelta(minutes=10), tick=False)
    assert _fail(idva_a.email, ADDRESS_A, 5) == [429] * 5

    time_machine.move_to(START + timedelta(minutes=15, seconds=1), tick=False)

    assert _password(_from(ADDRESS_A), idva_a.email)["Location"] == CODE


def test_it_locks_the_account_from_every_address_after_the_account_wide_limit(
    idva_a: User, device: Any, settings: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURES_PER_MINUTE = 100
    addresses = [f"192.0.2.{10 + n}" for n in range(5)]
    for address in addresses:  # 9 each: no address reaches its own lock
        assert _fail(idva_a.email, address, 9) == [200] * 9
    assert account_failures(email=idva_a.email) == 45
    assert _password(_from(ADDRESS_B), idva_a.email)["Location"] == CODE  # 45 of 50: still open
    AccessAttempt.objects.filter(ip_address=ADDRESS_B).delete()

    assert _fail(idva_a.email, "192.0.2.20", 5) == [200] * 5

    assert _password(_from(ADDRESS_B), idva_a.email).status_code == 429
    assert _password(_from("192.0.2.99"), idva_a.email).status_code == 429


def test_it_counts_an_unknown_email_towards_the_account_wide_limit_like_a_known_one(
    idva_a: User, settings: Any
) -> None:
    """Otherwise a distributed attacker could tell accounts from other emails by which ones lock."""
    settings.LOGIN_ADDRESS_FAILURES_PER_MINUTE = 100
    for email in (idva_a.email, "nobody@example.invalid"):
        for n in range(5):
            _fail(email, f"192.0.2.{10 + n}", 9)
        _fail(email, "192.0.2.20", 5)

    known = _password(_from(ADDRESS_B), idva_a.email)
    unknown = _password(_from(ADDRESS_B), "nobody@example.invalid")

    assert known.status_code == unknown.status_code == 429
    assert not RateCount.objects.filter(key__contains="nobody").exists()


def test_it_lets_one_address_lock_only_itself_however_long_it_tries(
    idva_a: User, device: Any, settings: Any, time_machine: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURES_PER_MINUTE = 100
    for minutes in (0, 16, 32):  # a new lock every cool-off, 30 wrong passwords and many refusals
        time_machine.move_to(START + timedelta(minutes=minutes), tick=False)
        _fail(idva_a.email, ADDRESS_A, 20)

    assert account_failures(email=idva_a.email) == 30
    assert _password(_from(ADDRESS_B), idva_a.email)["Location"] == CODE


def test_it_counts_wrong_codes_towards_the_account_wide_limit(idva_a: User, device: Any, settings: Any) -> None:
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    statuses = []
    for address in ("192.0.2.10", "192.0.2.11", "192.0.2.12"):
        client = _from(address)
        assert _password(client, idva_a.email)["Location"] == CODE
        statuses.append(client.post(CODE, {"code": wrong_totp_code(device)}).status_code)

    assert statuses == [200, 200, 429]  # the third reaches the limit
    assert _password(_from(ADDRESS_B), idva_a.email).status_code == 429


def test_it_lifts_the_account_wide_lock_with_the_lockout(
    idva_a: User, device: Any, settings: Any, admin_user: User
) -> None:
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    for address in ("192.0.2.10", "192.0.2.11", "192.0.2.12"):
        _fail(idva_a.email, address, 1)
    assert _password(_from(ADDRESS_B), idva_a.email).status_code == 429

    lockout_clear(attempt=AccessAttempt.objects.filter(username=idva_a.email).first(), by=admin_user)

    assert account_failures(email=idva_a.email) == 0
    assert _password(_from(ADDRESS_B), idva_a.email)["Location"] == CODE


def test_it_lifts_the_account_wide_lock_the_next_hour(
    idva_a: User, device: Any, settings: Any, time_machine: Any
) -> None:
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    for address in ("192.0.2.10", "192.0.2.11", "192.0.2.12"):
        _fail(idva_a.email, address, 1)
    assert _password(_from(ADDRESS_B), idva_a.email).status_code == 429

    time_machine.move_to(START.replace(hour=9), tick=False)

    assert _password(_from(ADDRESS_B), idva_a.email)["Location"] == CODE


def test_it_locks_by_the_address_the_trusted_proxy_saw(idva_a: User, device: Any, settings: Any) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1

    def via_proxy(address: str) -> Client:
        return _from("10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.9, {address}")

    for _ in range(10):
        _password(via_proxy(ADDRESS_A), idva_a.email, "wrong password")

    assert AccessAttempt.objects.get().ip_address == ADDRESS_A
    assert _password(via_proxy(ADDRESS_A), idva_a.email).status_code == 429
    assert _password(via_proxy(ADDRESS_B), idva_a.email)["Location"] == CODE


def test_it_answers_429_to_an_address_past_its_failures_before_writing_anything(
    idva_a: User, device: Any, settings: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURES_PER_MINUTE = 5
    emails = [f"nobody{n}@example.invalid" for n in range(5)]
    assert [_password(_from(ADDRESS_A), email, "wrong").status_code for email in emails] == [200] * 5
    written = (AuditEntry.objects.count(), AccessAttempt.objects.count(), list(RateCount.objects.values("id", "count")))

    refused = _password(_from(ADDRESS_A), idva_a.email)
    code_step = _from(ADDRESS_A).post(CODE, {"code": "123456"})

    assert refused.status_code == code_step.status_code == 429
    assert "Try again later" in refused.content.decode()
    assert (
        AuditEntry.objects.count(),
        AccessAttempt.objects.count(),
        list(RateCount.objects.values("id", "count")),
    ) == written
    assert _password(_from(ADDRESS_B), idva_a.email)["Location"] == CODE


def test_it_audits_repeated_failures_once_a_minute_with_a_count(idva_a: User, time_machine: Any) -> None:
    for n in range(4):
        _password(_from(ADDRESS_A), f"nobody{n}@example.invalid", "wrong")
    _password(_from(ADDRESS_A), idva_a.email, "wrong")
    _password(_from(ADDRESS_B), "nobody@example.invalid", "wrong")
    failures = AuditEntry.objects.filter(action="accounts.user.sign_in_fail")

    # One for unknown emails from A, one for the account from A, one from B.
    assert [(entry.ip, entry.object_id, entry.details["attempts"]) for entry in failures] == [
        (ADDRESS_A, "", 1),
        (ADDRESS_A, str(idva_a.pk), 1),
        (ADDRESS_B, "", 1),
    ]

    time_machine.move_to(START + timedelta(minutes=1), tick=False)
    _password(_from(ADDRESS_A), "nobody@example.invalid", "wrong")

    latest = failures.order_by("-seq").first()
    assert latest is not None and (latest.ip, latest.details["attempts"]) == (ADDRESS_A, 4)
