"""The SafeLives quarterly MARAC return and the benchmark dashboard: pure computation.

Dataclasses in, figures out: nothing here touches the database (vawg/marac/selectors/returns.py reads the
records into ``HeardCase`` rows). Definitions, followed exactly, are in docs/marac.md
("Quarterly return and dashboard"); the unit is a MARAC case: an agenda item heard at a meeting
in the period. Small-number suppression for aggregate views is ``suppress_count`` and friends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from vawg.marac import config

# --- Referrals by agency -------------------------------------------------------------------------

AGENCY_KEYS: tuple[str, ...] = (
    "police",
    "idva",
    "health",
    "children_social_care",
    "housing",
    "adult_social_care",
    "probation",
    "other",
)
AGENCY_LABELS: dict[str, str] = {
    "police": "Police",
    "idva": "IDVA (specialist service)",
    "health": "Health",
    "children_social_care": "Children's social care",
    "housing": "Housing",
    "adult_social_care": "Adult social care",
    "probation": "Probation",
    "other": "Other",
}
# Referring organisation's OrganisationType value -> SafeLives agency key; anything else is "other".
AGENCY_BY_ORGANISATION_TYPE: dict[str, str] = {
    "police": "police",
    "specialist-service": "idva",
    "nhs": "health",
    "gp": "health",
    "childrens-social-care": "children_social_care",
    "housing": "housing",
    "district-council": "housing",
    "adult-social-care": "adult_social_care",
    "probation": "probation",
}


def agency_key(organisation_type: str) -> str:
    return AGENCY_BY_ORGANISATION_TYPE.get(organisation_type, "other")


# --- Equality definitions ------------------------------------------------------------------------

# ONS high-level groups counted as Black, Asian or racially minoritised. "White" minorities (for
# example Gypsy, Roma or Irish Traveller) cannot be told apart from the high-level group: a known gap.
RACIALLY_MINORITISED = frozenset({"asian", "black", "mixed", "other"})
LGBTQ_ORIENTATIONS = frozenset({"gay-or-lesbian", "bisexual", "other"})
TRANS = "different"


@dataclass(frozen=True)
class PersonFacts:
    """What the return needs about a victim or a person causing harm (no names, no contact details)."""

    date_of_birth: date | None = None
    approximate_age: int | None = None
    approximate_age_recorded_on: date | None = None
    gender: str = ""
    ethnicity: str = ""
    disability: str = ""
    sexual_orientation: str = ""
    trans_status: str = ""

    def age_on(self, on: date) -> int | None:
        """Whole years on ``on`` from the date of birth; else the approximate age, moved on by the years
        since it was recorded (as ``Person.age_on``); None if neither is known."""
        if self.date_of_birth is not None:
            born = self.date_of_birth
            return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if self.approximate_age is not None:
            recorded = self.approximate_age_recorded_on or on
            return self.approximate_age + max(0, on.year - recorded.year)
        return None

    @property
    def racially_minoritised(self) -> bool:
        return self.ethnicity in RACIALLY_MINORITISED

    @property
    def lgbtq(self) -> bool:
        return self.sexual_orientation in LGBTQ_ORIENTATIONS or self.trans_status == TRANS

    @property
    def disabled(self) -> bool:
        return self.disability == "yes"

    @property
    def male(self) -> bool:
        return self.gender == "male"


@dataclass(frozen=True)
class HeardCase:
    """One MARAC case: an agenda item heard at a meeting (``meeting_on``: the meeting's local date)."""

    meeting_on: date
    referred_on: date
    is_repeat: bool
    referring_organisation_type: str
    children_in_household: int | None
    victim: PersonFacts
    perpetrator: PersonFacts | None = None


# --- Periods -------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str = field(default="", compare=False)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def quarter_of(day: date) -> Period:
    """The calendar quarter holding ``day`` (SafeLives quarters end 31 March, 30 June, 30 September, 31 December)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    end = next_start - timedelta(days=1)
    return Period(start, end, f"{_MONTHS[first_month - 1]} to {_MONTHS[first_month + 1]} {day.year}")


def last_quarters(today: date, count: int = 8) -> list[Period]:
    """The ``count`` most recent complete quarters before ``today``, oldest first."""
    quarters: list[Period] = []
    end = quarter_of(today).start - timedelta(days=1)
    for _ in range(count):
        quarter = quarter_of(end)
        quarters.append(quarter)
        end = quarter.start - timedelta(days=1)
    return quarters[::-1]


def rolling_twelve_months(today: date) -> Period:
    """The 12 months to the end of the last complete quarter (as SafeLives publishes: "12 months to ...")."""
    quarters = last_quarters(today, 4)
    end = quarters[-1].end
    return Period(quarters[0].start, end, f"12 months to {end.day} {_MONTHS[end.month - 1]} {end.year}")


# --- The return ----------------------------------------------------------------------------------


def rate_per_10k(cases: int, population: int | None) -> float | None:
    """Cases per 10,000 adult women, to 1 decimal place; None without a population."""
    if not population:
        return None
    return round(cases / population * 10_000, 1)


@dataclass(frozen=True)
class ReturnFigures:
    """The SafeLives return for one period (field names as docs/domain/marac.md#the-quarterly-return)."""

    period: Period
    meeting_dates: tuple[date, ...]
    cases_discussed: int
    repeat_cases: int
    referrals_by_agency: dict[str, int]
    children_in_households: int
    children_unknown: int
    victim_bame_or_racially_minoritised: int
    victim_lgbtq: int
    victim_disabled: int
    victim_male: int
    victim_aged_16_17: int
    perpetrators_aged_17_or_under: int
    adult_female_population: int | None
    cases_per_10k_adult_women: float | None

    @property
    def partner_referrals(self) -> int:
        return self.cases_discussed - self.referrals_by_agency["police"]

    def as_api(self) -> dict[str, object]:
        """The API body: exactly the B.10 names, plus ``cases_per_10k_adult_women``, ``from`` and ``to``."""
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "meeting_dates": [day.isoformat() for day in self.meeting_dates],
            "cases_discussed": self.cases_discussed,
            "repeat_cases": self.repeat_cases,
            "referrals_by_agency": {key: self.referrals_by_agency[key] for key in AGENCY_KEYS},
            "children_in_households": self.children_in_households,
            "victim_bame_or_racially_minoritised": self.victim_bame_or_racially_minoritised,
            "victim_lgbtq": self.victim_lgbtq,
            "victim_disabled": self.victim_disabled,
            "victim_male": self.victim_male,
            "victim_aged_16_17": self.victim_aged_16_17,
            "perpetrators_aged_17_or_under": self.perpetrators_aged_17_or_under,
            "cases_per_10k_adult_women": self.cases_per_10k_adult_women,
        }

    def rows(self) -> list[tuple[str, object]]:
        """(label, value) rows for the page and the CSV/XLSX downloads, in SafeLives order."""
        rows: list[tuple[str, object]] = [
            ("From", self.period.start),
            ("To", self.period.end),
            ("Meetings held", len(self.meeting_dates)),
            ("Meeting dates", ", ".join(day.strftime("%-d %B %Y") for day in self.meeting_dates) or "None"),
            ("Cases discussed (including repeats)", self.cases_discussed),
            ("Repeat cases", self.repeat_cases),
        ]
        rows += [(f"Cases referred by: {AGENCY_LABELS[key]}", self.referrals_by_agency[key]) for key in AGENCY_KEYS]
        rows += [
            ("Children in the households", self.children_in_households),
            ("Cases where the number of children is not known", self.children_unknown),
            ("Victims: Black, Asian or racially minoritised", self.victim_bame_or_racially_minoritised),
            ("Victims: LGBT+", self.victim_lgbtq),
            ("Victims: disabled", self.victim_disabled),
            ("Victims: male", self.victim_male),
            ("Victims: aged 16 or 17", self.victim_aged_16_17),
            ("Persons causing harm aged 17 or under", self.perpetrators_aged_17_or_under),
            ("Adult (16+) female population", self.adult_female_population or "Not configured"),
            ("Cases per 10,000 adult women (this period)", self.cases_per_10k_adult_women or "Not available"),
        ]
        return rows


def compute_return(
    *,
    period: Period,
    meeting_dates: Iterable[date],
    cases: Iterable[HeardCase],
    adult_female_population: int | None,
) -> ReturnFigures:
    """The return for ``period``: meetings and cases outside it are ignored."""
    heard = [case for case in cases if case.meeting_on in period]
    by_agency = dict.fromkeys(AGENCY_KEYS, 0)
    for case in heard:
        by_agency[agency_key(case.referring_organisation_type)] += 1

    def victims(test: str) -> int:
        return sum(1 for case in heard if getattr(case.victim, test))

    def aged(person: PersonFacts | None, on: date, low: int, high: int) -> bool:
        age = person.age_on(on) if person is not None else None
        return age is not None and low <= age <= high

    return ReturnFigures(
        period=period,
        meeting_dates=tuple(sorted(day for day in meeting_dates if day in period)),
        cases_discussed=len(heard),
        repeat_cases=sum(1 for case in heard if case.is_repeat),
        referrals_by_agency=by_agency,
        children_in_households=sum(case.children_in_household or 0 for case in heard),
        children_unknown=sum(1 for case in heard if case.children_in_household is None),
        victim_bame_or_racially_minoritised=victims("racially_minoritised"),
        victim_lgbtq=victims("lgbtq"),
        victim_disabled=victims("disabled"),
        victim_male=victims("male"),
        victim_aged_16_17=sum(1 for case in heard if aged(case.victim, case.referred_on, 16, 17)),
        perpetrators_aged_17_or_under=sum(1 for case in heard if aged(case.perpetrator, case.referred_on, 0, 17)),
        adult_female_population=adult_female_population,
        cases_per_10k_adult_women=rate_per_10k(len(heard), adult_female_population),
    )


# --- Small-number suppression (aggregate views) --------------------------------------------------

SUPPRESSED = "fewer than 5"
SUPPRESSED_RATE = "suppressed (fewer than 5)"
NOT_AVAILABLE = "not available"


def is_small(count: int) -> bool:
    """A count from 1 to 4 could identify someone: it is never shown in an aggregate view (0 is).
    Secondary suppression is vawg.marac.rules.suppression."""
    return 1 <= count < config.SUPPRESSION_THRESHOLD


def suppress_count(count: int) -> str:
    return SUPPRESSED if is_small(count) else f"{count:,}"


def suppress_rate(value: float | None, *based_on: int, suffix: str = "") -> str:
    """A percentage or rate, suppressed when any count it is computed from is from 1 to 4."""
    if any(is_small(count) for count in based_on):
        return SUPPRESSED_RATE
    if value is None:
        return NOT_AVAILABLE
    return f"{value:,.1f}{suffix}"


def percentage(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def shown(value: float | None, *based_on: int) -> float | None:
    """``value`` when it may be drawn (nothing drawn for a suppressed or missing figure)."""
    return None if value is None or any(is_small(count) for count in based_on) else value


# --- Benchmark measures --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    """The dashboard's measures for one period (exact; suppress them before showing)."""

    cases: int
    cases_per_10k: float | None  # the period's own rate
    annualised_per_10k: float | None  # a quarter's rate x 4, or the 12 months' own rate
    repeat_rate: float | None
    partner_share: float | None
    equality: dict[str, float | None]
    idva_fte: float
    admin_fte: float


def measures(figures: ReturnFigures, *, months: int) -> Measures:
    """Benchmarks for a period of ``months`` months (3: a quarter, annualised x4; 12: rolling 12 months)."""
    cases = figures.cases_discussed
    annual_factor = 12 / months
    rate = figures.cases_per_10k_adult_women
    annual_cases = cases * annual_factor
    return Measures(
        cases=cases,
        cases_per_10k=rate,
        annualised_per_10k=None if rate is None else round(rate * annual_factor, 1),
        repeat_rate=percentage(figures.repeat_cases, cases),
        partner_share=percentage(figures.partner_referrals, cases),
        equality={
            benchmark.key: percentage(int(getattr(figures, benchmark.key)), cases)
            for benchmark in config.NATIONAL_EQUALITY
        },
        idva_fte=round(annual_cases / config.CASES_PER_IDVA_FTE.value, 1),
        admin_fte=round(annual_cases / config.CASES_PER_ADMIN_FTE.value, 1),
    )
