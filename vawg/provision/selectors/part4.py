"""The Domestic Abuse Act 2021 Part 4 annual return, generated from the records (docs/part4-return.md).

``part4_return(year)`` reads the year's placements, closed requests, declined reservations and the units
open on its last day in a few grouped queries; ``compute_part4`` turns those facts into the figures. It is
pure, so its sums are tested over generated records. Exact figures: a statutory return is never suppressed.
The return holds counts only, never a person, a unit or an address.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from vawg.accounts.models import District
from vawg.people.models.choices import Disability, Ethnicity, SexualOrientation, TransStatus
from vawg.provision.config import (
    CONFIG_VERSION,
    MOVE_ON_DESTINATIONS,
    SPECIALIST_CHARACTERISTICS,
    SUPPORT_ENDED_REASONS,
    SURVIVOR_DECLINE_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    AccommodationType,
    Gender,
    RequestState,
    ReservationState,
)
from vawg.provision.models import Placement, RequestStateChange, ReservationStateChange, Unit

# A reason, destination or equality answer left empty, or a code no longer in the configuration.
NOT_RECORDED = "not-recorded"
NO_DISTRICT = ""  # the district key of records with no district
SANCTUARY = "sanctuary-scheme"
OTHER_ACCOMMODATION = "other-accommodation"
SETTINGS: dict[str, str] = {SANCTUARY: "Sanctuary scheme", OTHER_ACCOMMODATION: "Other safe accommodation"}

# The people in supported households. The survivor's gender is recorded; other adults' is not.
WOMEN, MEN, NON_BINARY, ADULTS_NOT_RECORDED, CHILDREN = (
    "women",
    "men",
    "non-binary",
    "adults-gender-not-recorded",
    "children",
)
INDIVIDUALS: dict[str, str] = {
    WOMEN: "Women (survivors)",
    MEN: "Men (survivors)",
    NON_BINARY: "Non-binary adults (survivors)",
    ADULTS_NOT_RECORDED: "Other adults, gender not recorded",
    CHILDREN: "Children",
}
SURVIVOR_GROUP: dict[str, str] = {Gender.FEMALE: WOMEN, Gender.MALE: MEN, Gender.NON_BINARY: NON_BINARY}

# Survivors' age bands (the request records the survivor's age, 16 to 120): (key, label, youngest, oldest).
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("16-17", "16 to 17", 16, 17),
    ("18-24", "18 to 24", 18, 24),
    ("25-34", "25 to 34", 25, 34),
    ("35-44", "35 to 44", 35, 44),
    ("45-54", "45 to 54", 45, 54),
    ("55-64", "55 to 64", 55, 64),
    ("65-plus", "65 and over", 65, None),
)

# The equality data on the victim's Person record (vawg/people), each answer and "not recorded".
PROTECTED_CHARACTERISTICS: dict[str, tuple[str, dict[str, str]]] = {
    "ethnicity": ("Ethnic group", dict(Ethnicity.choices)),
    "disability": ("Disability", dict(Disability.choices)),
    "sexual_orientation": ("Sexual orientation", dict(SexualOrientation.choices)),
    "trans_status": ("Gender the same as sex registered at birth", dict(TransStatus.choices)),
}


@dataclass(frozen=True)
class FinancialYear:
    """1 April ``year`` to 31 March ``year + 1``."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"1 April {self.year} to 31 March {self.year + 1}"

    def bounds(self) -> tuple[datetime, datetime]:
        """The year as times in Europe/London: from midnight on 1 April to midnight after 31 March."""
        zone = timezone.get_default_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


def last_full_year(today: date) -> int:
    """The latest financial year that has ended by ``today``."""
    return today.year - 1 if today >= date(today.year, 4, 1) else today.year - 2


# --- The facts the return is computed from ---------------------------------------------------------


@dataclass(frozen=True)
class PlacementFact:
    """One placement overlapping the year, with its unit's type and district and the survivor's details."""

    accommodation_type: str
    district: str
    started_on: date
    ended_on: date | None
    end_reason: str
    move_on: str
    adults: int
    children: int
    survivor_gender: str
    survivor_age: int
    characteristics: tuple[str, ...] = ()
    equality: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Counted:
    """``count`` records with the same code (a reason) in one district."""

    code: str
    district: str
    count: int = 1


@dataclass(frozen=True)
class Bedspaces:
    """Bedspaces of the units of one type in one district, open on the year's last day."""

    accommodation_type: str
    district: str
    bedspaces: int


@dataclass(frozen=True)
class DistrictRow:
    district: str  # its name; NO_DISTRICT for records without one
    households_supported: int
    unable_to_support: int
    support_ended: int
    bedspaces: int


@dataclass(frozen=True)
class Part4Return:
    """The figures of one financial year. Every breakdown lists every code, 0 when none, and adds up."""

    year: FinancialYear
    config_version: str
    households_supported: int
    households_supported_by_type: dict[str, int]
    unable_to_support: int
    unable_to_support_by_reason: dict[str, int]
    support_ended: int
    support_ended_by_reason: dict[str, int]
    support_ended_by_move_on: dict[str, int]
    support_ended_by_setting: dict[str, int]
    children_supported: int
    individuals_supported: dict[str, int]
    specialist_characteristics: dict[str, int]
    survivors_with_no_characteristic: int
    protected_characteristics: dict[str, dict[str, int]]
    survivor_age_bands: dict[str, int]
    bedspaces: int
    bedspaces_by_type: dict[str, int]
    provider_declines_by_reason: dict[str, int]
    survivor_declines_by_reason: dict[str, int]
    districts: tuple[DistrictRow, ...]

    def as_api(self) -> dict[str, object]:
        return {
            "year": self.year.year,
            "from": self.year.start,
            "to": self.year.end,
            "config_version": self.config_version,
            "reason_codes_confirmed": False,
            "households_supported": self.households_supported,
            "households_supported_by_type": self.households_supported_by_type,
            "unable_to_support": self.unable_to_support,
            "unable_to_support_by_reason": self.unable_to_support_by_reason,
            "support_ended": self.support_ended,
            "support_ended_by_reason": self.support_ended_by_reason,
            "support_ended_by_move_on": self.support_ended_by_move_on,
            "support_ended_by_setting": self.support_ended_by_setting,
            "children_supported": self.children_supported,
            "individuals_supported": self.individuals_supported,
            "specialist_characteristics": self.specialist_characteristics,
            "survivor_age_bands": self.survivor_age_bands,
            "bedspaces": self.bedspaces,
            "bedspaces_by_type": self.bedspaces_by_type,
            "provider_declines_by_reason": self.provider_declines_by_reason,
        }


def _tally(codes: Iterable[tuple[str, int]], known: Iterable[str], *, optional: bool = False) -> dict[str, int]:
    """Counts by code: every known code (0 when none) and NOT_RECORDED for empty or unknown codes, so the
    counts always add up to the total. ``optional``: NOT_RECORDED only when some code is unknown (types and
    age bands, which the records always hold)."""
    tally = dict.fromkeys(known, 0) | {NOT_RECORDED: 0}
    for code, count in codes:
        tally[code if code in tally else NOT_RECORDED] += count
    if optional and not tally[NOT_RECORDED]:
        del tally[NOT_RECORDED]
    return tally


def age_band(age: int) -> str:
    for key, _label, youngest, oldest in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return key
    return NOT_RECORDED


def _individuals(placements: list[PlacementFact]) -> dict[str, int]:
    people = dict.fromkeys(INDIVIDUALS, 0)
    for placement in placements:
        group = SURVIVOR_GROUP.get(placement.survivor_gender)
        if group is None or placement.adults < 1:
            people[ADULTS_NOT_RECORDED] += placement.adults
        else:
            people[group] += 1
            people[ADULTS_NOT_RECORDED] += placement.adults - 1
        people[CHILDREN] += placement.children
    return people


def _districts(
    placements: list[PlacementFact],
    ended: list[PlacementFact],
    closures: list[Counted],
    units: list[Bedspaces],
    names: Iterable[str],
) -> tuple[DistrictRow, ...]:
    supported = Counter(placement.district for placement in placements)
    finished = Counter(placement.district for placement in ended)
    unable: Counter[str] = Counter()
    for closure in closures:
        unable[closure.district] += closure.count
    beds: Counter[str] = Counter()
    for unit in units:
        beds[unit.district] += unit.bedspaces
    seen = set(supported) | set(finished) | set(unable) | set(beds)
    ordered = sorted(set(names) | seen - {NO_DISTRICT}) + ([NO_DISTRICT] if NO_DISTRICT in seen else [])
    return tuple(
        DistrictRow(
            district=name,
            households_supported=supported[name],
            unable_to_support=unable[name],
            support_ended=finished[name],
            bedspaces=beds[name],
        )
        for name in ordered
    )


def compute_part4(
    year: FinancialYear,
    *,
    placements: Iterable[PlacementFact],
    closures: Iterable[Counted],
    provider_declines: Iterable[Counted] = (),
    survivor_declines: Iterable[Counted] = (),
    units: Iterable[Bedspaces] = (),
    districts: Iterable[str] = (),
) -> Part4Return:
    """The return for ``year`` from its facts. Placements outside the year are left out here too, so the
    caller may pass more than the year's."""
    supported = [
        placement
        for placement in placements
        if placement.started_on <= year.end and (placement.ended_on is None or placement.ended_on >= year.start)
    ]
    ended = [p for p in supported if p.ended_on is not None and year.start <= p.ended_on <= year.end]
    closures, units = list(closures), list(units)
    characteristics = _tally(
        ((code, 1) for placement in supported for code in set(placement.characteristics)), SPECIALIST_CHARACTERISTICS
    )
    characteristics.pop(NOT_RECORDED)
    return Part4Return(
        year=year,
        config_version=CONFIG_VERSION,
        households_supported=len(supported),
        households_supported_by_type=_tally(
            ((p.accommodation_type, 1) for p in supported), AccommodationType.values, optional=True
        ),
        unable_to_support=sum(closure.count for closure in closures),
        unable_to_support_by_reason=_tally(((c.code, c.count) for c in closures), UNABLE_TO_SUPPORT_REASONS),
        support_ended=len(ended),
        support_ended_by_reason=_tally(((p.end_reason, 1) for p in ended), SUPPORT_ENDED_REASONS),
        support_ended_by_move_on=_tally(((p.move_on, 1) for p in ended), MOVE_ON_DESTINATIONS),
        support_ended_by_setting={
            SANCTUARY: sum(1 for p in ended if p.accommodation_type == AccommodationType.SANCTUARY),
            OTHER_ACCOMMODATION: sum(1 for p in ended if p.accommodation_type != AccommodationType.SANCTUARY),
        },
        children_supported=sum(p.children for p in supported),
        individuals_supported=_individuals(supported),
        specialist_characteristics=characteristics,
        survivors_with_no_characteristic=sum(1 for p in supported if not p.characteristics),
        protected_characteristics={
            name: _tally(((p.equality.get(name, ""), 1) for p in supported), answers)
            for name, (_label, answers) in PROTECTED_CHARACTERISTICS.items()
        },
        survivor_age_bands=_tally(
            ((age_band(p.survivor_age), 1) for p in supported), (band[0] for band in AGE_BANDS), optional=True
        ),
        bedspaces=sum(unit.bedspaces for unit in units),
        bedspaces_by_type=_tally(
            ((u.accommodation_type, u.bedspaces) for u in units), AccommodationType.values, optional=True
        ),
        provider_declines_by_reason=_tally(((d.code, d.count) for d in provider_declines), UNABLE_TO_SUPPORT_REASONS),
        survivor_declines_by_reason=_tally(((d.code, d.count) for d in survivor_declines), SURVIVOR_DECLINE_REASONS),
        districts=_districts(supported, ended, closures, units, districts),
    )


# --- Reading the facts -----------------------------------------------------------------------------

_PLACEMENT_FIELDS = (
    "unit__accommodation_type",
    "unit__district__name",
    "started_on",
    "ended_on",
    "end_reason",
    "move_on",
    "adults",
    "children",
    "request__survivor_gender",
    "request__survivor_age",
    "request__specialist_characteristics",
    *(f"request__case__victim__{name}" for name in PROTECTED_CHARACTERISTICS),
)


def _placement_facts(year: FinancialYear) -> list[PlacementFact]:
    rows = (
        Placement.objects.filter(started_on__lte=year.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.start))
        .values_list(*_PLACEMENT_FIELDS)
    )
    facts = []
    for row in rows:
        (kind, district, started, ended, reason, move_on, adults, children, gender, age, codes, *equality) = row
        facts.append(
            PlacementFact(
                accommodation_type=kind,
                district=district or NO_DISTRICT,
                started_on=started,
                ended_on=ended,
                end_reason=reason,
                move_on=move_on,
                adults=adults,
                children=children,
                survivor_gender=gender,
                survivor_age=age,
                characteristics=tuple(codes or ()),
                equality=dict(zip(PROTECTED_CHARACTERISTICS, equality, strict=True)),
            )
        )
    return facts


def _counted(rows: Iterable[dict[str, Any]], district: str = "") -> list[Counted]:
    return [
        Counted(code=str(row["reason_code"]), district=str(row.get(district) or NO_DISTRICT), count=int(row["n"]))
        for row in rows
    ]


def part4_return(year: FinancialYear) -> Part4Return:
    """The return for ``year``, from the records (five queries)."""
    start, end = year.bounds()
    in_year = Q(created_at__gte=start, created_at__lt=end)
    closures = (
        RequestStateChange.objects.filter(in_year, state=RequestState.CLOSED)
        .values("reason_code", "request__case__district__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    declines = (
        ReservationStateChange.objects.filter(
            in_year, state__in=[ReservationState.PROVIDER_DECLINED, ReservationState.SURVIVOR_DECLINED]
        )
        .values("state", "reason_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    units = (
        Unit.objects.open_on(year.end)
        .values("accommodation_type", "district__name")
        .annotate(beds=Sum("bedspaces"))
        .order_by()
    )
    declined = list(declines)
    return compute_part4(
        year,
        placements=_placement_facts(year),
        closures=_counted(closures, "request__case__district__name"),
        provider_declines=_counted(row for row in declined if row["state"] == ReservationState.PROVIDER_DECLINED),
        survivor_declines=_counted(row for row in declined if row["state"] == ReservationState.SURVIVOR_DECLINED),
        units=[
            Bedspaces(row["accommodation_type"], row["district__name"] or NO_DISTRICT, row["beds"] or 0)
            for row in units
        ],
        districts=District.objects.order_by("name").values_list("name", flat=True),
    )
