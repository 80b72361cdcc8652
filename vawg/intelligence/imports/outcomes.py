"""The optional outcome columns of a police extract: when the crime outcome was recorded and, for a crime
charged or summonsed (outcome 1), the court's result (docs/police-import.md#outcome-dates-and-court-results).

A file may carry any of these columns or none of them; the rest of the format is unchanged. Pure: cells in,
checked values or problems out (the row reader passes its own date parser, which caches and bounds dates).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vawg.intelligence.imports.report import Problems

OUTCOME_DATE = "outcome_date"
COURT_RESULT = "court_result"
COURT_RESULT_DATE = "court_result_date"
OPTIONAL_COLUMNS: tuple[str, ...] = (OUTCOME_DATE, COURT_RESULT, COURT_RESULT_DATE)

CHARGED = "1"  # the Home Office outcome "charged or summonsed": the only one a court result may follow
# The court results an extract may give (PoliceIncident.court_result's choices hold the same values).
COURT_RESULTS: tuple[str, ...] = ("convicted", "acquitted", "discontinued", "other")

# (row, column, text, what the date is) -> the date, or None after the problem is noted.
DateReader = Callable[[int, str, str, str], date | None]


@dataclass(frozen=True, slots=True)
class OutcomeDetails:
    outcome_date: date | None = None
    court_result: str = ""
    court_result_date: date | None = None


NONE = OutcomeDetails()


def outcome_details_read(
    row: int,
    values: Mapping[str, str | None],
    *,
    occurred_on: date | None,
    outcome: str | None,
    read_date: DateReader,
    problems: Problems,
) -> OutcomeDetails | None:
    """The row's outcome date and court result (absent columns read as empty), or None after noting each
    problem. ``occurred_on`` and ``outcome`` are the row's own, None when they were wrong themselves."""
    outcome_text, result_text, result_date_text = (values.get(name, "") for name in OPTIONAL_COLUMNS)
    before = problems.total
    outcome_date = _date(row, OUTCOME_DATE, outcome_text, "The outcome date", read_date)
    if outcome_date is not None and outcome == "":
        problems.add(row, OUTCOME_DATE, "An outcome date needs an outcome code: add the code or leave the date empty")
    if outcome_date is not None and occurred_on is not None and outcome_date < occurred_on:
        problems.add(row, OUTCOME_DATE, "The outcome date is before the date of the incident")
    result = (result_text or "").lower()
    if result and result not in COURT_RESULTS:
        problems.add(row, COURT_RESULT, f"The court result must be one of {', '.join(COURT_RESULTS)}, or empty")
    elif result and outcome is not None and outcome != CHARGED:
        problems.add(
            row, COURT_RESULT, f"A court result follows only outcome {CHARGED} (charged or summonsed): leave it empty"
        )
    result_date = _date(row, COURT_RESULT_DATE, result_date_text, "The court result date", read_date)
    if result_date is not None and result_text == "":
        problems.add(row, COURT_RESULT_DATE, "A court result date needs a court result: add it or leave the date empty")
    elif result_date is not None and occurred_on is not None and result_date < occurred_on:
        problems.add(row, COURT_RESULT_DATE, "The court result date is before the date of the incident")
    elif result_date is not None and outcome_date is not None and result_date < outcome_date:
        problems.add(row, COURT_RESULT_DATE, "The court result date is before the outcome date")
    if problems.total != before or None in (outcome_text, result_text, result_date_text):
        return None
    return OutcomeDetails(outcome_date, result, result_date)


def _date(row: int, column: str, text: str | None, what: str, read_date: DateReader) -> date | None:
    return read_date(row, column, text, what) if text else None


def outcome_fields(
    details: OutcomeDetails, outcome_code: str, before: Mapping[str, Any] | None, *, given: frozenset[str]
) -> dict[str, Any]:
    """The outcome date and court result to store for an incident of a file with the optional columns
    ``given``: the file's where it has the column; where it has not, what is stored (``before``) while the
    outcome code is unchanged, else nothing (they belonged to the old outcome)."""
    keep = before is not None and before["outcome_code"] == outcome_code
    fields: dict[str, Any] = {}
    for name in OPTIONAL_COLUMNS:
        if name in given:
            fields[name] = getattr(details, name)
        elif keep and before is not None:
            fields[name] = before[name]
        else:
            fields[name] = getattr(NONE, name)
    return fields
