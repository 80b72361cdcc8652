"""Reads for the SafeLives return and the dashboard: the records the return needs, as ``vawg.marac.rules.returns``
dataclasses.

A few queries whatever the number of cases (no N+1): the heard items with their referral, victim and
person causing harm in one query (only the equality and age fields: never a name, address or contact
detail), the meeting dates in one, and the populations in two. Aggregates count every case in the
areas chosen: no case-level gate applies because nothing about a case leaves this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from vawg.accounts.models import District
from vawg.core.dates import london_date, london_days
from vawg.marac.models import AdultFemalePopulation, AgendaItem, MaracArea, MaracMeeting, MeetingState
from vawg.marac.rules.returns import HeardCase, Period, PersonFacts, ReturnFigures, compute_return

HELD_STATES = (MeetingState.HELD, MeetingState.MINUTES_PUBLISHED)

_PERSON_FIELDS = (
    "date_of_birth",
    "approximate_age",
    "created_at",
    "gender",
    "ethnicity",
    "disability",
    "sexual_orientation",
    "trans_status",
)
_VICTIM = "marac_referral__case__victim__"
_PERPETRATOR = "marac_referral__perpetrator__"
_ITEM_FIELDS = (
    "meeting__starts_at",
    "marac_referral__referred_on",
    "marac_referral__is_repeat",
    "marac_referral__referring_organisation__type",
    "marac_referral__children_in_household",
    "marac_referral__perpetrator_id",
    *(_VICTIM + name for name in _PERSON_FIELDS),
    *(_PERPETRATOR + name for name in _PERSON_FIELDS),
)


def _person(row: dict[str, object], prefix: str) -> PersonFacts:
    created = row[prefix + "created_at"]
    return PersonFacts(
        date_of_birth=row[prefix + "date_of_birth"],  # type: ignore[arg-type]
        approximate_age=row[prefix + "approximate_age"],  # type: ignore[arg-type]
        approximate_age_recorded_on=london_date(created) if isinstance(created, datetime) else None,
        gender=str(row[prefix + "gender"] or ""),
        ethnicity=str(row[prefix + "ethnicity"] or ""),
        disability=str(row[prefix + "disability"] or ""),
        sexual_orientation=str(row[prefix + "sexual_orientation"] or ""),
        trans_status=str(row[prefix + "trans_status"] or ""),
    )


@dataclass(frozen=True)
class ReturnData:
    """Everything needed to compute returns for any period between ``start`` and ``end``."""

    start: date
    end: date
    cases: tuple[HeardCase, ...]
    meeting_dates: tuple[date, ...]
    districts: dict[UUID, str]  # id -> name, of the areas included
    populations: dict[UUID, tuple[tuple[int, int], ...]]  # district id -> ((year, women 16+), ...), newest first

    def population(self, year: int) -> tuple[int | None, list[str]]:
        """The sum over the districts of each one's latest figure for ``year`` or before, and the
        names of the districts with no such figure (left out of the sum). None if no figure at all."""
        total, missing = 0, []
        for district_id, name in self.districts.items():
            figure = next((n for y, n in self.populations.get(district_id, ()) if y <= year), None)
            if figure is None:
                missing.append(name)
            else:
                total += figure
        return (total if len(missing) < len(self.districts) else None), sorted(missing)

    def figures(self, period: Period) -> ReturnFigures:
        population, _missing = self.population(period.end.year)
        return compute_return(
            period=period, meeting_dates=self.meeting_dates, cases=self.cases, adult_female_population=population
        )


def return_data(*, start: date, end: date, areas: Sequence[MaracArea] | None = None) -> ReturnData:
    """Load the heard cases, meeting dates and populations from ``start`` to ``end`` (inclusive) for
    ``areas`` (None: every area)."""
    lower, upper = london_days(start, end)
    items = AgendaItem.objects.heard().filter(meeting__starts_at__gte=lower, meeting__starts_at__lt=upper)
    meetings = MaracMeeting.objects.filter(current_state__in=HELD_STATES, starts_at__gte=lower, starts_at__lt=upper)
    districts = District.objects.filter(marac_areas__isnull=False)
    if areas is not None:
        items = items.filter(meeting__area__in=areas)
        meetings = meetings.filter(area__in=areas)
        districts = districts.filter(marac_areas__in=areas)
    cases = tuple(
        HeardCase(
            meeting_on=london_date(row["meeting__starts_at"]),
            referred_on=row["marac_referral__referred_on"],
            is_repeat=row["marac_referral__is_repeat"],
            referring_organisation_type=row["marac_referral__referring_organisation__type"],
            children_in_household=row["marac_referral__children_in_household"],
            victim=_person(row, _VICTIM),
            perpetrator=_person(row, _PERPETRATOR) if row["marac_referral__perpetrator_id"] else None,
        )
        for row in items.order_by().values(*_ITEM_FIELDS)
    )
    district_names = dict(districts.order_by("name").distinct().values_list("id", "name"))
    populations: dict[UUID, list[tuple[int, int]]] = {}
    for district_id, year, women in (
        AdultFemalePopulation.objects.filter(district__in=list(district_names), year__lte=end.year)
        .order_by("district", "-year")
        .values_list("district_id", "year", "women_16_plus")
    ):
        populations.setdefault(district_id, []).append((year, women))
    return ReturnData(
        start=start,
        end=end,
        cases=cases,
        meeting_dates=tuple(sorted(london_date(moment) for moment in meetings.values_list("starts_at", flat=True))),
        districts=district_names,
        populations={key: tuple(value) for key, value in populations.items()},
    )


def return_for(period: Period, *, areas: Sequence[MaracArea] | None = None) -> tuple[ReturnFigures, list[str]]:
    """The return for ``period`` and the districts without a population figure."""
    data = return_data(start=period.start, end=period.end, areas=areas)
    return data.figures(period), data.population(period.end.year)[1]
