"""Labels and layout for the Part 4 return and the coverage-gap matrix: tables for the pages and the rows of
their downloads, all taken from one set of figures so the page and the files always agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vawg.core.presenters import SummaryRow, Tag
from vawg.provision.config import (
    MOVE_ON_DESTINATIONS,
    SPECIALIST_CHARACTERISTICS,
    SUPPORT_ENDED_REASONS,
    SURVIVOR_DECLINE_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    AccommodationType,
)
from vawg.provision.selectors.gaps import (
    AGE_LINES,
    ALL_LEVELS,
    COUNTY,
    RISK_COLUMNS,
    GapMatrix,
    Place,
    referral_texts,
)
from vawg.provision.selectors.part4 import (
    AGE_BANDS,
    INDIVIDUALS,
    PROTECTED_CHARACTERISTICS,
    SETTINGS,
    Part4Return,
)
from vawg.referrals.models import FormOfAbuse

NOT_RECORDED_LABEL = "Not recorded"
NO_SERVICE = Tag("No service", "red")
UNCONFIRMED = (
    "The reason codes, move-on destinations and specialist characteristics are UNCONFIRMED: they are this "
    "platform's starting lists, to be replaced when the current MHCLG data-collection form is confirmed."
)


@dataclass(frozen=True)
class Table:
    """A table with a caption: its column headers (the last ``numeric`` right-aligned) and its rows."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    numeric: int = 1

    @property
    def head(self) -> list[tuple[str, bool]]:
        """(label, numeric) pairs, as components/table_head.html takes them."""
        first = len(self.headers) - self.numeric
        return [(label, index >= first) for index, label in enumerate(self.headers)]


def _labelled(counts: Mapping[str, int], labels: Mapping[str, str]) -> tuple[tuple[object, ...], ...]:
    return tuple((labels.get(code, NOT_RECORDED_LABEL), count) for code, count in counts.items())


def _breakdown(caption: str, what: str, counts: Mapping[str, int], labels: Mapping[str, str]) -> Table:
    total = ("Total", sum(counts.values()))
    return Table(caption, (what, "Number"), (*_labelled(counts, labels), total))


# --- The Part 4 return -------------------------------------------------------------------------------


def part4_headline(figures: Part4Return) -> list[SummaryRow]:
    return [
        SummaryRow("Financial year", figures.year.label),
        SummaryRow("Households supported", f"{figures.households_supported:,}"),
        SummaryRow("Children in supported households", f"{figures.children_supported:,}"),
        SummaryRow("Households the partnership could not support", f"{figures.unable_to_support:,}"),
        SummaryRow("Households whose support ended", f"{figures.support_ended:,}"),
        SummaryRow("Bedspaces on 31 March", f"{figures.bedspaces:,}"),
        SummaryRow("Configuration version", figures.config_version, tags=(Tag("Reason codes unconfirmed", "yellow"),)),
    ]


def part4_tables(figures: Part4Return) -> list[Table]:
    """Every table of the return, in the order of docs/part4-return.md."""
    types = dict(AccommodationType.choices)
    ages = {key: label for key, label, _youngest, _oldest in AGE_BANDS}
    tables = [
        _breakdown(
            "Households supported, by type of accommodation",
            "Accommodation type",
            figures.households_supported_by_type,
            types,
        ),
        _breakdown("People in supported households", "Who", figures.individuals_supported, INDIVIDUALS),
        _breakdown(
            "Households not supported, by reason",
            "Reason",
            figures.unable_to_support_by_reason,
            UNABLE_TO_SUPPORT_REASONS,
        ),
        _breakdown(
            "Households whose support ended, by reason",
            "Reason",
            figures.support_ended_by_reason,
            SUPPORT_ENDED_REASONS,
        ),
        _breakdown(
            "Households whose support ended, by where they moved on to",
            "Destination",
            figures.support_ended_by_move_on,
            MOVE_ON_DESTINATIONS,
        ),
        _breakdown(
            "Households whose support ended, sanctuary scheme or other accommodation",
            "Setting",
            figures.support_ended_by_setting,
            SETTINGS,
        ),
        Table(
            "Survivors' specialist characteristics (a survivor may have several)",
            ("Characteristic", "Survivors"),
            (
                *_labelled(figures.specialist_characteristics, SPECIALIST_CHARACTERISTICS),
                ("None recorded", figures.survivors_with_no_characteristic),
            ),
        ),
        _breakdown("Survivors by age", "Age", figures.survivor_age_bands, ages),
    ]
    for name, (label, answers) in PROTECTED_CHARACTERISTICS.items():
        tables.append(
            _breakdown(f"Survivors by {label.lower()}", label, figures.protected_characteristics[name], answers)
        )
    tables += [
        _breakdown(
            "Bedspaces on 31 March, by type of accommodation", "Accommodation type", figures.bedspaces_by_type, types
        ),
        _breakdown(
            "Reservations declined by providers, by reason (supplementary)",
            "Reason",
            figures.provider_declines_by_reason,
            UNABLE_TO_SUPPORT_REASONS,
        ),
        _breakdown(
            "Places declined by survivors, by reason (supplementary)",
            "Reason",
            figures.survivor_declines_by_reason,
            SURVIVOR_DECLINE_REASONS,
        ),
        Table(
            "By district (Tier 2)",
            ("District", "Households supported", "Not supported", "Support ended", "Bedspaces on 31 March"),
            tuple(
                (
                    row.district or "District not recorded",
                    row.households_supported,
                    row.unable_to_support,
                    row.support_ended,
                    row.bedspaces,
                )
                for row in figures.districts
            ),
            numeric=4,
        ),
    ]
    return tables


def part4_download_rows(figures: Part4Return) -> list[tuple[object, ...]]:
    """(Table, row, column, value) rows: every figure of the page, with the year and the configuration."""
    rows: list[tuple[object, ...]] = [
        ("Return", "Financial year", "", figures.year.label),
        ("Return", "Configuration version", "", figures.config_version),
        ("Return", "Reason codes", "", "UNCONFIRMED"),
        ("Return", "Households supported", "Number", figures.households_supported),
        ("Return", "Children in supported households", "Number", figures.children_supported),
        ("Return", "Households not supported", "Number", figures.unable_to_support),
        ("Return", "Households whose support ended", "Number", figures.support_ended),
        ("Return", "Bedspaces on 31 March", "Number", figures.bedspaces),
    ]
    for table in part4_tables(figures):
        for row in table.rows:
            for header, value in zip(table.headers[1:], row[1:], strict=True):
                rows.append((table.caption, row[0], header, value))
    return rows


# --- The coverage-gap matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class GapLine:
    """One line of a district's table: an age group, each risk level's cell and the row total."""

    age: str
    cells: tuple[tuple[int | None, str, Tag | None], ...]  # (services, referrals shown, tag) per risk column
    total: str


@dataclass(frozen=True)
class GapTable:
    caption: str
    lines: tuple[GapLine, ...]


@dataclass(frozen=True)
class GapView:
    form_label: str
    unmet: list[SummaryRow]
    tables: list[GapTable]


def _district_names(matrix: GapMatrix) -> dict[str, str]:
    return {**dict(matrix.districts), COUNTY: "Whole county"}


def _line(matrix: GapMatrix, form: str, texts: Mapping[Place, str], district: str, age: str) -> GapLine:
    cells: list[tuple[int | None, str, Tag | None]] = []
    for risk in RISK_COLUMNS:
        text = texts[district, age, risk]
        if district == COUNTY:
            cells.append((None, text, None))
            continue
        cell = matrix.cell(form, district, age, risk)
        cells.append((cell.services, text, NO_SERVICE if cell.unmet else None))
    return GapLine(age=AGE_LINES[age], cells=tuple(cells), total=texts[district, age, ALL_LEVELS])


def gap_view(matrix: GapMatrix, form: str) -> GapView:
    """One form of VAWG: the cells with referrals and no service first, then the county and each district."""
    texts = referral_texts(matrix, form)
    names = _district_names(matrix)
    unmet = [
        SummaryRow(
            f"{names[district]}, {AGE_LINES[age].lower()}, {RISK_COLUMNS[risk].lower()} risk",
            f"Referrals: {texts[district, age, risk]}",
            tags=(NO_SERVICE,),
        )
        for district, _name in matrix.districts
        for age in AGE_LINES
        for risk in RISK_COLUMNS
        if matrix.cell(form, district, age, risk).unmet
    ]
    tables = [
        GapTable(names[district], tuple(_line(matrix, form, texts, district, age) for age in AGE_LINES))
        for district in [COUNTY, *(key for key, _name in matrix.districts)]
    ]
    return GapView(form_label=FormOfAbuse(form).label, unmet=unmet, tables=tables)


GAP_HEADERS = (
    "Form of VAWG",
    "District",
    "Age group",
    "Risk level",
    "Active services",
    "Referrals (12 months)",
    "Referrals with no service",
)


def gap_download_rows(matrix: GapMatrix) -> Iterable[tuple[object, ...]]:
    """Every cell of every form, suppressed as on the page; the county and row totals have no service count."""
    names = _district_names(matrix)
    columns = {**RISK_COLUMNS, ALL_LEVELS: "All risk levels"}
    for form, label in FormOfAbuse.choices:
        texts = referral_texts(matrix, form)
        for (district, age, column), text in texts.items():
            base = district != COUNTY and column != ALL_LEVELS
            cell = matrix.cell(form, district, age, column) if base else None
            yield (
                label,
                names[district],
                AGE_LINES[age],
                columns[column],
                cell.services if cell else "",
                text,
                "Yes" if cell and cell.unmet else "",
            )
