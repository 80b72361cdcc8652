"""Display values for the benchmark dashboard: charts (server-side SVG) and their data tables.

Everything shown here is already suppressed (vawg.marac.rules.returns: counts from 1 to 4 become "fewer
than 5", and any rate or share computed from such a count is suppressed too). Nothing here names or
links to a case.
"""

from __future__ import annotations

from dataclasses import dataclass

from vawg.marac import config
from vawg.marac.rules.returns import (
    Measures,
    ReturnFigures,
    is_small,
    measures,
    suppress_count,
    suppress_rate,
)

# SVG geometry, in percent of the chart width: labels on the left, bars on the right.
LABEL_WIDTH = 38.0
BAR_SPACE = 58.0
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    count_text: str  # the cases the figure is computed from (suppressed)
    value_text: str  # the figure (suppressed)
    comparator_text: str
    width: float  # bar width, percent of the SVG (0 when suppressed or missing)
    comparator_x: float  # where the comparator mark sits, percent of the SVG
    y: int

    @property
    def bar_y(self) -> int:
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW_HEIGHT // 2 + 5


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    value_heading: str
    comparator_heading: str
    bars: tuple[Bar, ...]
    bar_x: float = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars) + 4


@dataclass(frozen=True)
class CapacityRow:
    label: str
    cases_text: str
    idva_fte_text: str
    admin_fte_text: str


@dataclass(frozen=True)
class Dashboard:
    charts: tuple[Chart, ...]
    capacity: tuple[CapacityRow, ...]
    rolling_label: str
    missing_populations: tuple[str, ...]


def suppress_share(value: float | None, part: int, whole: int) -> str:
    """A share of ``whole``: suppressed if the part, the rest or the whole is from 1 to 4 (so no small
    count can be worked back from it)."""
    return suppress_rate(value, part, whole - part, whole, suffix="%")


def _share_hidden(part: int, whole: int) -> bool:
    return any(is_small(n) for n in (part, whole - part, whole))


def _chart(
    key: str,
    title: str,
    description: str,
    value_heading: str,
    rows: list[tuple[str, int, float | None, str, bool, float]],
    *,
    suffix: str = "",
) -> Chart:
    """``rows``: (label, cases, value, value text, hidden, comparator value)."""
    top = max([value or 0.0 for _, _, value, _, hidden, _ in rows if not hidden] + [row[5] for row in rows] + [1.0])
    scale = BAR_SPACE / (top * 1.1)
    bars = tuple(
        Bar(
            label=label,
            count_text=suppress_count(cases),
            value_text=text,
            comparator_text=f"{comparator:g}{suffix}",
            width=0.0 if hidden or value is None else round(value * scale, 2),
            comparator_x=round(LABEL_WIDTH + comparator * scale, 2),
            y=index * ROW_HEIGHT,
        )
        for index, (label, cases, value, text, hidden, comparator) in enumerate(rows)
    )
    return Chart(key, title, description, value_heading, "Comparator", bars)


def dashboard(
    quarters: list[ReturnFigures], rolling: ReturnFigures, *, missing_populations: list[str] | tuple[str, ...] = ()
) -> Dashboard:
    """The dashboard for ``quarters`` (oldest first) and the rolling 12 months."""
    periods: list[tuple[ReturnFigures, Measures, bool]] = [
        *((figures, measures(figures, months=3), False) for figures in quarters),
        (rolling, measures(rolling, months=12), True),
    ]
    expected = config.EXPECTED_CASES_PER_10K.value
    rate_rows = [
        (
            f.period.label,
            m.cases,
            m.annualised_per_10k,
            suppress_rate(m.annualised_per_10k, m.cases),
            is_small(m.cases),
            expected,
        )
        for f, m, is_rolling in periods
    ]
    repeat_rows = [
        (
            f.period.label,
            m.cases,
            m.repeat_rate,
            suppress_share(m.repeat_rate, f.repeat_cases, m.cases),
            _share_hidden(f.repeat_cases, m.cases),
            config.NATIONAL_REPEAT_RATE.value,
        )
        for f, m, is_rolling in periods
    ]
    partner_rows = [
        (
            f.period.label,
            m.cases,
            m.partner_share,
            suppress_share(m.partner_share, f.partner_referrals, m.cases),
            _share_hidden(f.partner_referrals, m.cases),
            config.NATIONAL_PARTNER_SHARE.value,
        )
        for f, m, is_rolling in periods
    ]
    rolling_measures = periods[-1][1]
    equality_rows = []
    for benchmark in config.NATIONAL_EQUALITY:
        part = int(getattr(rolling, benchmark.key))
        value = rolling_measures.equality[benchmark.key]
        equality_rows.append(
            (
                benchmark.label,
                rolling.cases_discussed,
                value,
                suppress_share(value, part, rolling.cases_discussed),
                _share_hidden(part, rolling.cases_discussed),
                benchmark.value,
            )
        )
    charts = (
        _chart(
            "rate",
            "Cases per 10,000 adult women",
            f"Each quarter's rate multiplied by 4 (annualised), and the rolling 12 months' own rate, against the "
            f"expected {expected:g} a year (SafeLives). National: {config.NATIONAL_CASES_PER_10K.value:g}.",
            "Cases per 10,000 a year",
            rate_rows,
        ),
        _chart(
            "repeats",
            "Repeat cases",
            f"Share of cases discussed that were repeats, against the national {config.NATIONAL_REPEAT_RATE.value:g}%.",
            "Repeat cases (%)",
            repeat_rows,
            suffix="%",
        ),
        _chart(
            "partners",
            "Referrals from agencies other than the police",
            "Share of cases discussed referred by an agency other than the police, against the national "
            f"{config.NATIONAL_PARTNER_SHARE.value:g}%.",
            "Partner referrals (%)",
            partner_rows,
            suffix="%",
        ),
        _chart(
            "equality",
            "Victims by equality group, rolling 12 months",
            f"Share of cases discussed in the {rolling.period.label}, against the national figures "
            f"({config.NATIONAL_PERIOD}).",
            "Share of cases (%)",
            equality_rows,
            suffix="%",
        ),
    )
    capacity = tuple(
        CapacityRow(
            label=f.period.label + ("" if is_rolling else " (annualised)"),
            cases_text=suppress_count(m.cases),
            idva_fte_text=suppress_rate(m.idva_fte, m.cases),
            admin_fte_text=suppress_rate(m.admin_fte, m.cases),
        )
        for f, m, is_rolling in periods
    )
    return Dashboard(charts, capacity, rolling.period.label, tuple(missing_populations))
