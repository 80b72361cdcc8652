"""Police imports for the GOV.UK components: summary rows and the rows of the refusal report."""

from __future__ import annotations

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from vawg.core.presenters import SummaryRow
from vawg.intelligence.imports.police import ENCODING_LABELS
from vawg.intelligence.imports.report import Report
from vawg.intelligence.models import LinkState, PoliceImport

HASH_PREFIX = 12


def moment(value: datetime) -> str:
    """ "5:30pm on Friday 4 December 2026" in UK time."""
    local = timezone.localtime(value)
    return f"{local:%-I:%M%p}".lower() + f" on {local:%A %-d %B %Y}"


def who(police_import: PoliceImport) -> str:
    if police_import.created_by is not None:
        return str(police_import.created_by.get_username())
    return f"System job: {police_import.system_job}"


def hash_prefix(police_import: PoliceImport) -> str:
    return police_import.sha256[:HASH_PREFIX]


def import_rows(police_import: PoliceImport, link_counts: dict[str, int]) -> list[SummaryRow]:
    rows = [
        SummaryRow("Force", police_import.organisation.name),
        SummaryRow("Imported", moment(police_import.created_at)),
        SummaryRow("Imported by", who(police_import)),
        SummaryRow("File name", police_import.file_name),
        SummaryRow("SHA-256 of the file", police_import.sha256),
        SummaryRow("Encoding", ENCODING_LABELS.get(police_import.encoding, police_import.encoding)),
        SummaryRow("Rows", f"{police_import.rows:,}"),
        SummaryRow("Incidents created", f"{police_import.incidents_created:,}"),
        SummaryRow("Incidents updated", f"{police_import.incidents_updated:,}"),
        SummaryRow("Incidents unchanged", f"{police_import.incidents_unchanged:,}"),
        SummaryRow("People recorded for the first time", f"{police_import.people_created:,}"),
        SummaryRow("People whose empty details were filled in", f"{police_import.people_filled:,}"),
        SummaryRow(
            "People whose name or date of birth on record differs from the file (kept as recorded)",
            f"{police_import.people_differing:,}",
        ),
        SummaryRow("Identity links made automatically", f"{link_counts.get(LinkState.LINKED, 0):,}"),
        SummaryRow("Identity links waiting for review", f"{link_counts.get(LinkState.WAITING, 0):,}"),
    ]
    return rows


def list_rows(police_import: PoliceImport) -> dict[str, str]:
    """One import in the list of a force's imports."""
    return {
        "id": str(police_import.pk),
        "when": moment(police_import.created_at),
        "force": police_import.organisation.name,
        "who": who(police_import),
        "file_name": police_import.file_name,
        "hash": hash_prefix(police_import),
        "rows": f"{police_import.rows:,}",
        "created": f"{police_import.incidents_created:,}",
        "updated": f"{police_import.incidents_updated:,}",
        "unchanged": f"{police_import.incidents_unchanged:,}",
        "people": f"{police_import.people_created:,}",
    }


def review_queue_url() -> str:
    """The identity links' review queue, once its pages are installed ("" until then)."""
    try:
        return reverse("linkage:identity_link_list")
    except NoReverseMatch:
        return ""


def report_rows(report: Report) -> list[tuple[str, str, str]]:
    """(row, column, problem) for the report's table: the whole file's problems say so."""
    return [
        (str(problem.row) if problem.row is not None else "Whole file", problem.column or "-", problem.message)
        for problem in report.problems
    ]


def report_summary(report: Report) -> str:
    noun = "problem" if report.total == 1 else "problems"
    listed = f" The first {len(report.problems)} are listed." if report.more else ""
    return f"The file was not imported: it has {report.total:,} {noun}. Nothing was kept.{listed}"
