"""``manage.py seed_demo``: the service directory, the safe accommodation providers and units, and two years
of requests, reservations and placements (vawg/nonprod/demo/provision/), seeded once for this module with a
smaller caseload (test_seed_demo_full.py checks the full one)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from vawg.accounts.models import District, Membership, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.cases.models import Case
from vawg.nonprod.tests.steps import leave_out
from vawg.provision.config import AccommodationType, RequestState, ReservationState, UnitState
from vawg.provision.models import (
    AccommodationRequest,
    Placement,
    RequestStateChange,
    Reservation,
    ReservationStateChange,
    Service,
    Unit,
)
from vawg.provision.rules import BOYS_AGE, PETS, Child, Household, Needs, Preferences, match_units
from vawg.provision.selectors.accommodation import request_matches, unit_availability, unit_offer
from vawg.provision.selectors.part4 import FinancialYear, last_full_year, part4_return

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo seed with 80 referrals (enough open cases for two years of requests), made once and rolled
    back at the end."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        patch.setattr("vawg.nonprod.demo.plans.REFERRALS", 80)
        leave_out(patch, "intelligence", "justice", "programmes")  # after provision: checked elsewhere
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_it_makes_about_ten_fictional_providers_each_with_an_accommodation_manager(seeded: str) -> None:
    providers = {unit.organisation for unit in Unit.objects.select_related("organisation")}
    assert len(providers) == 10
    for provider in providers:
        assert provider.type == OrganisationType.REFUGE_PROVIDER
        assert provider.name.endswith("(demo)")
        assert Membership.objects.active().filter(organisation=provider, role=Role.ACCOMMODATION_MANAGER).exists()
    manager = User.objects.get(email="accommodation-manager@demo.invalid")
    kept = Unit.objects.kept_by(manager)
    assert kept.exists() and kept.values("district").distinct().count() >= 3
    commissioner = User.objects.get(email="commissioner@demo.invalid")
    assert commissioner.active_roles() == {Role.COMMISSIONER.value}
    assert commissioner.has_perm("provision.view_part4_return")


def test_it_makes_about_sixty_units_across_every_district_and_type(seeded: str) -> None:
    units = list(Unit.objects.select_related("district"))
    assert 55 <= len(units) <= 65
    assert {unit.district.name for unit in units} == set(District.objects.values_list("name", flat=True))
    types = Counter(unit.accommodation_type for unit in units)
    assert set(types) == set(AccommodationType.values)
    assert types[AccommodationType.REFUGE] == max(types.values())
    assert {unit.bedspaces for unit in units} <= set(range(1, 7))
    assert {unit.boys_max_age for unit in units} >= {12, 14, 16, None}
    assert any(unit.pets for unit in units) and not all(unit.pets for unit in units)
    assert any(unit.genders == ["male"] for unit in units) and any(unit.nrpf_accepted for unit in units)
    assert {unit.min_age for unit in units} == {16, 18}


def test_it_stores_no_unit_address_in_plaintext(seeded: str) -> None:
    # The street line (after any "Flat 3" line) and the postcode of every unit's address.
    lines = [unit.address.splitlines() for unit in Unit.objects.all()]
    first_lines = [part[1] if part[0].startswith(("Flat", "Studio")) else part[0] for part in lines]
    first_lines += [part[-1] for part in lines]
    assert all(len(line) > 5 for line in first_lines)
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM provision_unit")
        stored = [row[0] for row in cursor.fetchall()]
    assert all(value.startswith("enc1:") for value in stored)
    assert not any(line in value for value in stored for line in first_lines)


def test_it_lists_a_directory_entry_for_each_kind_of_service(seeded: str) -> None:
    services = list(Service.objects.all())
    kinds = {kind for service in services for kind in service.service_types}
    assert {"idva", "outreach", "isva", "sarc", "helpline", "children-young-people", "harmful-practices"} <= kinds
    assert {"behaviour-change", "safe-accommodation", "sanctuary-scheme"} <= kinds
    specialisms = {value for service in services for value in service.specialisms}
    assert {"black-minoritised", "lgbt-plus"} <= specialisms
    refuges = [service for service in services if service.confidential_location]
    assert len(refuges) == 10 and all(not service.public_address for service in refuges)
    assert any(service.countywide for service in services) and any(not service.countywide for service in services)
    assert {service.access_route for service in services} == {"self", "professional", "self-or-professional"}
    assert 2 <= Service.objects.stale().count() <= 3
    assert Service.objects.filter(listed_publicly=False).count() == 1
    assert all(service.versions.count() == 1 for service in services)


def _last_year() -> tuple[date, date]:
    year = FinancialYear(last_full_year(timezone.localdate()))
    return year.start, year.end


def test_it_gives_the_last_full_financial_year_a_part4_picture(seeded: str) -> None:
    start, end = _last_year()
    ended = Placement.objects.filter(ended_on__range=(start, end))
    # With a quarter of the demo's caseload here: the full demo places about 75 households in the year.
    assert Placement.objects.filter(started_on__range=(start, end)).count() >= 8
    assert ended.count() >= 5 and len(set(ended.values_list("end_reason", flat=True))) >= 3
    assert len(set(ended.values_list("move_on", flat=True))) >= 3
    in_year = {"created_at__date__range": (start, end)}
    closed = RequestStateChange.objects.filter(state=RequestState.CLOSED, **in_year)
    assert closed.exists() and all(closed.values_list("reason_code", flat=True))
    declines = ReservationStateChange.objects.filter(**in_year)
    assert declines.filter(state=ReservationState.PROVIDER_DECLINED).exclude(reason_code="").exists()
    assert declines.filter(state=ReservationState.SURVIVOR_DECLINED).exclude(reason_code="").exists()
    figures = part4_return(FinancialYear(last_full_year(timezone.localdate())))
    assert figures.households_supported > 0 and figures.unable_to_support > 0 and figures.support_ended > 0
    assert figures.households_supported < 300


def test_it_leaves_today_a_mix_of_vacant_reserved_occupied_and_out_of_use_units(seeded: str) -> None:
    states = Counter(availability.state for availability in unit_availability(Unit.objects.all()).values())
    assert all(states[state] > 0 for state in UnitState), states
    assert Reservation.objects.filter(state=ReservationState.EXPIRED).exists()


def test_it_never_holds_a_unit_with_two_live_reservations_or_two_households(seeded: str) -> None:
    live = Counter(
        Reservation.objects.filter(state__in=[ReservationState.HELD, ReservationState.ACCEPTED]).values_list(
            "unit", flat=True
        )
    )
    assert live and max(live.values()) == 1
    current = Counter(Placement.objects.filter(ended_on__isnull=True).values_list("unit", flat=True))
    assert current and max(current.values()) == 1
    # Nobody is placed in a unit while another household is still in it.
    for unit in Unit.objects.all():
        stays = sorted((placement.started_on, placement.ended_on or date.max) for placement in unit.placements.all())
        assert all(earlier[1] <= later[0] for earlier, later in pairwise(stays))


def test_it_leaves_the_idva_an_open_request_and_the_manager_a_reservation_to_answer(seeded: str) -> None:
    idva = User.objects.get(email="idva@demo.invalid")
    mine = AccommodationRequest.objects.raised_for(idva).open().filter(created_by=idva)
    assert mine.exists()
    assert all(Case.objects.visible_to(idva).filter(pk=request.case_id).exists() for request in mine)
    manager = User.objects.get(email="accommodation-manager@demo.invalid")
    waiting = Reservation.objects.live().filter(state=ReservationState.HELD, unit__in=Unit.objects.kept_by(manager))
    assert waiting.count() >= 1
    housing = User.objects.get(email="housing@demo.invalid")
    assert AccommodationRequest.objects.filter(created_by=housing).exists()


def test_it_finds_a_unit_for_a_family_with_a_13_year_old_boy_and_a_dog(seeded: str) -> None:
    """The walk-through: the IDVA's open request for that family matches a vacant unit away from the district
    they avoid, and leaves others out because of the boy's age and the dog."""
    idva = User.objects.get(email="idva@demo.invalid")
    request = AccommodationRequest.objects.open().filter(created_by=idva, pets=True).get()
    assert {"age": 13, "sex": "male"} in request.children
    avoided = set(request.excluded_districts.values_list("slug", flat=True))
    assert avoided
    result, units = request_matches(request, user=idva)
    assert result.matches
    assert all(units[match.id].district.slug not in avoided for match in result.matches)
    assert all(units[match.id].boys_max_age in (None, 14, 16) and units[match.id].pets for match in result.matches)
    reasons = {reason for excluded in result.excluded for reason in excluded.reasons}
    assert {BOYS_AGE, PETS} <= reasons
    # The walk-through's newcomer, accommodation-manager@demo.invalid, keeps one of the matches and can accept.
    manager = User.objects.get(email="accommodation-manager@demo.invalid")
    assert Unit.objects.kept_by(manager).filter(pk__in=[match.id for match in result.matches]).exists()
    # The same answer from the rule itself, for a new family of the same shape avoiding the same district.
    every = list(Unit.objects.visible_to(idva).select_related("district"))
    availability = unit_availability(every)
    direct = match_units(
        [unit_offer(unit, availability[unit.pk]) for unit in every],
        on=timezone.localdate(),
        household=Household(1, (Child(13, "male"), Child(9, "female")), 34, "female"),
        needs=Needs(pets=True),
        preferences=Preferences(),
        excluded_districts=avoided,
    )
    assert {match.id for match in direct.matches} == {match.id for match in result.matches}


def test_it_prints_the_new_totals(seeded: str) -> None:
    for line in ("safe accommodation units", "units vacant now", "placements", "directory services"):
        assert line in seeded
    assert "commissioner@demo.invalid" in seeded


def test_it_creates_nothing_on_a_second_run(seeded: str) -> None:
    before = (Unit.objects.count(), AccommodationRequest.objects.count(), Service.objects.count())
    with transaction.atomic():
        out = StringIO()
        call_command("seed_demo", seed=42, stdout=out)
        assert (Unit.objects.count(), AccommodationRequest.objects.count(), Service.objects.count()) == before
        assert "nothing to create" in out.getvalue()
        transaction.set_rollback(True)
