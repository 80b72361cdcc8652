"""Display values for the benchmark dashboard: charts (server-side SVG) and their data tables.

Everything shown here is suppressed (vawg.marac.rules.suppression, docs/marac.md#small-number-suppression):
counts from 1 to 4 read "fewer than 5", any rate or share computed from a hidden count is hidden too, and
secondary cells are hidden so that no hidden count can be worked out from the 12 months' total, the
quarters and the shares. Nothing here names or links to a case.
"""

from __future__ import annotations

from dataclasses import dataclass

from vawg.marac import config
from vawg.marac.rules.returns import (
    NOT_AVAILABLE,
    SUPPRESSED,
    SUPPRESSED_RATE,
    Measures,
    ReturnFigures,
    measures,
    suppress_rate,
)
from vawg.marac.rules.suppression import Sum, Suppression, suppress

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


Row = tuple[str, str, float | None, str, bool, float]
SUPPRESSED_OTHER = "suppressed"  # hidden so that no small count can be worked out (secondary)


@dataclass(frozen=True)
class _Cells:
    """The dashboard's counts as named cells, their sums, and what the rule hides."""

    values: dict[str, int]
    result: Suppression

    def hidden(self, *cells: str) -> bool:
        return any(cell in self.result.hidden for cell in cells)

    def count(self, cell: str) -> str:
        if cell in self.result.small:
            return SUPPRESSED
        return SUPPRESSED_OTHER if self.hidden(cell) else f"{self.values[cell]:,}"

    def figure(self, value: float | None, *cells: str, suffix: str = "") -> str:
        """A rate or share computed from ``cells``: hidden when any of them is."""
        if any(cell in self.result.small for cell in cells):
            return SUPPRESSED_RATE
        if self.hidden(*cells):
            return SUPPRESSED_OTHER
        return NOT_AVAILABLE if value is None else f"{value:,.1f}{suffix}"


SPLITS = (("repeats", "not_repeats"), ("partner", "police"))


def _cells(periods: list[ReturnFigures], rolling: ReturnFigures) -> _Cells:
    """Cells ``<period>.<kind>`` (period: the quarter's index, or "rolling"); the 12 months are the sum of
    the quarters inside them; a share shows its part and the rest together."""
    values: dict[str, int] = {}
    sums: list[Sum] = []
    together: list[tuple[str, str]] = []
    named = [(str(index), figures) for index, figures in enumerate(periods)] + [("rolling", rolling)]
    for name, f in named:
        values |= {
            f"{name}.cases": f.cases_discussed,
            f"{name}.repeats": f.repeat_cases,
            f"{name}.not_repeats": f.cases_discussed - f.repeat_cases,
            f"{name}.partner": f.partner_referrals,
            f"{name}.police": f.cases_discussed - f.partner_referrals,
        }
        for part, rest in SPLITS:
            sums.append(Sum(f"{name}.cases", (f"{name}.{part}", f"{name}.{rest}")))
            together.append((f"{name}.{part}", f"{name}.{rest}"))
    for benchmark in config.NATIONAL_EQUALITY:
        group = int(getattr(rolling, benchmark.key))
        values |= {f"rolling.{benchmark.key}": group, f"rolling.not_{benchmark.key}": rolling.cases_discussed - group}
        pair = (f"rolling.{benchmark.key}", f"rolling.not_{benchmark.key}")
        sums.append(Sum("rolling.cases", pair))
        together.append(pair)
    end = rolling.period
    inside = [name for name, f in named[:-1] if end.start <= f.period.start <= f.period.end <= end.end]
    if inside:
        kinds = ("cases", *(cell for split in SPLITS for cell in split))
        sums += [Sum(f"rolling.{kind}", tuple(f"{name}.{kind}" for name in inside)) for kind in kinds]
    return _Cells(values, suppress(values, sums, together=together))


def _chart(
    key: str,
    title: str,
    description: str,
    value_heading: str,
    rows: list[Row],
    *,
    suffix: str = "",
) -> Chart:
    """``rows``: (label, cases text, value, value text, hidden, comparator value)."""
    top = max([value or 0.0 for _, _, value, _, hidden, _ in rows if not hidden] + [row[5] for row in rows] + [1.0])
    scale = BAR_SPACE / (top * 1.1)
    bars = tuple(
        Bar(
            label=label,
            count_text=cases_text,
            value_text=text,
            comparator_text=f"{comparator:g}{suffix}",
            width=0.0 if hidden or value is None else round(value * scale, 2),
            comparator_x=round(LABEL_WIDTH + comparator * scale, 2),
            y=index * ROW_HEIGHT,
        )
        for index, (label, cases_text, value, text, hidden, comparator) in enumerate(rows)
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
    cells = _cells(quarters, rolling)
    names = [str(index) for index in range(len(quarters))] + ["rolling"]
    expected = config.EXPECTED_CASES_PER_10K.value
    rate_rows = [
        (
            f.period.label,
            cells.count(f"{name}.cases"),
            m.annualised_per_10k,
            cells.figure(m.annualised_per_10k, f"{name}.cases"),
            cells.hidden(f"{name}.cases"),
            expected,
        )
        for name, (f, m, _) in zip(names, periods, strict=True)
    ]

    def share_rows(part: str, rest: str, measure: str, comparator: float) -> list[Row]:
        return [
            (
                f.period.label,
                cells.count(f"{name}.cases"),
                getattr(m, measure),
                cells.figure(getattr(m, measure), f"{name}.cases", f"{name}.{part}", f"{name}.{rest}", suffix="%"),
                cells.hidden(f"{name}.cases", f"{name}.{part}", f"{name}.{rest}"),
                comparator,
            )
            for name, (f, m, _) in zip(names, periods, strict=True)
        ]

    repeat_rows = share_rows("repeats", "not_repeats", "repeat_rate", config.NATIONAL_REPEAT_RATE.value)
    partner_rows = share_rows("partner", "police", "partner_share", config.NATIONAL_PARTNER_SHARE.value)
    rolling_measures = periods[-1][1]
    equality_rows = []
    for benchmark in config.NATIONAL_EQUALITY:
        value = rolling_measures.equality[benchmark.key]
        used = ("rolling.cases", f"rolling.{benchmark.key}", f"rolling.not_{benchmark.key}")
        equality_rows.append(
            (
                benchmark.label,
                cells.count("rolling.cases"),
                value,
                cells.figure(value, *used, suffix="%"),
                cells.hidden(*used),
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
            cases_text=cells.count(f"{name}.cases"),
            idva_fte_text=cells.figure(m.idva_fte, f"{name}.cases"),
            admin_fte_text=cells.figure(m.admin_fte, f"{name}.cases"),
        )
        for name, (f, m, is_rolling) in zip(names, periods, strict=True)
    )
    return Dashboard(charts, capacity, rolling.period.label, tuple(missing_populations))
