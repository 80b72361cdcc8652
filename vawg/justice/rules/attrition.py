"""The attrition funnel of domestic-abuse crimes, from the police extract's incidents (docs/justice-outcomes.md).

Pure: counted groups of incidents in, figures out. The selectors count the incidents in the database, grouped
by what the funnel needs (``Group``); ``groups_of`` does the same for plain rows (tests, small inputs).

The funnel, each stage a subset of the one before: incidents; crimes recorded; crimes with a suspect
identified (an outcome other than 14 and 18); charged or summonsed (outcome 1); convicted (a court result
after outcome 1). Shown apart: evidential difficulties where the victim does not support action (14, 16),
where the victim supports it (15), and no suspect identified (18).

Small numbers are suppressed with MARAC's rules (vawg/marac/rules/suppression.py), over every figure the page
shows at once, with the sums a reader could use to work a hidden figure out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from vawg.intelligence.models import CourtResult
from vawg.justice.config.outcomes import (
    CHARGED,
    DIVERSIONARY_CODE,
    DOES_NOT_SUPPORT,
    FURTHER_INVESTIGATION_CODE,
    NO_SUSPECT_CODE,
    NOT_IDENTIFIED,
    OUTCOMES,
    SUPPORTS,
)
from vawg.marac.rules.suppression import Sum, Suppression, is_small, suppress

AWAITING = "awaiting"  # charged, no court result yet
COURT_CELLS: tuple[str, ...] = (*CourtResult.values, AWAITING)


@dataclass(frozen=True)
class Incident:
    """One incident as the funnel reads it (``form`` and ``district`` already resolved; "" for none)."""

    occurred_on: date
    is_crime: bool
    outcome_code: str = ""
    outcome_date: date | None = None
    court_result: str = ""
    district: str = ""
    form: str = ""


@dataclass(frozen=True)
class Group:
    """``count`` incidents alike in everything the funnel reads."""

    is_crime: bool
    outcome_code: str = ""
    court_result: str = ""
    dated: bool = False  # has an outcome date
    count: int = 1


@dataclass(frozen=True)
class Funnel:
    incidents: int = 0
    crimes: int = 0
    with_outcome: int = 0
    suspect_identified: int = 0
    by_outcome: Mapping[str, int] = field(default_factory=dict)  # every configured code, 0 when none
    court: Mapping[str, int] = field(default_factory=dict)  # of the charged: each result, and AWAITING
    undated_22: int = 0  # outcome 22 without an outcome date (the activity's completion cannot be seen)

    @property
    def no_outcome(self) -> int:
        return self.crimes - self.with_outcome

    @property
    def charged(self) -> int:
        return self.code(CHARGED)

    @property
    def convicted(self) -> int:
        return self.court.get(CourtResult.CONVICTED.value, 0)

    @property
    def victim_does_not_support(self) -> int:
        return sum(self.code(code) for code in DOES_NOT_SUPPORT)

    @property
    def victim_supports(self) -> int:
        return self.code(SUPPORTS)

    @property
    def no_suspect(self) -> int:
        return self.code(NO_SUSPECT_CODE)

    @property
    def outcome_21(self) -> int:
        return self.code(FURTHER_INVESTIGATION_CODE)

    @property
    def outcome_22(self) -> int:
        return self.code(DIVERSIONARY_CODE)

    def code(self, code: str) -> int:
        return self.by_outcome.get(code, 0)


def funnel(groups: Iterable[Group]) -> Funnel:
    incidents = crimes = with_outcome = suspect = undated_22 = 0
    by_outcome: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
    court: Counter[str] = Counter(dict.fromkeys(COURT_CELLS, 0))
    for group in groups:
        incidents += group.count
        if not group.is_crime:
            continue
        crimes += group.count
        if not group.outcome_code:
            continue
        with_outcome += group.count
        by_outcome[group.outcome_code] += group.count
        if group.outcome_code not in NOT_IDENTIFIED:
            suspect += group.count
        if group.outcome_code == CHARGED:
            court[group.court_result or AWAITING] += group.count
        if group.outcome_code == DIVERSIONARY_CODE and not group.dated:
            undated_22 += group.count
    return Funnel(incidents, crimes, with_outcome, suspect, dict(by_outcome), dict(court), undated_22)


def group_of(incident: Incident) -> Group:
    return Group(incident.is_crime, incident.outcome_code, incident.court_result, incident.outcome_date is not None)


def groups_of(incidents: Iterable[Incident]) -> list[Group]:
    """The incidents counted into groups, as the database groups them."""
    counted = Counter(group_of(incident) for incident in incidents)
    return [Group(g.is_crime, g.outcome_code, g.court_result, g.dated, count) for g, count in counted.items()]


def last_full_year(today: date) -> tuple[date, date]:
    """The last full calendar year before ``today``'s: its first and last days."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def quarter_of(day: date) -> str:
    """A calendar quarter's label: ``2025 Q1`` (January to March)."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def median_days(histogram: Mapping[int, int]) -> float | None:
    """The median of the days to outcome, from how many crimes took each number of days (None for none)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())
    middle = ((total - 1) // 2, total // 2)
    values: list[int] = []
    seen = 0
    for days, count in ordered:
        values.extend(days for position in middle if seen <= position < seen + count)
        seen += count
    return sum(values) / 2


# --- Suppression -------------------------------------------------------------------------------------------

# The figures each breakdown row shows, and the cell of the whole funnel each adds up to.
ROW_FIGURES: tuple[tuple[str, str], ...] = (
    ("incidents", "incidents"),
    ("crimes", "crimes"),
    ("suspect_identified", "suspect_identified"),
    ("charged", f"code.{CHARGED}"),
    ("convicted", "court.convicted"),
    ("victim_does_not_support", "victim_does_not_support"),
    ("no_suspect", f"code.{NO_SUSPECT_CODE}"),
)


def row_values(figures: Funnel) -> dict[str, int]:
    return {name: getattr(figures, name) for name, _ in ROW_FIGURES}


def funnel_cells(figures: Funnel) -> tuple[dict[str, int], list[Sum]]:
    """The whole funnel's cells and their sums. A figure shown twice is one cell (charged is ``code.1``)."""
    values = {
        "incidents": figures.incidents,
        "crimes": figures.crimes,
        "with_outcome": figures.with_outcome,
        "no_outcome": figures.no_outcome,
        "suspect_identified": figures.suspect_identified,
        "victim_does_not_support": figures.victim_does_not_support,
        "undated_22": figures.undated_22,
        **{f"code.{code}": count for code, count in figures.by_outcome.items()},
        **{f"court.{result}": count for result, count in figures.court.items()},
    }
    sums = [
        Sum("crimes", ("with_outcome", "no_outcome")),
        Sum("with_outcome", tuple(f"code.{code}" for code in figures.by_outcome)),
        Sum("with_outcome", ("suspect_identified", *(f"code.{code}" for code in sorted(NOT_IDENTIFIED)))),
        Sum("victim_does_not_support", tuple(f"code.{code}" for code in DOES_NOT_SUPPORT)),
        Sum(f"code.{CHARGED}", tuple(f"court.{result}" for result in figures.court)),
    ]
    return values, sums


@dataclass(frozen=True)
class PageCells:
    values: dict[str, int]
    sums: list[Sum]
    suppression: Suppression


def page_suppression(figures: Funnel, breakdowns: Mapping[str, Sequence[tuple[str, Funnel]]]) -> PageCells:
    """Every cell the page shows (the funnel's, and ``<table>.<row>.<figure>`` for each breakdown row, whose
    rows add up to the funnel), the sums between them, and which cells to hide."""
    values, sums = funnel_cells(figures)
    for table, rows in breakdowns.items():
        for key, row in rows:
            values |= {f"{table}.{key}.{name}": value for name, value in row_values(row).items()}
        for name, total in ROW_FIGURES:
            sums.append(Sum(total, tuple(f"{table}.{key}.{name}" for key, _ in rows)))
    return PageCells(values, sums, suppress(values, sums))


def shown_median(median: float | None, based_on: int) -> float | None:
    """The median days to outcome, when it is based on enough crimes to show."""
    return None if median is None or is_small(based_on) else median
