"""Two years of safe accommodation history for the demo (part of ``manage.py seed_demo``).

Requests are raised from open demo cases by workers who can see them (the owning agency's IDVA or outreach
caseworker, and the housing officer on cases housing works on), then worked through the real services as a
queue of events in time order, each at its own moment (time_machine): reservations that providers accept or
decline, survivors who turn a place down, reservations left to lapse, placements that start and end with a
reason and a move-on destination, requests closed as "unable to support" or withdrawn. A request looks for
a place among the units it matches at that moment, so nobody is placed in a unit that is taken.

Deterministic for a seed and the demo's anchored "now" (cases are taken in reference order, units by
provider and name, never by their random ids). Run once: a later run finds requests and adds nothing.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.utils import timezone

from vawg.accounts.models import District, Membership, Organisation, User
from vawg.accounts.roles import holders_of
from vawg.cases.models import Case, CaseAgency, PartyRole
from vawg.cases.services import case_agency_add
from vawg.nonprod.demo.referrals import at
from vawg.provision.config import (
    LANGUAGES,
    REQUEST_ACCOMMODATION,
    AccommodationType,
    Specialism,
    UnitState,
    Urgency,
)
from vawg.provision.models import AccommodationRequest, Placement, Reservation, Unit
from vawg.provision.selectors.accommodation import request_matches, unit_availability
from vawg.provision.services.accommodation import (
    RequestInput,
    accommodation_request_close,
    accommodation_request_raise,
    accommodation_request_withdraw,
    placement_end,
    placement_start,
    reservation_accept,
    reservation_create,
    reservation_decline,
    reservation_survivor_decline,
    reservations_lapse,
    unit_status_record,
)

HOUSING_AGENCY = "Fernley Borough Council (demo)"
HOUSING_DISTRICTS = ("stevenage", "north-hertfordshire")
# Provider declines, survivor declines and closures without a placement, with how often each is drawn.
PROVIDER_DECLINES = {"needs-not-met": 4, "too-close-to-risk": 2, "referral-inappropriate": 2, "no-capacity": 1}
SURVIVOR_DECLINES = {"location": 4, "shared-facilities": 2, "caring-duties": 2, "found-elsewhere": 1, "other": 1}
CLOSE_REASONS = {"no-contact": 3, "not-eligible": 2, "needs-not-met": 2, "survivor-declined": 2, "other": 1}
WITHDRAWN = ("Staying with family out of the county for now", "Safe at home after the court order was made")
# Why support ended, and where the household went.
ENDINGS: dict[str, tuple[int, dict[str, int]]] = {
    "moved-on-planned": (
        40,
        {"social-housing": 9, "private-rented": 5, "own-home": 2, "family-friends": 2, "temporary-accommodation": 2},
    ),
    "no-longer-needed": (10, {"own-home": 3, "family-friends": 1}),
    "moved-on-unplanned": (14, {"family-friends": 2, "not-known": 2, "temporary-accommodation": 1}),
    "returned-to-perpetrator": (9, {"back-with-perpetrator": 1}),
    "transferred": (12, {"other-refuge": 1}),
    "evicted": (5, {"temporary-accommodation": 2, "not-known": 1}),
    "other": (6, {"other": 1, "not-known": 1}),
}
# How long a household stays, in days (shortest, most likely, longest), by type of accommodation.
STAYS: dict[str, tuple[int, int, int]] = {
    AccommodationType.REFUGE: (14, 110, 300),
    AccommodationType.SPECIALIST: (14, 120, 300),
    AccommodationType.DISPERSED: (30, 140, 330),
    AccommodationType.SECOND_STAGE: (120, 260, 480),
    AccommodationType.SANCTUARY: (30, 60, 150),
    AccommodationType.OTHER: (3, 14, 45),
}
SHARE_ASKED = 0.9  # of the eligible open cases, how many ask for safe accommodation
ASKED_AGAIN = 0.4  # of those, how many ask again months later (after a return home, or to move on)
STILL_LOOKING_DAYS = 21  # about half the requests raised in these last days are still looking for a place


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _age(born: date | None, on: date, default: int) -> int:
    if born is None:
        return default
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass
class Ask:
    """A planned request: who raises it, when, and how it goes (the outcome of each reservation in turn,
    then how it ends if no reservation leads to a placement)."""

    case: Case
    by: User
    organisation: Organisation
    at: datetime
    answers: RequestInput
    tries: list[str]
    ending: str  # "place", "open" (still looking), "withdraw" or an "unable to support" reason code
    request: AccommodationRequest | None = None
    done: int = 0
    misses: int = 0

    def raised(self) -> AccommodationRequest:
        if self.request is None:
            raise ValueError("The request has not been raised yet")
        return self.request


@dataclass
class History:
    rng: random.Random
    latest: datetime
    kept_free: set[UUID]
    managers: dict[UUID, User]  # organisation id -> its accommodation manager
    districts: list[District]
    created: dict[str, int]
    queue: list[tuple[datetime, int, str, Any]] = field(default_factory=list)
    counter: int = 0

    def push(self, when: datetime, kind: str, item: Any) -> None:
        if when < self.latest:  # what would happen after "now" has not happened yet
            self.counter += 1
            heapq.heappush(self.queue, (when, self.counter, kind, item))

    def run(self) -> None:
        while self.queue:
            when, _, kind, item = heapq.heappop(self.queue)
            with at(when):
                getattr(self, f"_{kind.replace('-', '_')}")(item)

    # --- the events ------------------------------------------------------------------------------

    def _raise(self, ask: Ask) -> None:
        ask.request = accommodation_request_raise(
            by=ask.by, case=ask.case, organisation=ask.organisation, answers=ask.answers
        )
        self.created["accommodation_requests"] += 1
        self.push(timezone.now() + timedelta(hours=self.rng.uniform(1, 6)), "try", ask)

    def _try(self, ask: Ask) -> None:
        request = ask.raised()
        if ask.done >= len(ask.tries):
            self._end(ask)
            return
        result, units = request_matches(request, user=ask.by)
        offered = [units[match.id] for match in result.matches if units[match.id].pk not in self.kept_free]
        offered.sort(key=lambda unit: (unit.organisation.name, unit.name))
        if not offered:
            ask.misses += 1
            if ask.misses >= 3:
                accommodation_request_close(by=ask.by, request=request, reason_code="no-capacity")
            else:
                self.push(timezone.now() + timedelta(days=self.rng.uniform(1, 3)), "try", ask)
            return
        unit = self.rng.choice(offered)
        reservation = reservation_create(by=ask.by, request=request, unit=unit)
        self.created["reservations"] += 1
        outcome = ask.tries[ask.done]
        ask.done += 1
        hours = self.rng.uniform(1, 6)
        if outcome == "lapse":
            self.push(reservation.expires_at + timedelta(minutes=5), "lapse", ask)
        elif outcome in ("place", "survivor-after-accept"):
            self.push(timezone.now() + timedelta(hours=hours), "accept", (ask, reservation, outcome))
        else:
            self.push(timezone.now() + timedelta(hours=hours), outcome, (ask, reservation))

    def _again(self, ask: Ask) -> None:
        self.push(timezone.now() + timedelta(hours=self.rng.uniform(4, 48)), "try", ask)

    def _lapse(self, ask: Ask) -> None:
        reservations_lapse()
        self._again(ask)

    def _provider_decline(self, item: tuple[Ask, Reservation]) -> None:
        ask, reservation = item
        code = _pick(self.rng, PROVIDER_DECLINES)
        manager = self.managers[reservation.unit.organisation_id]
        reservation_decline(by=manager, reservation=reservation, reason_code=code)
        self._again(ask)

    def _survivor_decline(self, item: tuple[Ask, Reservation]) -> None:
        ask, reservation = item
        reservation_survivor_decline(by=ask.by, reservation=reservation, reason_code=_pick(self.rng, SURVIVOR_DECLINES))
        self._again(ask)

    def _accept(self, item: tuple[Ask, Reservation, str]) -> None:
        ask, reservation, outcome = item
        reservation_accept(by=self.managers[reservation.unit.organisation_id], reservation=reservation)
        later = timezone.now() + timedelta(hours=self.rng.uniform(2, 20))
        self.push(later, "place" if outcome == "place" else "survivor-decline", (ask, reservation))

    def _place(self, item: tuple[Ask, Reservation]) -> None:
        _, reservation = item
        unit = reservation.unit
        placement = placement_start(by=self.managers[unit.organisation_id], reservation=reservation)
        self.created["placements"] += 1
        low, mode, high = STAYS[unit.accommodation_type]
        self.push(timezone.now() + timedelta(days=self.rng.triangular(low, high, mode)), "leave", placement)

    def _leave(self, placement: Placement) -> None:
        reason = self.rng.choices(list(ENDINGS), weights=[weight for weight, _ in ENDINGS.values()])[0]
        today = timezone.localdate()
        vacant_from = today + timedelta(days=self.rng.randint(0, 7)) if self.rng.random() < 0.85 else None
        placement_end(
            by=self.managers[placement.unit.organisation_id],
            placement=placement,
            ended_on=today,
            end_reason=reason,
            move_on=_pick(self.rng, ENDINGS[reason][1]),
            vacant_from=vacant_from,
        )
        if vacant_from is None:  # out of use for repairs first
            self.push(timezone.now() + timedelta(days=self.rng.uniform(7, 30)), "reopen", placement.unit)

    def _reopen(self, unit: Unit) -> None:
        if unit_availability([unit])[unit.pk].state == UnitState.OUT_OF_USE:
            unit_status_record(by=self.managers[unit.organisation_id], unit=unit, state=UnitState.VACANT)

    def _call(self, act: Any) -> None:
        act()

    def _end(self, ask: Ask) -> None:
        request = ask.raised()
        if ask.ending == "withdraw":
            accommodation_request_withdraw(by=ask.by, request=request, reason=self.rng.choice(WITHDRAWN))
        elif ask.ending not in ("place", "open"):
            accommodation_request_close(by=ask.by, request=request, reason_code=ask.ending)


# --- planning ------------------------------------------------------------------------------------


def requesters(organisation_id: UUID) -> list[User]:
    """Who at an agency may raise requests: its demo account first, then its caseworkers, by email."""
    memberships = (
        Membership.objects.active()
        .filter(organisation=organisation_id, role__in=holders_of(REQUEST_ACCOMMODATION), user__is_active=True)
        .select_related("user")
    )
    users = {membership.user.email: membership.user for membership in memberships}
    return [users[email] for email in sorted(users, key=lambda email: (email.startswith("caseworker."), email))]


def household(rng: random.Random, case: Case, on: date) -> RequestInput | None:
    """The household of ``case``'s victim on day ``on`` (the children living with them), with needs drawn."""
    survivor = case.victim
    age = _age(survivor.date_of_birth, on, default=rng.randint(20, 50))
    if age < 16:
        return None
    children = []
    for party in case.parties.filter(role=PartyRole.CHILD, ended_at__isnull=True, lives_with_victim=True):
        child = party.person
        years = min(max(_age(child.date_of_birth, on, default=5), 0), 17)
        children.append({"age": years, "sex": "male" if child.gender == "male" else "female"})
    children.sort(key=lambda child: (child["age"], child["sex"]))
    gender = survivor.gender if survivor.gender in ("female", "male", "non-binary") else "female"
    others = [code for code in LANGUAGES if code != "en"]
    return RequestInput(
        urgency=rng.choices(list(Urgency.values), weights=[4, 4, 2])[0],
        adults=1,
        children=children,
        survivor_age=age,
        survivor_gender=gender,
        wheelchair=rng.random() < 0.05,
        pets=rng.random() < 0.1,
        nrpf=rng.random() < 0.07,
        languages=(rng.choice(others[:12]),) if rng.random() < 0.15 else (),
        specialisms=(str(rng.choice(list(Specialism))),) if rng.random() < 0.1 else (),
        specialist_characteristics=tuple(
            rng.sample(["mental-health", "disabled", "black-minoritised", "complex-needs"], k=rng.randint(0, 2))
        ),
        excluded_districts=(case.district,) if case.district is not None else (),
    )


def plan_tries(rng: random.Random) -> tuple[list[str], str]:
    """How a request goes: the reservations that came to nothing, then a placement, a closure or withdrawal."""
    failed = rng.choices((0, 1, 2), weights=(6, 3, 1))[0]
    tries = [
        rng.choices(("provider-decline", "survivor-decline", "survivor-after-accept", "lapse"), weights=(5, 3, 1, 2))[0]
        for _ in range(failed)
    ]
    roll = rng.random()
    if roll < 0.72:
        return [*tries, "place"], "place"
    if roll < 0.9:
        return tries, _pick(rng, CLOSE_REASONS)
    return tries, "withdraw"


def plan_asks(*, rng: random.Random, cases: list[Case], latest: datetime, housing: User | None) -> list[Ask]:
    """Requests from about nine in ten of ``cases``, and a second one months later from some of them."""
    asks = []
    for case in cases:
        if rng.random() >= SHARE_ASKED:
            continue
        first = case.created_at + timedelta(days=rng.uniform(0.5, 45))
        again = first + timedelta(days=rng.uniform(90, 400)) if rng.random() < ASKED_AGAIN else None
        found = requesters(case.owning_organisation_id)
        district = case.district.slug if case.district is not None else ""
        by_housing = housing is not None and district in HOUSING_DISTRICTS and rng.random() < 0.4
        by = housing if by_housing and housing is not None else (found[0] if found else None)
        agency = (
            Membership.objects.active()
            .filter(user=by, role__in=holders_of(REQUEST_ACCOMMODATION))
            .select_related("organisation")
            .first()
        )
        for when in (first, again):
            if when is None:
                continue
            answers = household(rng, case, timezone.localdate(when))
            tries, ending = plan_tries(rng)
            if when > latest - timedelta(days=STILL_LOOKING_DAYS) and rng.random() < 0.5:
                tries, ending = [], "open"
            if when >= latest or by is None or agency is None or answers is None:
                continue
            asks.append(Ask(case, by, agency.organisation, when, answers, tries, ending))
    return asks


def share_with_housing(ask: Ask) -> bool:
    """Housing works on the case before its officer raises the request (added by the case's owner)."""
    case = ask.case
    if ask.organisation.pk == case.owning_organisation_id:
        return True
    if Case.objects.visible_to(ask.by).filter(pk=case.pk).exists():
        return True
    if CaseAgency.objects.filter(case=case, organisation=ask.organisation, ended_at__isnull=True).exists():
        return False
    with at(ask.at - timedelta(hours=2)):
        case_agency_add(case=case, organisation=ask.organisation, by=case.created_by)
    return True
