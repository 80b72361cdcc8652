"""``manage.py seed_demo``: synthetic, deterministic, idempotent demo data."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.audit.models import AuditEntry
from vawg.nonprod.demo import referrals as demo_referrals
from vawg.nonprod.demo.data import DEFAULT_PASSWORD
from vawg.nonprod.models import DemoClock
from vawg.nonprod.tests.steps import LATER_STEPS, leave_out
from vawg.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def few_referrals(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the partnership: a handful of referrals keeps them fast
    (test_seed_demo_full.py checks the full demo caseload), and the later parts of the seed are left out
    (vawg/nonprod/tests/steps.py says where each is checked)."""
    monkeypatch.setattr("vawg.nonprod.demo.plans.REFERRALS", 12)
    monkeypatch.setattr("vawg.nonprod.demo.plans.RECENT", 3)
    leave_out(monkeypatch, *LATER_STEPS)


def seed(seed: int = 42, *args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, seed=seed, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "districts": District.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "devices": TOTPDevice.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def snapshot() -> dict[str, Any]:
    """Everything a seed decides, by natural key (ids are random UUIDs and are left out)."""
    return {
        "organisations": sorted(
            (o.name, o.type, o.confidential_address, tuple(sorted(o.districts.values_list("slug", flat=True))))
            for o in Organisation.objects.all()
        ),
        "users": sorted(User.objects.values_list("email", "full_name")),
        "memberships": sorted(Membership.objects.values_list("user__email", "organisation__name", "role")),
        "devices": sorted(TOTPDevice.objects.values_list("user__email", "key", "confirmed")),
        "referrals": sorted(
            Referral.objects.values_list("reference", "subject__given_name", "subject__family_name", "current_state")
        ),
    }


def fresh_run(seed_value: int) -> dict[str, Any]:
    """Seed an empty database, note what was made, and roll it all back."""
    with transaction.atomic():
        assert User.objects.count() == 0
        seed(seed_value)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def test_it_creates_the_ten_districts() -> None:
    seed()
    assert sorted(District.objects.values_list("name", flat=True)) == [
        "Broxbourne",
        "Dacorum",
        "East Hertfordshire",
        "Hertsmere",
        "North Hertfordshire",
        "St Albans",
        "Stevenage",
        "Three Rivers",
        "Watford",
        "Welwyn Hatfield",
    ]


def test_it_creates_clearly_marked_demo_agencies_of_every_type() -> None:
    seed()
    organisations = list(Organisation.objects.all())
    assert 20 <= len(organisations) <= 40
    assert {o.type for o in organisations} == set(OrganisationType.values)
    assert all(o.name.endswith("(demo)") for o in organisations)
    assert all(o.districts.exists() for o in organisations)


def test_it_gives_only_the_refuge_provider_a_confidential_address() -> None:
    seed()
    with_address = [o for o in Organisation.objects.all() if o.confidential_address]
    assert [o.type for o in with_address] == [OrganisationType.REFUGE_PROVIDER]


def test_it_creates_one_demo_account_per_role_with_a_confirmed_device() -> None:
    seed()
    for role in Role:
        user = User.objects.get(email=f"{role.value}@demo.invalid")
        assert user.is_active
        assert user.full_name
        assert user.active_roles() == {role.value}
        assert user.check_password(DEFAULT_PASSWORD)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert len(bytes.fromhex(device.key)) == 20
    caseworkers = User.objects.exclude(email__in=[f"{role.value}@demo.invalid" for role in Role])
    assert caseworkers.exists()
    # Caseworkers only work the demo referrals: no password, no authenticator, so nobody signs in as them.
    assert not any(user.has_usable_password() for user in caseworkers)
    assert not TOTPDevice.objects.filter(user__in=caseworkers).exists()


def test_it_uses_only_demo_invalid_emails() -> None:
    seed()
    assert User.objects.exists()
    assert all(email.endswith("@demo.invalid") for email in User.objects.values_list("email", flat=True))


def test_it_gives_each_role_the_permissions_of_that_role() -> None:
    seed()
    assert User.objects.get(email="admin@demo.invalid").has_perm("audit.view_audit_log")
    assert not User.objects.get(email="idva@demo.invalid").has_perm("audit.view_audit_log")
    assert User.objects.get(email="board@demo.invalid").has_perm("strategy.view_aggregates")


def test_it_makes_devices_whose_codes_verify() -> None:
    seed()
    device = TOTPDevice.objects.get(user__email="idva@demo.invalid")
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    assert device.verify_token(f"{code:06d}")


def test_it_is_idempotent() -> None:
    seed()
    before_counts, before = counts(), snapshot()
    out = seed()
    assert counts() == before_counts
    assert snapshot() == before
    assert "nothing to create" in out


def test_it_changes_no_stored_value_on_a_second_run() -> None:
    seed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, confidential_address, updated_at FROM accounts_organisation ORDER BY name")
        organisations = cursor.fetchall()
        cursor.execute("SELECT id, password, updated_at FROM accounts_user ORDER BY email")
        users = cursor.fetchall()
    seed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, confidential_address, updated_at FROM accounts_organisation ORDER BY name")
        assert cursor.fetchall() == organisations
        cursor.execute("SELECT id, password, updated_at FROM accounts_user ORDER BY email")
        assert cursor.fetchall() == users


def test_it_is_deterministic_for_a_seed() -> None:
    first = fresh_run(42)
    second = fresh_run(42)
    assert first["users"]  # a snapshot of nothing would compare equal
    assert len(first["referrals"]) == 12
    assert first == second


def test_it_makes_different_people_for_a_different_seed() -> None:
    first = fresh_run(42)
    other = fresh_run(7)
    assert first["users"] != other["users"]
    assert [row[1:3] for row in first["referrals"]] != [row[1:3] for row in other["referrals"]]
    assert [key for _, key, _ in first["devices"]] != [key for _, key, _ in other["devices"]]


def test_it_stores_no_refuge_address_in_plaintext() -> None:
    seed()
    address = Organisation.objects.get(name="Kestrel Refuge Partnership (demo)").confidential_address
    first_line = address.splitlines()[0]
    assert len(first_line) > 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT confidential_address FROM accounts_organisation")
        stored = [row[0] for row in cursor.fetchall()]
    assert all(first_line not in value for value in stored)
    assert any(value.startswith("enc1:") for value in stored)
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert "Kestrel Refuge Partnership (demo)" in dump  # the dump is real
        assert first_line not in dump
        assert address not in dump


def test_it_writes_one_audit_entry_when_it_creates_data_and_none_when_it_does_not() -> None:
    seed()
    entries = AuditEntry.objects.filter(action="nonprod.demo.seed")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.system_job == "seed_demo"
    assert entry.details["users"] == len(Role)
    seed()
    assert AuditEntry.objects.filter(action="nonprod.demo.seed").count() == 1


def test_it_prints_sign_in_instructions() -> None:
    out = seed()
    assert "http://127.0.0.1:8000/sign-in/" in out
    assert "idva@demo.invalid" in out
    assert "marac-coordinator@demo.invalid" in out
    assert DEFAULT_PASSWORD in out
    assert "make totp EMAIL=idva@demo.invalid" in out


def test_it_prints_the_sign_in_address_of_the_base_url_it_is_given() -> None:
    out = seed(42, "--base-url", "http://127.0.0.1:8123/")
    assert "Sign in at http://127.0.0.1:8123/sign-in/\n" in out
    assert ":8000" not in out


@pytest.mark.parametrize("base_url", ["127.0.0.1:8123", "ftp://127.0.0.1:8123", "http://"])
def test_it_refuses_a_base_url_that_is_not_an_http_address(base_url: str) -> None:
    with pytest.raises(CommandError, match="--base-url"):
        seed(42, "--base-url", base_url)
    assert not District.objects.exists()


def test_it_uses_demo_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "another long demo passphrase")
    out = seed()
    assert "another long demo passphrase" in out
    assert User.objects.get(email="police@demo.invalid").check_password("another long demo passphrase")


def test_it_refuses_a_demo_password_the_validators_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "short")
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        seed()
    assert not User.objects.exists()


def test_it_refuses_to_run_outside_demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        seed()
    assert not District.objects.exists()


def every_model_count() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# (first run, second run): across midnight in UK time, the early-morning UTC run that once found new
# slots, the same time the next day, across a month's and a year's end, and across the clock change.
RUN_PAIRS = [
    pytest.param("2026-03-31 23:50 Europe/London", "2026-04-01 00:10 Europe/London", id="across-midnight-and-month"),
    pytest.param("2026-11-30 07:55 UTC", "2026-11-30 08:40 UTC", id="early-morning-utc"),
    pytest.param("2026-06-10 12:00 Europe/London", "2026-06-11 12:00 Europe/London", id="next-day-same-time"),
    pytest.param("2026-12-31 22:30 Europe/London", "2027-01-01 06:05 Europe/London", id="across-the-year"),
    pytest.param("2026-10-24 18:00 Europe/London", "2026-10-26 01:30 Europe/London", id="across-the-clock-change"),
]


def _at(text: str) -> datetime:
    moment, zone = text.rsplit(" ", 1)
    return datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(("first", "second"), RUN_PAIRS)
def test_it_creates_nothing_on_a_later_run_at_another_time(first: str, second: str) -> None:
    with time_machine.travel(_at(first), tick=False):
        seed()
    anchor = DemoClock.objects.get().anchored_at
    before = every_model_count()
    assert before["referrals.Referral"] == 12
    with time_machine.travel(_at(second), tick=False):
        out = seed()
    assert every_model_count() == before
    assert "nothing to create" in out
    assert DemoClock.objects.get().anchored_at == anchor == _at(first)


def test_it_plans_the_same_history_from_the_same_anchor_whenever_it_runs() -> None:
    def run(wall_clock: str) -> dict[str, Any]:
        with transaction.atomic():
            DemoClock.objects.create(anchored_at=_at("2026-09-14 09:00 Europe/London"))
            with time_machine.travel(_at(wall_clock), tick=False):
                seed()
            taken = snapshot()
            transaction.set_rollback(True)
        return taken

    assert run("2026-09-14 09:00 Europe/London") == run("2026-09-14 23:59 Europe/London")


def test_it_never_plans_from_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both runs plan the referrals and the MARAC history from the first run's instant: a run that read
    the wall clock could draw different repeats (and so different referrers) and make new referrals."""
    planned_from: list[datetime] = []
    real_plan = demo_referrals.plan_referrals

    def spy(*, seed: int, now: datetime, districts: list[District]) -> Any:
        planned_from.append(now)
        return real_plan(seed=seed, now=now, districts=districts)

    monkeypatch.setattr(demo_referrals, "plan_referrals", spy)
    with time_machine.travel(_at("2026-11-30 07:55 UTC"), tick=False):
        seed()
    with time_machine.travel(_at("2026-12-01 07:58 UTC"), tick=False):
        seed()
    assert planned_from == [_at("2026-11-30 07:55 UTC")] * 2
