"""What the safe accommodation pages show: availability and state tags, a unit's details, a household as a
provider may see it, a request as its worker sees it, matches with their reasons, and the landing links.

Two rules hold here. A unit's address is shown only by ``unit_rows(..., with_address=True)``, which only the
provider's unit page and change form call. A provider's rows (``household_rows``) never hold the case, the
districts to avoid, the notes or the specialist characteristics: only the worker's ``request_rows`` do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.presenters import LinkSpec, SummaryRow, Tag
from vawg.provision.config import (
    KEEP_UNITS,
    LANGUAGES,
    LIVE_RESERVATION_STATES,
    MOVE_ON_DESTINATIONS,
    REQUEST_ACCOMMODATION,
    SPECIALIST_CHARACTERISTICS,
    SUPPORT_ENDED_REASONS,
    SURVIVOR_DECLINE_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    AccommodationType,
    ChildSex,
    Gender,
    RequestState,
    ReservationState,
    Specialism,
    UnitState,
    Urgency,
)
from vawg.provision.models import (
    AccommodationRequest,
    Placement,
    RequestStateChange,
    Reservation,
    ReservationStateChange,
    Unit,
    UnitStatus,
)
from vawg.provision.rules import PREFERENCE_LABELS, REASON_LABELS, MatchResult
from vawg.provision.selectors.accommodation import Availability
from vawg.provision.selectors.journey import requests_of_case

NONE = "None"
NO_LIMIT = "No limit"

LINKS: tuple[LinkSpec, ...] = (
    ("Your units", "accommodation:unit_list", KEEP_UNITS, "Your agency's units, their availability and addresses."),
    (
        "Reservations and households moving in",
        "accommodation:reservation_list",
        KEEP_UNITS,
        "Reservations of your units waiting for your answer, and households due to move in.",
    ),
    (
        "Households in your units",
        "accommodation:placement_list",
        KEEP_UNITS,
        "Record that support ended and when the unit is free again.",
    ),
    (
        "Vacancy board",
        "accommodation:vacancy_list",
        REQUEST_ACCOMMODATION,
        "Every open unit in the partnership and when it is free (never an address).",
    ),
    (
        "Your accommodation requests",
        "accommodation:accommodation_request_list",
        REQUEST_ACCOMMODATION,
        "Requests on your cases: their matches, reservations and what happened. Ask for a place from a case.",
    ),
)

UNIT_STATE_TAGS = {
    UnitState.VACANT: Tag("Vacant", "green"),
    UnitState.RESERVED: Tag("Reserved", "yellow"),
    UnitState.OCCUPIED: Tag("Occupied", "blue"),
    UnitState.OUT_OF_USE: Tag("Out of use", "grey"),
}
FREE_LATER = Tag("Vacant soon", "turquoise")
RESERVATION_TAGS = {
    ReservationState.HELD: Tag("Waiting for the provider", "yellow"),
    ReservationState.ACCEPTED: Tag("Accepted", "green"),
    ReservationState.PROVIDER_DECLINED: Tag("Declined by the provider", "red"),
    ReservationState.SURVIVOR_DECLINED: Tag("Declined by the survivor", "orange"),
    ReservationState.CANCELLED: Tag("Cancelled", "grey"),
    ReservationState.EXPIRED: Tag("Lapsed", "grey"),
    ReservationState.PLACED: Tag("Moved in", "blue"),
}
REQUEST_TAGS = {
    RequestState.OPEN: Tag("Looking for a place", "yellow"),
    RequestState.PLACED: Tag("Placed", "green"),
    RequestState.CLOSED: Tag("Closed: unable to support", "red"),
    RequestState.WITHDRAWN: Tag("Withdrawn", "grey"),
}
URGENCY_TAGS = {
    Urgency.TODAY: Tag("Today", "red"),
    Urgency.THIS_WEEK: Tag("This week", "orange"),
    Urgency.PLANNED: Tag("Planned", "grey"),
}
ALL_REASONS = {**UNABLE_TO_SUPPORT_REASONS, **SURVIVOR_DECLINE_REASONS}


def _choices(choices: type[AccommodationType | Gender | Specialism | ChildSex | Urgency]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


TYPES = _choices(AccommodationType)
GENDERS = _choices(Gender)
SPECIALISMS = _choices(Specialism)
SEXES = _choices(ChildSex)
URGENCIES = _choices(Urgency)


def labels(values: Iterable[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(value, value) for value in values) or NONE


def day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def moment(value: datetime | None) -> str:
    """ "5:30pm on Friday 4 December 2026" in UK time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%-I:%M%p}".lower() + f" on {local:%A %-d %B %Y}"


def time_left(until: datetime, *, now: datetime | None = None) -> str:
    """ "3 hours 20 minutes" left before ``until`` (or "Lapsed")."""
    seconds = int((until - (now or timezone.now())).total_seconds())
    if seconds <= 0:
        return "Lapsed"
    hours, minutes = divmod(seconds // 60, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


# --- units and their availability --------------------------------------------------------------------


def availability_tag(free: Availability) -> Tag:
    if free.state == UnitState.VACANT and free.available_from and free.available_from > timezone.localdate():
        return FREE_LATER
    return UNIT_STATE_TAGS.get(UnitState(free.state), UNIT_STATE_TAGS[UnitState.OUT_OF_USE])


def availability_text(free: Availability) -> str:
    if free.state == UnitState.VACANT and free.available_from:
        if free.available_from <= timezone.localdate():
            return "Free now"
        return f"Free from {day(free.available_from)}"
    if free.state == UnitState.RESERVED and free.until:
        return f"Reserved until {moment(free.until)}"
    if free.state == UnitState.OCCUPIED:
        return "A household is living here"
    return "Not available"


@dataclass(frozen=True)
class UnitRow:
    """A unit in a table (never its address)."""

    unit: Unit
    kind: str
    district: str
    tag: Tag
    when: str
    features: str


def features(unit: Unit) -> str:
    found = [f"Takes up to {unit.max_household} people ({unit.max_children} children)"]
    if unit.boys_max_age is not None:
        found.append(f"boys up to {unit.boys_max_age}")
    found.extend(
        text
        for flag, text in (
            (unit.wheelchair_accessible, "wheelchair accessible"),
            (unit.pets, "pets welcome"),
            (unit.nrpf_accepted, "no recourse to public funds accepted"),
        )
        if flag
    )
    return "; ".join(found)


def unit_table(rows: Iterable[tuple[Unit, Availability]]) -> list[UnitRow]:
    return [
        UnitRow(
            unit=unit,
            kind=TYPES.get(unit.accommodation_type, unit.accommodation_type),
            district=unit.district.name,
            tag=availability_tag(free),
            when=availability_text(free),
            features=features(unit),
        )
        for unit, free in rows
    ]


def unit_rows(unit: Unit, free: Availability, *, with_address: bool) -> list[SummaryRow]:
    """A unit's details; ``with_address`` only on its provider's own unit page and change form."""
    rows = [SummaryRow("Availability", availability_text(free), tags=(availability_tag(free),), value_id="unit-free")]
    if with_address:
        rows.append(SummaryRow("Address", unit.address, value_id="unit-address"))
    rows += [
        SummaryRow("Type", TYPES.get(unit.accommodation_type, unit.accommodation_type)),
        SummaryRow("District", unit.district.name),
        SummaryRow("Bedspaces", str(unit.bedspaces)),
        SummaryRow("Largest household", f"{unit.max_household} people, up to {unit.max_children} children"),
        SummaryRow("Oldest boy accepted", NO_LIMIT if unit.boys_max_age is None else str(unit.boys_max_age)),
        SummaryRow("Who it is for", labels(unit.genders, GENDERS)),
        SummaryRow("Youngest adult accepted", str(unit.min_age)),
        SummaryRow("Wheelchair accessible", "Yes" if unit.wheelchair_accessible else "No"),
        SummaryRow("Pets", "Yes" if unit.pets else "No"),
        SummaryRow("No recourse to public funds accepted", "Yes" if unit.nrpf_accepted else "No"),
        SummaryRow("Staff languages", labels(unit.languages, LANGUAGES)),
        SummaryRow("Specialisms", labels(unit.specialisms, SPECIALISMS)),
        SummaryRow("Open since", day(unit.opened_on)),
    ]
    if unit.closed_on:
        rows.append(SummaryRow("Closed on", day(unit.closed_on)))
    return rows


@dataclass(frozen=True)
class StatusRow:
    when: str
    state: str
    detail: str
    who: str


def _status_detail(status: UnitStatus) -> str:
    parts = []
    if status.state == UnitState.VACANT and status.available_from:
        parts.append(f"from {day(status.available_from)}")
    elif status.state == UnitState.RESERVED and status.until:
        parts.append(f"until {moment(status.until)}")
    if status.reason:
        parts.append(status.reason)
    return "; ".join(parts)


def status_rows(statuses: Iterable[UnitStatus]) -> list[StatusRow]:
    return [
        StatusRow(
            when=moment(status.created_at),
            state=UNIT_STATE_TAGS[UnitState(status.state)].text,
            detail=_status_detail(status),
            who=status.created_by.full_name if status.created_by is not None else "The service",
        )
        for status in statuses
    ]


# --- households, requests and reservations ----------------------------------------------------------


def children_text(children: list[dict[str, object]]) -> str:
    if not children:
        return NONE
    return "; ".join(f"{SEXES.get(str(child['sex']), child['sex'])}, aged {child['age']}" for child in children)


def needs_text(request: AccommodationRequest) -> str:
    needs = [
        text
        for flag, text in (
            (request.wheelchair, "Wheelchair accessible"),
            (request.pets, "Pets"),
            (request.nrpf, "No recourse to public funds"),
        )
        if flag
    ]
    return ", ".join(needs) or NONE


def household_rows(request: AccommodationRequest) -> list[SummaryRow]:
    """The household and its needs: all a provider may see of a request."""
    return [
        SummaryRow("Urgency", URGENCIES.get(request.urgency, request.urgency), tags=_urgency(request)),
        SummaryRow("Needed from", day(request.needed_from)),
        SummaryRow("Adults", str(request.adults)),
        SummaryRow("Children", children_text(request.children), value_id="household-children"),
        SummaryRow("Survivor's age", str(request.survivor_age)),
        SummaryRow("Survivor's gender", GENDERS.get(request.survivor_gender, request.survivor_gender)),
        SummaryRow("Needs", needs_text(request), value_id="household-needs"),
        SummaryRow("Preferred languages", labels(request.languages, LANGUAGES)),
        SummaryRow("Preferred specialisms", labels(request.specialisms, SPECIALISMS)),
    ]


def _urgency(request: AccommodationRequest) -> tuple[Tag, ...]:
    tag = URGENCY_TAGS.get(Urgency(request.urgency)) if request.urgency in Urgency.values else None
    return (tag,) if tag else ()


def request_rows(request: AccommodationRequest, districts: Iterable[str]) -> list[SummaryRow]:
    """The whole request, for the worker (never shown to a provider)."""
    return [
        SummaryRow("State", "", tags=(request_tag(request),)),
        *household_rows(request),
        SummaryRow(
            "Specialist characteristics",
            labels(request.specialist_characteristics, SPECIALIST_CHARACTERISTICS),
        ),
        SummaryRow("Districts to avoid", ", ".join(districts) or NONE, value_id="request-avoid"),
        SummaryRow("Notes", request.notes or NONE, value_id="request-notes"),
        SummaryRow("Raised by", f"{request.created_by.full_name}, {request.organisation.name}"),
        SummaryRow("Raised", moment(request.created_at)),
    ]


def request_tag(request: AccommodationRequest) -> Tag:
    return REQUEST_TAGS[RequestState(request.state)]


def reservation_tag(reservation: Reservation) -> Tag:
    if (
        reservation.state in (ReservationState.HELD, ReservationState.ACCEPTED)
        and reservation.expires_at <= timezone.now()
    ):
        return RESERVATION_TAGS[ReservationState.EXPIRED]
    return RESERVATION_TAGS[ReservationState(reservation.state)]


def reservation_rows(reservation: Reservation) -> list[SummaryRow]:
    """The provider's view of a reservation: the unit, who asked, when it lapses (then ``household_rows``)."""
    worker = reservation.created_by
    live = reservation.state in LIVE_RESERVATION_STATES
    rows = [
        SummaryRow("State", "", tags=(reservation_tag(reservation),)),
        SummaryRow("Unit", reservation.unit.name),
        SummaryRow("Asked by", f"{worker.full_name}, {reservation.request.organisation.name}"),
        SummaryRow("Worker's email", worker.email),
        SummaryRow("Reserved", moment(reservation.created_at)),
    ]
    if live:
        left = time_left(reservation.expires_at)
        rows.append(SummaryRow("Lapses", f"{moment(reservation.expires_at)} ({left} left)", value_id="lapses"))
    return rows


@dataclass(frozen=True)
class HistoryRow:
    when: str
    what: str
    reason: str
    who: str


def reason_text(code: str, note: str) -> str:
    return "; ".join(part for part in (ALL_REASONS.get(code, code), note) if part)


def history_rows(
    changes: Iterable[RequestStateChange | ReservationStateChange], names: dict[str, str]
) -> list[HistoryRow]:
    """State changes (of a request or reservation), oldest first."""
    return [
        HistoryRow(
            when=moment(change.created_at),
            what=names.get(change.state, change.state),
            reason=reason_text(change.reason_code, change.reason),
            who=change.created_by.full_name if change.created_by is not None else "The service (time ran out)",
        )
        for change in changes
    ]


@dataclass(frozen=True)
class ReservationRow:
    reservation: Reservation
    tag: Tag
    lapses: str
    left: str
    household: str


def household_line(request: AccommodationRequest) -> str:
    adults = f"{request.adults} adult{'s' if request.adults != 1 else ''}"
    return f"{adults}; children: {children_text(request.children)}"


def reservation_table(reservations: Iterable[Reservation]) -> list[ReservationRow]:
    return [
        ReservationRow(
            reservation=reservation,
            tag=reservation_tag(reservation),
            lapses=moment(reservation.expires_at),
            left=time_left(reservation.expires_at),
            household=household_line(reservation.request),
        )
        for reservation in reservations
    ]


def placement_rows(placement: Placement) -> list[SummaryRow]:
    rows = [
        SummaryRow("Unit", placement.unit.name),
        SummaryRow("Moved in", day(placement.started_on)),
        SummaryRow("Household", f"{placement.adults} adults, {placement.children} children"),
    ]
    if placement.ended_on:
        rows += [
            SummaryRow("Support ended", day(placement.ended_on)),
            SummaryRow("Why", SUPPORT_ENDED_REASONS.get(placement.end_reason, placement.end_reason)),
            SummaryRow("Moved on to", MOVE_ON_DESTINATIONS.get(placement.move_on, placement.move_on)),
        ]
    return rows


# --- matches -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchRow:
    unit: Unit
    kind: str
    free_from: str
    preferences: list[str]


@dataclass(frozen=True)
class LeftOutRow:
    unit: Unit
    tag: Tag
    reasons: list[str]


def match_rows(
    result: MatchResult, units: dict[str, Unit], availability: dict[object, Availability]
) -> tuple[list[MatchRow], list[LeftOutRow]]:
    """Each match (best first) and each unit left out with every reason, in words."""
    matches = [
        MatchRow(
            unit=units[match.id],
            kind=TYPES.get(units[match.id].accommodation_type, ""),
            free_from="Now" if match.available_from <= timezone.localdate() else day(match.available_from),
            preferences=[PREFERENCE_LABELS[name] for name in match.preferences_met],
        )
        for match in result.matches
    ]
    left_out = [
        LeftOutRow(
            unit=units[excluded.id],
            tag=availability_tag(availability[units[excluded.id].pk]),
            reasons=[REASON_LABELS[reason] for reason in excluded.reasons],
        )
        for excluded in result.excluded
    ]
    return matches, left_out


# --- the case page -----------------------------------------------------------------------------------


def case_page_section(case: Case, user: User) -> tuple[str, dict[str, Any]] | None:
    """The "Safe accommodation" section of the case page, for those who find places (registered in
    vawg.cases.hooks.CASE_PAGE_SECTIONS): the case's requests, and a link to ask for one."""
    if not user.has_perm(REQUEST_ACCOMMODATION):
        return None
    rows = [(found, request_tag(found), household_line(found)) for found in requests_of_case(user, case.pk)]
    return "provision/accommodation/case_section.html", {"case": case, "rows": rows, "may_ask": case.is_open}
