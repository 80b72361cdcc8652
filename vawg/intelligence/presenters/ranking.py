"""The RFG ranking on screen and in its CSV: the run's summary (model, as-of, weight table and its
UNCONFIRMED tag), one row per person with every component, and the links each row offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from vawg.core.presenters import SummaryRow, Tag
from vawg.intelligence.models import HarmWeightTable, RfgRun, RfgScore
from vawg.intelligence.rules.rfg import MODEL_LABEL

ADVISORY = "Advisory only: the MATAC panel decides"
UNCONFIRMED_TAG = Tag("UNCONFIRMED", "orange")
# Part of each row, by URL name: the person's page, and a nomination to MATAC from the ranking.
HARM_DETAIL = "harm:person_causing_harm_detail"
NOMINATION_NEW = "matac:nomination_new"
CSV_HEADERS = (
    "Rank",
    "Name",
    "Record id",
    "Recency",
    "Frequency",
    "Frequency (12 months)",
    "Gravity",
    "Gravity (largest)",
    "Victims",
    "Serial",
    "Total",
)


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def _who(run: RfgRun) -> str:
    """The person who ran it (their name as staff see it), or the system job."""
    return run.created_by.full_name if run.created_by is not None else f"system job {run.system_job}"


def number(value: float) -> str:
    """A weight sum as written: whole numbers without decimals, others with up to six."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.6f}".rstrip("0")


def table_label(table: HarmWeightTable) -> str:
    return f"{table.get_scheme_display()}, version {table.version}"


def run_summary_rows(run: RfgRun) -> list[SummaryRow]:
    """What the ranking was made with: the model, the date, the weight table and who ran it."""
    table = run.weight_table
    return [
        SummaryRow("Model", f"{MODEL_LABEL} (version {run.model_version})"),
        SummaryRow("Scored as of", f"{run.as_of:%-d %B %Y}"),
        SummaryRow("Harm weights", table_label(table), tags=(UNCONFIRMED_TAG,) if table.is_unconfirmed else ()),
        SummaryRow("Weights' source", table.source),
        SummaryRow("People scored", f"{run.cohort_size:,}"),
        SummaryRow("Run", f"{_when(run.created_at)} by {_who(run)}"),
        SummaryRow("Inputs (sha256)", run.inputs_sha256[:16]),
    ]


@dataclass(frozen=True)
class RankingRow:
    rank: int
    name: str
    href: str
    recency: int
    frequency: int
    frequency_12m: int
    gravity: str
    gravity_max: str
    victims: int
    serial: Tag | None
    total: str
    nominate_href: str


def harm_detail_url(record_id: UUID) -> str:
    return reverse(HARM_DETAIL, kwargs={"person_causing_harm_id": record_id})


def nomination_url(record_id: UUID) -> str:
    """A nomination to MATAC from the ranking, for the person with record id ``record_id``."""
    query = urlencode({"person": str(record_id), "source": "ranking"})
    return f"{reverse(NOMINATION_NEW)}?{query}"


def ranking_rows(scores: Iterable[RfgScore], *, can_nominate: bool) -> list[RankingRow]:
    rows = []
    for item in scores:
        record = item.person_causing_harm
        rows.append(
            RankingRow(
                rank=item.rank,
                name=record.person.full_name,
                href=harm_detail_url(record.pk),
                recency=item.recency,
                frequency=item.frequency,
                frequency_12m=item.frequency_12m,
                gravity=number(item.gravity),
                gravity_max=number(item.gravity_max),
                victims=item.victims,
                serial=Tag("Serial", "red") if item.serial else None,
                total=f"{item.total:.1f}",
                nominate_href=nomination_url(record.pk) if can_nominate else "",
            )
        )
    return rows


def ranking_csv_rows(scores: Iterable[RfgScore]) -> list[Sequence[object]]:
    """The visible ranking as CSV cells: names and ids and scores, never a location field."""
    return [
        (
            item.rank,
            item.person_causing_harm.person.full_name,
            str(item.person_causing_harm.pk),
            item.recency,
            item.frequency,
            item.frequency_12m,
            item.gravity,
            item.gravity_max,
            item.victims,
            "yes" if item.serial else "no",
            round(item.total, 4),
        )
        for item in scores
    ]


@dataclass(frozen=True)
class RunRow:
    run_at: str
    as_of: str
    model_version: str
    weights: str
    unconfirmed: Tag | None
    by: str
    inputs: str
    cohort_size: str


def run_list_rows(runs: Iterable[RfgRun]) -> list[RunRow]:
    """Past runs: when, as of, model version, weight table, by whom, inputs hash prefix and cohort size."""
    return [
        RunRow(
            run_at=_when(run.created_at),
            as_of=f"{run.as_of:%-d %B %Y}",
            model_version=run.model_version,
            weights=table_label(run.weight_table),
            unconfirmed=UNCONFIRMED_TAG if run.weight_table.is_unconfirmed else None,
            by=_who(run),
            inputs=run.inputs_sha256[:12],
            cohort_size=f"{run.cohort_size:,}",
        )
        for run in runs
    ]
