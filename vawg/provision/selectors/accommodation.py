"""Reading safe accommodation: a unit's availability now, and matching a request to the units a user sees.

A unit is free when its latest status row says vacant (from a day) or says reserved but has lapsed, and no
live reservation or open placement holds it. ``unit_offers`` works that out for many units in three queries,
so the vacancy board and matching stay fast with thousands of units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from vawg.accounts.models import User
from vawg.provision.config import UnitState
from vawg.provision.models import AccommodationRequest, Placement, Reservation, Unit, UnitQuerySet, UnitStatus
from vawg.provision.rules import (
    Child,
    Household,
    MatchResult,
    Needs,
    Preferences,
    UnitOffer,
    match_units,
)


@dataclass(frozen=True)
class Availability:
    """A unit's availability now: its state, and from which day it is free (None: not free)."""

    state: str
    available_from: date | None
    until: datetime | None = None  # reserved until


def _latest_status(units: UnitQuerySet) -> UnitQuerySet:
    latest = UnitStatus.objects.filter(unit=OuterRef("pk")).order_by("-created_at")
    return units.annotate(
        latest_state=Subquery(latest.values("state")[:1]),
        latest_available_from=Subquery(latest.values("available_from")[:1]),
        latest_until=Subquery(latest.values("until")[:1]),
    )


def unit_availability(
    units: Iterable[Unit] | UnitQuerySet, *, now: datetime | None = None
) -> dict[object, Availability]:
    """Each unit's availability now, by unit id (three queries whatever the number of units; given a
    QuerySet, the units are selected inside those queries, never as a long list of ids)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if isinstance(units, UnitQuerySet):
        queryset = units.order_by().defer("address")
        chosen: Any = queryset.values("pk")
    else:
        chosen = [unit.pk for unit in units]
        queryset = Unit.objects.filter(pk__in=chosen)
    annotated = _latest_status(queryset)
    rows = list(annotated.values("pk", "latest_state", "latest_available_from", "latest_until"))  # type: ignore[misc]
    reserved = {
        row["unit_id"]: row["expires_at"]
        for row in Reservation.objects.live(now=now).filter(unit__in=chosen).values("unit_id", "expires_at")
    }
    open_placements = Placement.objects.filter(unit__in=chosen, ended_on__isnull=True)
    occupied = set(open_placements.values_list("unit_id", flat=True))
    found: dict[object, Availability] = {}
    for row in rows:
        unit_id = row["pk"]
        if unit_id in occupied:
            found[unit_id] = Availability(UnitState.OCCUPIED, None)
        elif unit_id in reserved:
            found[unit_id] = Availability(UnitState.RESERVED, None, reserved[unit_id])
        elif row["latest_state"] in (UnitState.VACANT, UnitState.RESERVED):
            # A reservation row with no live reservation behind it has lapsed: the unit is free again.
            free_from = row["latest_available_from"] or today
            found[unit_id] = Availability(UnitState.VACANT, free_from)
        else:
            found[unit_id] = Availability(row["latest_state"] or UnitState.OUT_OF_USE, None)
    return found


def unit_offer(unit: Unit, availability: Availability) -> UnitOffer:
    """What matching needs to know of ``unit`` (never its address)."""
    return UnitOffer(
        id=str(unit.pk),
        district=unit.district.slug,
        available_from=availability.available_from,
        max_household=unit.max_household,
        max_children=unit.max_children,
        boys_max_age=unit.boys_max_age,
        genders=frozenset(unit.genders),
        min_age=unit.min_age,
        wheelchair=unit.wheelchair_accessible,
        pets=unit.pets,
        nrpf_accepted=unit.nrpf_accepted,
        languages=frozenset(unit.languages),
        specialisms=frozenset(unit.specialisms),
    )


@dataclass(frozen=True)
class RequestProfile:
    """A request as matching sees it."""

    household: Household
    needs: Needs
    preferences: Preferences
    excluded_districts: frozenset[str]


def request_profile(request: AccommodationRequest) -> RequestProfile:
    return RequestProfile(
        household=Household(
            adults=request.adults,
            children=tuple(Child(age=child["age"], sex=child["sex"]) for child in request.children),
            survivor_age=request.survivor_age,
            survivor_gender=request.survivor_gender,
        ),
        needs=Needs(wheelchair=request.wheelchair, pets=request.pets, nrpf=request.nrpf),
        preferences=Preferences(languages=frozenset(request.languages), specialisms=frozenset(request.specialisms)),
        excluded_districts=frozenset(request.excluded_districts.values_list("slug", flat=True)),
    )


def units_for_matching(user: User, *, on: date | None = None) -> UnitQuerySet:
    """The units ``user`` may offer a household: open ones they may see."""
    day = on or timezone.localdate()
    # Never the address: matching does not need it, and not decrypting it keeps this fast.
    return Unit.objects.visible_to(user).open_on(day).select_related("district", "organisation").defer("address")


def request_matches(
    request: AccommodationRequest, *, user: User, on: date | None = None, now: datetime | None = None
) -> tuple[MatchResult, dict[str, Unit]]:
    """``request`` matched against every open unit ``user`` may see, and those units by id (for display)."""
    day = on or max(request.needed_from, timezone.localdate(now))
    candidates = units_for_matching(user, on=day)
    units = list(candidates)
    availability = unit_availability(candidates, now=now)
    offers = [unit_offer(unit, availability[unit.pk]) for unit in units]
    profile = request_profile(request)
    result = match_units(
        offers,
        on=day,
        household=profile.household,
        needs=profile.needs,
        preferences=profile.preferences,
        excluded_districts=profile.excluded_districts,
    )
    return result, {str(unit.pk): unit for unit in units}
