"""The police extract's optional outcome columns (outcome_date, court_result, court_result_date): every
problem they can have, as the reader reports it, and how the import stores and updates them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vawg.intelligence.imports.outcomes import COURT_RESULTS, OPTIONAL_COLUMNS
from vawg.intelligence.imports.police import COLUMNS
from vawg.intelligence.imports.report import column_letter
from vawg.intelligence.models import CourtResult, PoliceIncident
from vawg.intelligence.services.police import PoliceImportRejected, police_import
from vawg.intelligence.tests.factories import police_csv, police_row
from vawg.intelligence.tests.test_police_parsing import csv_bytes, read, refused, row

ALL = (*COLUMNS, *OPTIONAL_COLUMNS)
CHARGED = {"outcome_code": "1", "outcome_date": "20/03/2025"}


def _problem(**changes: str) -> tuple[int | None, str, str]:
    (problem,) = refused(csv_bytes(row(**changes), columns=ALL)).problems
    return problem.row, problem.column, problem.message


def test_it_lists_the_court_results_the_model_stores() -> None:
    assert set(COURT_RESULTS) == set(CourtResult.values)


def test_it_accepts_a_file_without_the_optional_columns_or_with_some_of_them() -> None:
    plain = read(csv_bytes(row()))
    assert plain.optional_columns == frozenset()  # type: ignore[attr-defined]
    some = read(csv_bytes(row(**CHARGED), columns=(*COLUMNS, "outcome_date")))
    assert some.optional_columns == {"outcome_date"}  # type: ignore[attr-defined]
    (incident,) = some.incidents  # type: ignore[attr-defined]
    assert incident.outcome.outcome_date == date(2025, 3, 20)


def test_it_reads_the_outcome_date_and_court_result() -> None:
    extract = read(csv_bytes(row(**CHARGED, court_result="Convicted", court_result_date="2025-05-02"), columns=ALL))
    (incident,) = extract.incidents  # type: ignore[attr-defined]
    assert incident.outcome_code == "1"
    assert (incident.outcome.outcome_date, incident.outcome.court_result, incident.outcome.court_result_date) == (
        date(2025, 3, 20),
        "convicted",
        date(2025, 5, 2),
    )


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"outcome_date": "31/02/2025", "outcome_code": "14"}, "outcome_date", "not a real date"),
        ({"outcome_date": "20/03/2025"}, "outcome_date", "needs an outcome code"),
        ({"outcome_date": "01/03/2025", "outcome_code": "14"}, "outcome_date", "before the date of the incident"),
        ({"outcome_date": "01/01/2030", "outcome_code": "14"}, "outcome_date", "in the future"),
        ({"court_result": "guilty", **CHARGED}, "court_result", "must be one of convicted"),
        ({"court_result": "convicted", "outcome_code": "16"}, "court_result", "follows only outcome 1"),
        ({"court_result": "convicted"}, "court_result", "follows only outcome 1"),
        ({"court_result_date": "02/05/2025", **CHARGED}, "court_result_date", "needs a court result"),
        (
            {"court_result": "acquitted", "court_result_date": "01/03/2025", "outcome_code": "1"},
            "court_result_date",
            "before the date of the incident",
        ),
        (
            {"court_result": "acquitted", "court_result_date": "10/03/2025", **CHARGED},
            "court_result_date",
            "before the outcome date",
        ),
        ({"court_result": "other", "court_result_date": "soon", **CHARGED}, "court_result_date", "date"),
    ],
)
def test_it_refuses_each_outcome_problem_naming_the_row_and_column(
    changes: dict[str, str], column: str, message: str
) -> None:
    found_row, found_column, found_message = _problem(**changes)
    assert (found_row, found_column) == (2, column)
    assert message in found_message
    for value in changes.values():
        assert value not in found_message  # never a cell's content


def test_it_gives_the_column_letter_of_an_optional_column_in_the_report() -> None:
    report = refused(csv_bytes(row(outcome_date="20/03/2025"), columns=ALL))
    assert column_letter(ALL.index("outcome_date")) == "P"
    assert report.problems[0].column == "outcome_date"


def test_it_refuses_an_optional_column_twice() -> None:
    (problem,) = refused(csv_bytes(row(), columns=(*ALL, "court_result"))).problems
    assert "court_result appears twice" in problem.message


def test_it_refuses_a_repeated_incident_id_with_a_different_outcome_date() -> None:
    first, second = row(**CHARGED), row(outcome_code="1", outcome_date="21/03/2025")
    (problem,) = refused(csv_bytes(first, second, columns=ALL)).problems
    assert (problem.row, problem.column) == (3, "incident_id")


# --- Storing and updating ---------------------------------------------------------------------------------


def _import(force: Any, *rows: dict[str, str], columns: tuple[str, ...] = ALL) -> Any:
    return police_import(
        organisation=force, file_name="extract.csv", data=police_csv(*rows, columns=columns), system_job="tests"
    )


def _stored() -> tuple[Any, ...]:
    incident = PoliceIncident.objects.get(incident_id="INC-1")
    return incident.outcome_code, incident.outcome_date, incident.court_result, incident.court_result_date


@pytest.mark.django_db
def test_it_stores_the_outcome_date_and_court_result(agencies: Any) -> None:
    _import(agencies.b, police_row(**CHARGED, court_result="convicted", court_result_date="02/05/2025"))
    assert _stored() == ("1", date(2025, 3, 20), "convicted", date(2025, 5, 2))


@pytest.mark.django_db
def test_it_updates_a_changed_outcome_and_leaves_an_unchanged_reimport_alone(agencies: Any) -> None:
    first = _import(agencies.b, police_row(outcome_code="1"))
    assert _stored() == ("1", None, "", None)
    later = police_row(**CHARGED, court_result="acquitted", court_result_date="02/05/2025")
    second = _import(agencies.b, later)
    assert (second.incidents_updated, second.incidents_unchanged) == (1, 0)
    assert _stored() == ("1", date(2025, 3, 20), "acquitted", date(2025, 5, 2))
    updated_at = PoliceIncident.objects.get(incident_id="INC-1").updated_at
    again = _import(agencies.b, later)
    assert (again.incidents_updated, again.incidents_unchanged) == (0, 1)
    assert PoliceIncident.objects.get(incident_id="INC-1").updated_at == updated_at
    assert first.pk != second.pk != again.pk


@pytest.mark.django_db
def test_it_keeps_the_stored_details_when_a_file_without_the_columns_keeps_the_outcome(agencies: Any) -> None:
    _import(agencies.b, police_row(**CHARGED, court_result="convicted"))
    plain = _import(agencies.b, police_row(outcome_code="1"), columns=COLUMNS)
    assert (plain.incidents_updated, plain.incidents_unchanged) == (0, 1)
    assert _stored() == ("1", date(2025, 3, 20), "convicted", None)


@pytest.mark.django_db
def test_it_clears_the_stored_details_when_a_file_without_the_columns_changes_the_outcome(agencies: Any) -> None:
    _import(agencies.b, police_row(**CHARGED, court_result="convicted"))
    plain = _import(agencies.b, police_row(outcome_code="16"), columns=COLUMNS)
    assert plain.incidents_updated == 1
    assert _stored() == ("16", None, "", None)


@pytest.mark.django_db
def test_it_refuses_a_bad_outcome_column_and_keeps_what_was_stored(agencies: Any) -> None:
    _import(agencies.b, police_row(**CHARGED))
    with pytest.raises(PoliceImportRejected) as caught:
        _import(agencies.b, police_row(outcome_code="14", court_result="convicted"))
    (problem,) = caught.value.report.problems
    assert problem.column == "court_result"
    assert _stored() == ("1", date(2025, 3, 20), "", None)
