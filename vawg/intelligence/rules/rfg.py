"""The recency-frequency-gravity (RFG) ranking of people causing harm: a pure, versioned function.

Local model, not Northumbria's. Northumbria's MATAC does not publish its arithmetic; this is our own
reading of "recency, frequency, gravity" with Cleveland's "victims" added (docs/rfg.md). The score is
advisory: the MATAC panel decides who is discussed.

Nothing here reads the database or a file: ``score`` takes plain rows and a weights mapping and returns
one ``Score`` per person scored. The DuckDB engine (vawg/intelligence/rfg/engine.py) computes exactly the
same figures over files, and its tests hold it to this function.

The model (``MODEL_VERSION``), for an as-of date and ``days before`` = as-of minus the day it happened:

- incidents after the as-of date are ignored; the window is 0 to ``window_days - 1`` days before;
- ``recency``: points by the days since the latest incident in the window (``recency_bands``: up to 30
  days 5, up to 91 days 4, up to 182 days 3, up to 365 days 2, otherwise 1);
- ``frequency``: incidents in the window; ``frequency_12m``: those up to ``twelve_month_days`` before;
- ``gravity``: the sum of the incidents' harm weights in the window; ``gravity_max``: the largest;
- ``victims``: distinct victims in the window;
- ``serial``: 2 or more distinct victims 0 to ``serial_window_days - 1`` days before;
- ``total``: 100 x the mean of the percentile ranks of recency, frequency, gravity and victims among the
  people scored (ties share their average rank, as pandas ``rank(method="average", pct=True)``);
- ``rank``: 1 for the highest total, equal totals by ``perpetrator_id`` ascending.

People with no incident in the window are left out. Weights are added up exactly (as whole millionths),
so the order incidents arrive in never changes a sum, a tie or a rank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

MODEL_VERSION = "local-rfgv-2026.1"
MODEL_LABEL = "Local model, not Northumbria's"

# Weights are held as whole millionths, so sums are exact in Python and in DuckDB (DECIMAL(18, 6)).
WEIGHT_DECIMALS = 6
WEIGHT_SCALE = 10**WEIGHT_DECIMALS
# The largest weight accepted: far above any scheme's (CCHI's largest is a life sentence, in days).
WEIGHT_MAX = Decimal(10) ** 11


@dataclass(frozen=True)
class Parameters:
    """The model's parameters, stored with each run. Days are counted back from the as-of date (0 = that day)."""

    window_days: int = 730
    serial_window_days: int = 1095
    twelve_month_days: int = 365
    # (at most this many days since the latest incident, points), in increasing days; otherwise ``recency_otherwise``.
    recency_bands: tuple[tuple[int, int], ...] = ((30, 5), (91, 4), (182, 3), (365, 2))
    recency_otherwise: int = 1

    def __post_init__(self) -> None:
        days = [limit for limit, _ in self.recency_bands]
        if days != sorted(set(days)) or any(limit < 0 for limit in days):
            raise ValueError("Recency bands must be in increasing days, each once.")
        if not 0 < self.twelve_month_days < self.window_days <= self.serial_window_days:
            raise ValueError("The windows must grow: 12 months < the window <= the serial window.")

    def as_dict(self) -> dict[str, Any]:
        """The parameters as JSON-ready data (stored on each run)."""
        values = asdict(self)
        values["recency_bands"] = [list(band) for band in self.recency_bands]
        return values

    def recency(self, days_since_latest: int) -> int:
        for limit, points in self.recency_bands:
            if days_since_latest <= limit:
                return points
        return self.recency_otherwise


DEFAULT = Parameters()


@dataclass(frozen=True)
class Incident:
    """One incident as the model sees it: who, against whom, when and what (nothing else)."""

    incident_id: str
    perpetrator_id: str
    victim_id: str
    occurred_on: date
    offence_code: str


@dataclass(frozen=True)
class Score:
    """One person's score: every component beside the total and the rank. The output columns, in order."""

    rank: int
    perpetrator_id: str
    recency: int
    frequency: int
    frequency_12m: int
    gravity: float
    gravity_max: float
    victims: int
    serial: bool
    total: float


COLUMNS: tuple[str, ...] = tuple(Score.__dataclass_fields__)
INCIDENT_COLUMNS: tuple[str, ...] = tuple(Incident.__dataclass_fields__)


class RfgInputError(ValueError):
    """The inputs cannot be scored; the message says why (never a person's details, only ids and codes)."""


class UnknownOffenceCodesError(RfgInputError):
    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = sorted(set(codes))
        super().__init__(f"No harm weight for offence code(s): {', '.join(self.codes)}.")


def weight_units(weight: object) -> int:
    """A weight in whole millionths; a ``RfgInputError`` for one that is not a number, is negative, is too
    large or has more than six decimal places."""
    if isinstance(weight, bool):
        raise RfgInputError(f"A weight must be a number, not {weight!r}.")
    try:
        value = Decimal(str(weight).strip())
    except InvalidOperation:
        raise RfgInputError(f"A weight must be a number, not {str(weight)[:20]!r}.") from None
    if not value.is_finite():
        raise RfgInputError(f"A weight must be a number, not {str(weight)[:20]!r}.")
    if value < 0:
        raise RfgInputError(f"A weight may not be negative ({value}).")
    if value > WEIGHT_MAX:
        raise RfgInputError(f"A weight may not be more than {WEIGHT_MAX:,} ({value}).")
    units = value * WEIGHT_SCALE
    if units != units.to_integral_value():
        raise RfgInputError(f"A weight has at most {WEIGHT_DECIMALS} decimal places ({value}).")
    return int(units)


@dataclass
class _Tally:
    latest: int | None = None
    frequency: int = 0
    frequency_12m: int = 0
    gravity: int = 0
    gravity_max: int = 0
    victims: set[str] = field(default_factory=set)
    serial_victims: set[str] = field(default_factory=set)


def _check(incidents: list[Incident], units: Mapping[str, int], as_of: date, params: Parameters) -> None:
    unknown = {incident.offence_code for incident in incidents} - set(units)
    if unknown:
        raise UnknownOffenceCodesError(unknown)
    seen: set[str] = set()
    twice: set[str] = set()
    for incident in incidents:
        if 0 <= (as_of - incident.occurred_on).days < params.serial_window_days:
            (twice if incident.incident_id in seen else seen).add(incident.incident_id)
    if twice:
        shown = sorted(twice)[:10]
        raise RfgInputError(f"Incident id(s) counted more than once: {', '.join(shown)}.")


def _tallies(incidents: list[Incident], units: Mapping[str, int], as_of: date, params: Parameters) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for incident in incidents:
        days = (as_of - incident.occurred_on).days
        if days < 0 or days >= params.serial_window_days:
            continue
        tally = tallies.setdefault(incident.perpetrator_id, _Tally())
        tally.serial_victims.add(incident.victim_id)
        if days >= params.window_days:
            continue
        weight = units[incident.offence_code]
        tally.latest = days if tally.latest is None else min(tally.latest, days)
        tally.frequency += 1
        tally.frequency_12m += days <= params.twelve_month_days
        tally.gravity += weight
        tally.gravity_max = max(tally.gravity_max, weight)
        tally.victims.add(incident.victim_id)
    return {person: tally for person, tally in tallies.items() if tally.latest is not None}


def doubled_average_ranks(values: list[Any]) -> list[int]:
    """Twice each value's average rank among ``values`` (1 for the smallest; ties share the average of
    their ranks: the smallest rank plus half of one less than their number). Whole numbers, so exact."""
    ordered = sorted(values)
    first: dict[Any, int] = {}
    ties: dict[Any, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
        ties[value] = ties.get(value, 0) + 1
    return [2 * first[value] + ties[value] - 1 for value in values]


def total_from_points(points: int, people: int) -> float:
    """100 x the mean of the four percentile ranks, from the sum of the four doubled average ranks:
    mean(rank_i / n) x 100 = points / (2 x 4 x n) x 100."""
    return 100.0 * points / (8 * people)


def score(
    incidents: Iterable[Incident], weights: Mapping[str, object], as_of: date, params: Parameters = DEFAULT
) -> list[Score]:
    """Score everyone with an incident in the window, ranked (1 = highest total), as the module says.

    Raises ``UnknownOffenceCodesError`` naming every code without a weight (in any incident given, whatever its
    date), and ``RfgInputError`` for a weight that is not a non-negative number of at most six decimal places
    or for an incident id given twice among the incidents that count (up to the serial window before as-of).
    """
    rows = list(incidents)
    units = {code: weight_units(weight) for code, weight in weights.items()}
    _check(rows, units, as_of, params)
    tallies = _tallies(rows, units, as_of, params)
    people = sorted(tallies)
    if not people:
        return []
    recency = {person: params.recency(tallies[person].latest or 0) for person in people}
    components = [
        [recency[person] for person in people],
        [tallies[person].frequency for person in people],
        [tallies[person].gravity for person in people],
        [len(tallies[person].victims) for person in people],
    ]
    points = [sum(column) for column in zip(*map(doubled_average_ranks, components), strict=True)]
    order = sorted(range(len(people)), key=lambda index: (-points[index], people[index]))
    scores = []
    for rank, index in enumerate(order, start=1):
        person = people[index]
        tally = tallies[person]
        scores.append(
            Score(
                rank=rank,
                perpetrator_id=person,
                recency=recency[person],
                frequency=tally.frequency,
                frequency_12m=tally.frequency_12m,
                gravity=tally.gravity / WEIGHT_SCALE,
                gravity_max=tally.gravity_max / WEIGHT_SCALE,
                victims=len(tally.victims),
                serial=len(tally.serial_victims) >= 2,
                total=total_from_points(points[index], len(people)),
            )
        )
    return scores
