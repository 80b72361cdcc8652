"""The safe accommodation pages (vawg/provision/views/accommodation/): the whole journey through the pages,
forms that lose nothing, 404 for records out of reach and 403 for functions, audited reads, the case page's
section and the counts on My work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.hooks import MY_WORK
from vawg.accounts.models import District, Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case, CaseAgency
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import RequestState, ReservationState, UnitState, Urgency
from vawg.provision.models import AccommodationRequest, Placement, Reservation, Unit
from vawg.provision.selectors.accommodation import unit_availability
from vawg.provision.services.accommodation import (
    RequestInput,
    accommodation_request_raise,
    placement_start,
    reservation_accept,
    reservation_create,
    unit_create,
)

pytestmark = pytest.mark.django_db

REQUEST_FORM = {
    "urgency": Urgency.TODAY,
    "adults": "1",
    "child_1_age": "13",
    "child_1_sex": "male",
    "survivor_age": "34",
    "survivor_gender": "female",
    "needs": ["pets"],
}


@dataclass
class World:
    refuge: Organisation
    manager: User
    case: Case
    north: District
    south: District
    room: Unit  # takes the family below
    boys_limit: Unit  # boys up to 11 only
    no_pets: Unit
    avoided: Unit  # in the district to avoid


def _unit(world_refuge: Organisation, manager: User, name: str, district: District, **extra: Any) -> Unit:
    fields = {
        "name": name,
        "accommodation_type": "refuge",
        "district": district,
        "address": f"{name} House, 1 Test Street, AA1 1AA",
        "max_household": 4,
        "max_children": 3,
        "genders": ["female"],
        "pets": True,
        **extra,
    }
    return unit_create(by=manager, organisation=world_refuge, available_from=timezone.localdate(), **fields)


@pytest.fixture
def world(agencies: Agencies) -> World:
    refuge = OrganisationFactory(name="Harbour Refuges", type=OrganisationType.REFUGE_PROVIDER)
    manager = user_with_role(Role.ACCOMMODATION_MANAGER, refuge, email="harbour.manager@example.invalid")
    north = DistrictFactory(slug="northtown", name="Northtown")
    south = DistrictFactory(slug="southtown", name="Southtown")
    return World(
        refuge=refuge,
        manager=manager,
        case=CaseFactory(owning_organisation=agencies.a),
        north=north,
        south=south,
        room=_unit(refuge, manager, "Room 1", north),
        boys_limit=_unit(refuge, manager, "Room 2", north, boys_max_age=11),
        no_pets=_unit(refuge, manager, "Room 3", north, pets=False),
        avoided=_unit(refuge, manager, "Room 4", south),
    )


def _raise(world: World, idva: User, agencies: Agencies, **extra: Any) -> AccommodationRequest:
    answers = {
        "urgency": Urgency.TODAY,
        "adults": 1,
        "children": [{"age": 13, "sex": "male"}],
        "survivor_age": 34,
        "survivor_gender": "female",
        "pets": True,
        "excluded_districts": (world.south,),
        **extra,
    }
    return accommodation_request_raise(
        by=idva, case=world.case, organisation=agencies.a, answers=RequestInput(**answers)
    )


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"accommodation:{name}", kwargs=kwargs or None)


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_it_takes_a_family_from_the_case_to_a_place_and_out_through_the_pages(
    world: World, idva_a: User, signed_in: SignedIn
) -> None:
    worker, provider = signed_in(idva_a), signed_in(world.manager)
    case_page = _page(worker, reverse("cases:case_detail", kwargs={"case_id": world.case.pk}))
    assert "Safe accommodation" in case_page and "Ask for safe accommodation" in case_page

    posted = worker.post(
        _url("accommodation_request_create", case_id=world.case.pk),
        {**REQUEST_FORM, "excluded_districts": [str(world.south.pk)], "notes": "Call after 6pm"},
    )
    found = AccommodationRequest.objects.get(case=world.case)
    assert posted.status_code == 302 and posted["Location"] == _url("accommodation_request_detail", request_id=found.pk)
    assert found.children == [{"age": 13, "sex": "male"}] and found.pets
    page = _page(worker, posted["Location"])
    matches, left_out = page.split('id="matches"')[1].split('id="left-out"')
    assert "Room 1" in matches and "Room 2" not in matches
    for text in ("A boy is older than the unit accepts", "Does not take pets", "In a district to avoid"):
        assert text in left_out

    reserved = worker.post(_url("reservation_create", request_id=found.pk, unit_id=world.room.pk), follow=True)
    assert "Room 1 is reserved until" in reserved.content.decode()
    reservation = Reservation.objects.get(request=found)

    waiting = _page(provider, _url("reservation_list"))
    assert "Room 1" in waiting and "1 adult; children: Boy, aged 13" in waiting
    detail = _page(provider, _url("reservation_detail", reservation_id=reservation.pk))
    assert "Boy, aged 13" in detail and "Pets" in detail and idva_a.full_name in detail
    provider.post(_url("reservation_accept", reservation_id=reservation.pk))
    reservation.refresh_from_db()
    assert reservation.state == ReservationState.ACCEPTED

    today = timezone.localdate()
    moved = provider.post(
        _url("placement_start", reservation_id=reservation.pk),
        {"started_on_0": today.day, "started_on_1": today.month, "started_on_2": today.year},
    )
    assert moved.status_code == 302
    placement = Placement.objects.get(reservation=reservation)
    assert "Room 1" in _page(provider, _url("placement_list"))
    # The refuge's agency now works on the case, so its staff reach it through the case gate.
    assert CaseAgency.objects.current().filter(case=world.case, organisation=world.refuge).exists()

    ended = provider.post(
        _url("placement_end", placement_id=placement.pk),
        {
            "ended_on_0": today.day,
            "ended_on_1": today.month,
            "ended_on_2": today.year,
            "end_reason": "moved-on-planned",
            "move_on": "social-housing",
            "then": "vacant",
            "vacant_from_0": today.day,
            "vacant_from_1": today.month,
            "vacant_from_2": today.year,
        },
    )
    assert ended.status_code == 302
    assert unit_availability([world.room])[world.room.pk].state == UnitState.VACANT
    found.refresh_from_db()
    assert found.state == RequestState.PLACED


def test_it_keeps_what_was_typed_when_the_request_form_has_errors(
    world: World, idva_a: User, signed_in: SignedIn
) -> None:
    data = {**REQUEST_FORM, "urgency": "", "child_2_age": "4", "notes": "Keep this note"}
    response = signed_in(idva_a).post(_url("accommodation_request_create", case_id=world.case.pk), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select how soon a place is needed" in body and "Select child 2&#x27;s sex" in body
    assert 'value="13"' in body and "Keep this note" in body and 'value="4"' in body
    assert not AccommodationRequest.objects.exists()


def test_it_answers_404_for_a_case_or_request_out_of_reach(
    world: World, idva_a: User, outsider_c: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    found = _raise(world, idva_a, agencies)
    housing = signed_in(outsider_c)  # may ask for accommodation, but not see agency A's case
    assert housing.get(_url("accommodation_request_create", case_id=world.case.pk)).status_code == 404
    assert housing.get(_url("accommodation_request_detail", request_id=found.pk)).status_code == 404
    assert housing.post(_url("reservation_create", request_id=found.pk, unit_id=world.room.pk)).status_code == 404
    assert str(found.pk) not in housing.get(_url("accommodation_request_list")).content.decode()
    # The provider reaches a reservation only through its own page, never the worker's request page.
    assert signed_in(world.manager).get(_url("accommodation_request_detail", request_id=found.pk)).status_code == 403


def test_it_answers_403_to_those_without_the_permission(
    world: World, idva_a: User, police_b: User, signed_in: SignedIn
) -> None:
    police, idva = signed_in(police_b), signed_in(idva_a)
    for url in (_url("vacancy_list"), _url("accommodation_request_list"), _url("accommodation_home")):
        assert police.get(url).status_code == 403
    for url in (_url("unit_list"), _url("unit_detail", unit_id=world.room.pk), _url("reservation_list")):
        assert idva.get(url).status_code == 403


def test_it_hides_another_providers_units_and_reservations(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    other = OrganisationFactory(name="Other Refuge", type=OrganisationType.REFUGE_PROVIDER)
    stranger = signed_in(user_with_role(Role.ACCOMMODATION_MANAGER, other, email="other.manager@example.invalid"))
    reservation = reservation_create(by=idva_a, request=_raise(world, idva_a, agencies), unit=world.room)
    assert stranger.get(_url("unit_detail", unit_id=world.room.pk)).status_code == 404
    assert stranger.get(_url("unit_change", unit_id=world.room.pk)).status_code == 404
    assert stranger.get(_url("reservation_detail", reservation_id=reservation.pk)).status_code == 404
    assert stranger.post(_url("reservation_accept", reservation_id=reservation.pk)).status_code == 404
    assert "Room 1" not in stranger.get(_url("reservation_list")).content.decode()


def test_it_shows_a_reserved_unit_as_reserved_and_refuses_a_second_reservation(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    first = _raise(world, idva_a, agencies)
    reservation_create(by=idva_a, request=first, unit=world.room)
    second = _raise(world, idva_a, agencies)
    worker = signed_in(idva_a)
    board = _page(worker, _url("vacancy_list"))
    assert "Reserved until" in board.split("Room 1")[1].split("Room 2")[0]
    response = worker.get(_url("accommodation_request_detail", request_id=second.pk))
    page = response.content.decode()
    units = [row.unit for row in response.context["matches"] + response.context["left_out"]]
    assert units and all("address" in unit.get_deferred_fields() for unit in units)
    left_out = page.split('id="left-out"')[1]
    assert "Room 1" in left_out and "Reserved" in left_out.split("Room 1")[1].split("</tr>")[0]
    refused = worker.post(_url("reservation_create", request_id=second.pk, unit_id=world.room.pk), follow=True)
    assert "This unit is already reserved" in refused.content.decode()
    assert refused.redirect_chain[-1][0] == _url("accommodation_request_detail", request_id=second.pk)
    assert Reservation.objects.filter(request=second).count() == 0


def test_it_writes_one_audited_read_for_the_unit_and_the_request(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    found = _raise(world, idva_a, agencies)
    before = AuditEntry.objects.count()
    signed_in(idva_a).get(_url("accommodation_request_detail", request_id=found.pk))
    assert list(AuditEntry.objects.filter(seq__gt=0).order_by("-seq").values_list("action", flat=True)[:1]) == [
        "provision.accommodation_request.view"
    ]
    assert AuditEntry.objects.count() == before + 1
    page = _page(signed_in(world.manager), _url("unit_detail", unit_id=world.room.pk))
    assert "Room 1 House, 1 Test Street" in page
    assert AuditEntry.objects.filter(action="provision.unit.view", object_id=str(world.room.pk)).count() == 1


def test_it_lets_a_provider_decline_with_a_reason_and_frees_the_unit(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    reservation = reservation_create(by=idva_a, request=_raise(world, idva_a, agencies), unit=world.room)
    provider = signed_in(world.manager)
    url = _url("reservation_decline", reservation_id=reservation.pk)
    refused = provider.post(url, {"note": "Kept note"})
    assert "Select why you cannot take this household" in refused.content.decode()
    assert "Kept note" in refused.content.decode()
    assert provider.post(url, {"reason_code": "no-capacity"}).status_code == 302
    reservation.refresh_from_db()
    assert reservation.state == ReservationState.PROVIDER_DECLINED
    assert unit_availability([world.room])[world.room.pk].state == UnitState.VACANT


def test_it_lets_a_provider_add_a_unit_and_keeps_the_answers_on_an_error(world: World, signed_in: SignedIn) -> None:
    provider = signed_in(world.manager)
    data = {
        "name": "Flat B",
        "address": "12 Quiet Road, AA9 9AA",
        "accommodation_type": "dispersed",
        "district": str(world.north.pk),
        "bedspaces": "3",
        "max_household": "4",
        "max_children": "3",
        "min_age": "16",
        "genders": ["female", "non-binary"],
        "features": ["pets"],
        "languages": ["pl"],
    }
    wrong = provider.post(_url("unit_create"), {**data, "max_children": "4"})
    assert wrong.status_code == 200 and "Most children must be fewer" in wrong.content.decode()
    assert "12 Quiet Road" in wrong.content.decode()
    today = timezone.localdate()
    created = provider.post(
        _url("unit_create"),
        {**data, "available_from_0": today.day, "available_from_1": today.month, "available_from_2": today.year},
    )
    unit = Unit.objects.get(name="Flat B")
    assert created["Location"] == _url("unit_detail", unit_id=unit.pk)
    assert unit.organisation == world.refuge and unit.pets and unit.boys_max_age is None
    assert unit_availability([unit])[unit.pk].state == UnitState.VACANT
    assert "Flat B" in _page(provider, _url("unit_list"))


def test_it_records_a_unit_out_of_use_only_with_a_reason(world: World, signed_in: SignedIn) -> None:
    provider = signed_in(world.manager)
    url = _url("unit_status_record", unit_id=world.room.pk)
    assert "Enter why the unit is out of use" in provider.post(url, {"state": "out-of-use"}).content.decode()
    assert provider.post(url, {"state": "out-of-use", "reason": "Boiler repairs"}).status_code == 302
    assert unit_availability([world.room])[world.room.pk].state == UnitState.OUT_OF_USE


def test_it_filters_the_vacancy_board_from_the_query_string(world: World, idva_a: User, signed_in: SignedIn) -> None:
    worker = signed_in(idva_a)
    board = _page(worker, _url("vacancy_list") + "?district=southtown")
    assert "Room 4" in board and "Room 1" not in board
    assert "Room 3" not in _page(worker, _url("vacancy_list") + "?wanted=pets")
    assert "Room 1" not in _page(worker, _url("vacancy_list") + "?household=5")
    rows = worker.get(_url("vacancy_list")).context["rows"]
    assert rows and all("address" in row.unit.get_deferred_fields() for row in rows)  # never even decrypted


def test_it_lets_the_worker_record_a_survivor_decline_cancel_close_and_withdraw(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    worker = signed_in(idva_a)
    found = _raise(world, idva_a, agencies)
    first = reservation_create(by=idva_a, request=found, unit=world.room)
    url = _url("reservation_survivor_decline", reservation_id=first.pk)
    assert "Select why the survivor turned the place down" in worker.post(url, {}).content.decode()
    assert worker.post(url, {"reason_code": "location"}).status_code == 302
    second = reservation_create(by=idva_a, request=found, unit=world.room)
    cancel = _url("reservation_cancel", reservation_id=second.pk)
    assert "Enter why the reservation is cancelled" in worker.post(cancel, {}).content.decode()
    assert worker.post(cancel, {"reason": "Staying with family tonight"}).status_code == 302
    history = _page(worker, _url("accommodation_request_detail", request_id=found.pk))
    assert "Declined by the survivor" in history and "Cancelled" in history
    close = _url("accommodation_request_close", request_id=found.pk)
    assert worker.post(close, {"reason_code": "no-capacity"}).status_code == 302
    found.refresh_from_db()
    assert found.state == RequestState.CLOSED
    other = _raise(world, idva_a, agencies)
    withdraw = _url("accommodation_request_withdraw", request_id=other.pk)
    assert "Enter why the request is withdrawn" in worker.post(withdraw, {}).content.decode()
    assert worker.post(withdraw, {"reason": "No longer needed"}).status_code == 302
    listing = _page(worker, _url("accommodation_request_list"))
    assert "Closed: unable to support" in listing and "Withdrawn" in listing


def test_it_counts_my_work_as_the_lists_show_it(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    found = _raise(world, idva_a, agencies)
    _raise(world, idva_a, agencies)
    reservation = reservation_create(by=idva_a, request=found, unit=world.room)
    Reservation.objects.filter(pk=reservation.pk)  # held
    assert MY_WORK["reservations_waiting"].count(world.manager) == 1
    assert MY_WORK["accommodation_requests_open"].count(idva_a) == 2
    held = signed_in(world.manager).get(_url("reservation_list") + "?state=held")
    assert len(held.context["held"]) == 1 and held.context["accepted"] == []
    mine = signed_in(idva_a).get(_url("accommodation_request_list") + "?state=open")
    assert len(mine.context["rows"]) == 2
    # A reservation past its time is not waiting any more.
    Reservation.objects.filter(pk=reservation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert MY_WORK["reservations_waiting"].count(world.manager) == 0


def test_it_shows_the_landing_links_each_user_may_follow(world: World, idva_a: User, signed_in: SignedIn) -> None:
    worker = _page(signed_in(idva_a), _url("accommodation_home"))
    provider = _page(signed_in(world.manager), _url("accommodation_home"))
    assert "Vacancy board" in worker and "Your units" not in worker
    assert "Your units" in provider and "Vacancy board" not in provider


def test_it_links_the_staff_home_page_to_safe_accommodation_for_holders_only(
    world: World, idva_a: User, police_b: User, signed_in: SignedIn
) -> None:
    landing = _url("accommodation_home")
    assert f'href="{landing}"' in _page(signed_in(idva_a), reverse("accounts:staff_home"))
    assert f'href="{landing}"' in _page(signed_in(world.manager), reverse("accounts:staff_home"))
    assert f'href="{landing}"' not in _page(signed_in(police_b), reverse("accounts:staff_home"))


def test_it_joins_the_provider_to_the_case_once_however_many_households_move_in(
    world: World, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    for unit in (world.room, world.boys_limit):
        reservation = reservation_create(by=idva_a, request=_raise(world, idva_a, agencies, children=[]), unit=unit)
        reservation_accept(by=world.manager, reservation=reservation)
        placement_start(by=world.manager, reservation=reservation)
    assert CaseAgency.objects.current().filter(case=world.case, organisation=world.refuge).count() == 1
    assert AuditEntry.objects.filter(action="cases.agency.add", object_id=str(world.case.pk)).count() == 1
    # The provider's staff now reach the case through the case gate, but not the worker's section of it.
    page = _page(signed_in(world.manager), reverse("cases:case_detail", kwargs={"case_id": world.case.pk}))
    assert "Ask for safe accommodation" not in page
