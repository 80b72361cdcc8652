"""The attrition funnel page's figures as text, suppressed: the funnel chart and its table, the outcomes shown
apart, every outcome code, the breakdowns, the data-quality notes and the CSV download's rows.

Every figure the page or the download shows goes through one suppression over all of them at once
(rules/attrition.py ``page_suppression``): 1 to 4 reads "fewer than 5"; a figure hidden so that no small one
can be worked out from the others reads "suppressed".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vawg.core.presenters import SummaryRow, Tag
from vawg.justice.config.outcomes import COMPARATORS, FORMS, OUTCOMES, OUTCOMES_VERSION
from vawg.justice.rules.attrition import AWAITING, ROW_FIGURES, PageCells, page_suppression, shown_median
from vawg.justice.selectors.attrition import Attrition, Row
from vawg.marac.presenters.returns import SUPPRESSED_OTHER
from vawg.marac.rules.returns import SUPPRESSED

UNCONFIRMED = Tag("Unconfirmed", "yellow")
SUPPRESSION_NOTE = (
    "Figures from 1 to 4 read “fewer than 5”, and some other figures read “suppressed” so that a small "
    "figure cannot be worked out from the totals. The API gives analysts exact figures."
)
LABEL_WIDTH = 34.0  # per cent of the chart's width taken by the labels
BAR_SPACE = 60.0
ROW_HEIGHT = 32

FUNNEL = (
    ("incidents", "Incidents"),
    ("crimes", "Crimes recorded"),
    ("suspect_identified", "Suspect identified"),
    ("code.1", "Charged or summonsed"),
    ("court.convicted", "Convicted"),
)
APART = (
    ("victim_does_not_support", "Evidential difficulties: victim does not support action (14, 16)"),
    ("code.15", "Evidential difficulties: victim supports action (15)"),
    ("code.18", "No suspect identified (18)"),
    ("no_outcome", "Crimes without an outcome yet"),
)
COURT = (
    ("court.convicted", "Convicted"),
    ("court.acquitted", "Acquitted"),
    ("court.discontinued", "Discontinued"),
    ("court.other", "Another result"),
    (f"court.{AWAITING}", "No court result yet"),
)
BREAKDOWN_HEADINGS = (
    "Incidents",
    "Crimes",
    "Suspect identified",
    "Charged",
    "Convicted",
    "Victim does not support (14, 16)",
    "No suspect (18)",
)
TABLES = (
    ("district", "By district", "District"),
    ("form", "By form of abuse", "Form of abuse"),
    ("quarter", "By quarter (of the incident)", "Quarter"),
)


@dataclass(frozen=True)
class Bar:
    label: str
    count_text: str
    width: float
    y: int

    @property
    def text_y(self) -> int:
        return self.y + 18

    @property
    def bar_y(self) -> int:
        return self.y + 4

    @property
    def count_x(self) -> float:
        """Where the figure is written: just after the bar (per cent of the chart's width)."""
        return round(LABEL_WIDTH + self.width + 1, 2)


@dataclass(frozen=True)
class Line:
    """A row of a table: its label, its figures as text, and an optional tag after the label."""

    label: str
    figures: tuple[str, ...]
    tag: Tag | None = None
    detail: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    headings: tuple[str, ...]  # of the figures' columns
    lines: tuple[Line, ...]
    row_heading: str = ""

    @property
    def head(self) -> list[tuple[str, bool]]:
        """(label, numeric) for each column, for components/table_head.html."""
        return [(self.row_heading, False), *((heading, True) for heading in self.headings)]


@dataclass(frozen=True)
class AttritionView:
    summary: tuple[SummaryRow, ...]
    bars: tuple[Bar, ...]
    chart_height: int
    funnel: Table
    apart: Table
    court: Table
    outcomes: Table
    breakdowns: tuple[Table, ...]
    notes: tuple[SummaryRow, ...]
    comparators: tuple[SummaryRow, ...]


class _Text:
    def __init__(self, cells: PageCells) -> None:
        self.cells = cells

    def __call__(self, cell: str) -> str:
        if cell in self.cells.suppression.small:
            return SUPPRESSED
        if cell in self.cells.suppression.hidden:
            return SUPPRESSED_OTHER
        return f"{self.cells.values[cell]:,}"

    def width(self, cell: str) -> float:
        if cell in self.cells.suppression.hidden or not self.cells.values["incidents"]:
            return 0.0
        return round(self.cells.values[cell] / self.cells.values["incidents"] * BAR_SPACE, 2)


def _breakdowns(result: Attrition) -> dict[str, tuple[Row, ...]]:
    return {"district": result.by_district, "form": result.by_form, "quarter": result.by_quarter}


def attrition_cells(result: Attrition) -> PageCells:
    tables = {name: [(row.key, row.figures) for row in rows] for name, rows in _breakdowns(result).items()}
    return page_suppression(result.figures, tables)


def attrition_view(result: Attrition) -> AttritionView:
    text = _Text(attrition_cells(result))
    bars = tuple(
        Bar(label, text(cell), text.width(cell), index * ROW_HEIGHT) for index, (cell, label) in enumerate(FUNNEL)
    )
    return AttritionView(
        summary=_summary(result),
        bars=bars,
        chart_height=len(bars) * ROW_HEIGHT,
        funnel=_simple("funnel", "The funnel: figures", FUNNEL, text),
        apart=_simple("apart", "Shown apart", APART, text),
        court=_simple("court", "Court results of the crimes charged or summonsed", COURT, text),
        outcomes=Table(
            "outcomes",
            "Crimes by outcome",
            ("Crimes",),
            (
                *(
                    Line(code, (text(f"code.{code}"),), UNCONFIRMED if outcome.unconfirmed else None, outcome.wording)
                    for code, outcome in OUTCOMES.items()
                ),
                Line("All", (text("with_outcome"),), None, "Crimes with an outcome"),
            ),
            "Outcome",
        ),
        breakdowns=tuple(
            Table(
                name,
                caption,
                BREAKDOWN_HEADINGS,
                tuple(
                    Line(row.label, tuple(text(f"{name}.{row.key}.{figure}") for figure, _ in ROW_FIGURES))
                    for row in _breakdowns(result)[name]
                ),
                heading,
            )
            for name, caption, heading in TABLES
        ),
        notes=(
            SummaryRow(
                "Outcome 21 given to a domestic-abuse crime",
                f"{text('code.21')}. Outcome 21 should not normally be used for domestic abuse: check these crimes.",
            ),
            SummaryRow(
                "Outcome 22 without an outcome date",
                f"{text('undated_22')}. Outcome 22 should be recorded only once the activity is completed; "
                "without its date that cannot be seen.",
            ),
        ),
        comparators=tuple(SummaryRow(c.label, c.value) for c in COMPARATORS),
    )


def _simple(key: str, caption: str, rows: tuple[tuple[str, str], ...], text: _Text) -> Table:
    return Table(key, caption, ("Number",), tuple(Line(label, (text(cell),)) for cell, label in rows), "Stage")


def _summary(result: Attrition) -> tuple[SummaryRow, ...]:
    median = shown_median(result.median_days, result.days_known)
    if median is not None:
        days = f"{median:g} days (over {result.days_known:,} crimes with an outcome date)"
    elif result.days_known:
        days = f"Not shown: {SUPPRESSED} crimes have an outcome date"
    else:
        days = "Not available: no crime in the period has an outcome date"
    return (
        SummaryRow("Period (date of the incident)", f"{result.start:%-d %B %Y} to {result.end:%-d %B %Y}"),
        SummaryRow("District", result.district.name if result.district else "All districts"),
        SummaryRow("Form of abuse", FORMS.get(result.form, "All forms")),
        SummaryRow("Median days from incident to outcome", days),
        SummaryRow("Outcome codes (configuration)", f"Version {OUTCOMES_VERSION}"),
    )


DOWNLOAD_HEADERS = ("Table", "Row", "Column", "Value")


def attrition_download_rows(result: Attrition) -> Iterator[tuple[str, str, str, str]]:
    """The page's tables, suppressed as on the page, one figure a row."""
    view = attrition_view(result)
    for row in view.summary:
        yield ("Summary", row.key, "", str(row.value))
    for table in (view.funnel, view.apart, view.court, view.outcomes, *view.breakdowns):
        for line in table.lines:
            label = f"{line.label} {line.detail}".strip() if table.key == "outcomes" else line.label
            for heading, figure in zip(table.headings[-len(line.figures) :], line.figures, strict=True):
                yield (table.caption, label, heading, figure)
    for row in view.notes:
        yield ("Data quality", row.key, "", str(row.value))
    for row in view.comparators:
        yield ("Context (published, not computed here)", row.key, "", str(row.value))
