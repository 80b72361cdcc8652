"""Persona fixtures shared by every app's tests, and the test clock.

The personas (CONTRIBUTING.md, "Tests"): an IDVA at agency A, a police officer
at agency B, a MARAC coordinator, an outsider at agency C, an analyst, a board
member and a system administrator, plus one user for every other role.
``signed_in(user)`` returns a test client that has passed password and TOTP.

``TEST_CLOCK="2026-03-29 00:59 Europe/London" make test`` runs the whole suite with the clock starting
at that moment (and ticking), to find tests that pass only at some times of day, days or months.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn, sign_in_verified
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role


@dataclass
class Agencies:
    a: Organisation  # specialist DA service (IDVAs)
    b: Organisation  # police
    c: Organisation  # a district council's housing team: an outsider to most records
    county: Organisation  # county council (MARAC coordination, analysts, board, admin)


@pytest.fixture
def agencies(db: None) -> Agencies:
    return Agencies(
        a=OrganisationFactory(name="Agency A Domestic Abuse Service", type=OrganisationType.SPECIALIST_SERVICE),
        b=OrganisationFactory(name="Agency B Constabulary", type=OrganisationType.POLICE),
        c=OrganisationFactory(name="Agency C District Council", type=OrganisationType.DISTRICT_COUNCIL),
        county=OrganisationFactory(name="County Council", type=OrganisationType.COUNTY_COUNCIL),
    )


@pytest.fixture
def idva_a(agencies: Agencies) -> User:
    return user_with_role(Role.IDVA, agencies.a, email="idva.a@example.invalid")


@pytest.fixture
def police_b(agencies: Agencies) -> User:
    return user_with_role(Role.POLICE, agencies.b, email="police.b@example.invalid")


@pytest.fixture
def marac_coordinator(agencies: Agencies) -> User:
    return user_with_role(Role.MARAC_COORDINATOR, agencies.county, email="coordinator@example.invalid")


@pytest.fixture
def outsider_c(agencies: Agencies) -> User:
    return user_with_role(Role.HOUSING, agencies.c, email="housing.c@example.invalid")


@pytest.fixture
def analyst(agencies: Agencies) -> User:
    return user_with_role(Role.ANALYST, agencies.county, email="analyst@example.invalid")


@pytest.fixture
def board_member(agencies: Agencies) -> User:
    return user_with_role(Role.BOARD, agencies.county, email="board@example.invalid")


@pytest.fixture
def admin_user(agencies: Agencies) -> User:
    return user_with_role(Role.ADMIN, agencies.county, email="admin@example.invalid")


@pytest.fixture
def personas(
    agencies: Agencies,
    idva_a: User,
    police_b: User,
    marac_coordinator: User,
    outsider_c: User,
    analyst: User,
    board_member: User,
    admin_user: User,
) -> dict[str, User | None]:
    """Every persona by name; ``anonymous`` is None. One user per remaining role is added too."""
    people: dict[str, User | None] = {
        "anonymous": None,
        "idva_a": idva_a,
        "police_b": police_b,
        "marac_coordinator": marac_coordinator,
        "outsider_c": outsider_c,
        "analyst": analyst,
        "board_member": board_member,
        "admin": admin_user,
    }
    covered = {Role.IDVA, Role.POLICE, Role.MARAC_COORDINATOR, Role.HOUSING, Role.ANALYST, Role.BOARD, Role.ADMIN}
    for role in Role:
        if role not in covered:
            email = f"{role.value}@example.invalid"
            people[role.value.replace("-", "_")] = user_with_role(role, agencies.c, email=email)
    return people


@pytest.fixture
def signed_in(db: None) -> SignedIn:
    """``signed_in(user)``: a new test client with ``user`` fully signed in (password and TOTP)."""

    def make(user: User) -> Client:
        return sign_in_verified(Client(), user)

    return make


# Skip policy (Makefile `test`, scripts/ci.sh): browser tests need Debian Chromium and
# postgres tests need PostgreSQL. Outside CI they skip with a reason; with CI=true a
# missing Chromium fails every browser test instead, and scripts/check_skips.py fails
# CI unless each test skipped on SQLite passed on PostgreSQL.
CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    """Start the test clock given in TEST_CLOCK (``YYYY-MM-DD HH:MM <zone>``), in every worker."""
    clock = os.environ.get("TEST_CLOCK", "").strip()
    if clock:
        moment, zone = clock.rsplit(" ", 1)
        start = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
        time_machine.travel(start, tick=True).start()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.db import connection

    in_ci = os.environ.get("CI", "").lower() == "true"
    no_chromium = not CHROMIUM.exists()
    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if item.get_closest_marker("browser") and no_chromium and not in_ci:
            item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}"))
        if item.get_closest_marker("postgres") and not on_postgres:
            reason = "needs PostgreSQL: make test and CI run it again on a throwaway PostgreSQL cluster"
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _chromium_for_browser_tests(request: pytest.FixtureRequest) -> None:
    """With CI=true a browser test without Chromium fails (it is not skipped: see above)."""
    if request.node.get_closest_marker("browser") and not CHROMIUM.exists():
        pytest.fail(f"CI=true: browser tests must run, but Chromium was not found at {CHROMIUM}.")
