"""The attrition funnel page and its CSV download: the default period, the hand-counted fixture suppressed the
same way on the page and in the file, clear form errors, an audited download, and never a person."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import PoliceIncident
from vawg.justice.tests.test_attrition_rules import hand_counted
from vawg.justice.tests.test_attrition_selectors import store
from vawg.marac.presenters.returns import SUPPRESSED_OTHER
from vawg.marac.rules.returns import SUPPRESSED

pytestmark = pytest.mark.django_db

PAGE = "/justice/attrition/"
DOWNLOAD = "/justice/attrition/download/"
FIRST_HALF = {"from_date_0": "1", "from_date_1": "1", "from_date_2": "2025", "to_date_0": "30", "to_date_1": "6",
              "to_date_2": "2025"}  # fmt: skip


@pytest.fixture(autouse=True)
def _in_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 15, 9, tzinfo=UTC), tick=False):
        yield


def _rows(response: object) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_it_shows_the_last_full_calendar_year_by_default(signed_in: Callable[[User], Client], analyst: User) -> None:
    page = signed_in(analyst).get(PAGE).content.decode()
    assert "1 January 2025 to 31 December 2025" in page
    assert "The funnel" in page and "<svg" in page and "Crimes by outcome" in page


def test_it_shows_the_hand_counted_funnel_with_small_numbers_hidden(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    store(hand_counted())
    response = signed_in(analyst).get(PAGE, FIRST_HALF)
    assert response.status_code == 200
    view = response.context["view"]
    funnel = {line.label: line.figures[0] for line in view.funnel.lines}
    # 13 incidents and 11 crimes are shown; the 3 charged and the 1 convicted are small.
    assert (funnel["Incidents"], funnel["Crimes recorded"]) == ("13", "11")
    assert (funnel["Charged or summonsed"], funnel["Convicted"]) == (SUPPRESSED, SUPPRESSED)
    # 8 with a suspect identified = 10 with an outcome - 1 (14) - 1 (18): shown would let the 14 and 18 be solved.
    assert funnel["Suspect identified"] == SUPPRESSED_OTHER
    outcomes = {line.label: line.figures[0] for line in view.outcomes.lines}
    assert (outcomes["1"], outcomes["2"], outcomes["All"]) == (SUPPRESSED, "0", SUPPRESSED_OTHER)
    page = response.content.decode()
    assert "Unconfirmed" in page and "about 5.7%" in page
    assert "Outcome 21 given to a domestic-abuse crime" in page


def test_it_downloads_the_same_suppressed_tables_and_records_it(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    store(hand_counted())
    client = signed_in(analyst)
    view = client.get(PAGE, FIRST_HALF).context["view"]
    response = client.get(DOWNLOAD, FIRST_HALF)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0] == ["Table", "Row", "Column", "Value"]
    figures = {(table, row, column): value for table, row, column, value in rows[1:]}
    assert figures[("The funnel: figures", "Charged or summonsed", "Number")] == SUPPRESSED
    for line in view.breakdowns[0].lines:
        assert figures[("By district", line.label, "Incidents")] == line.figures[0]
    entry = AuditEntry.objects.get(action="justice.attrition.download")
    assert entry.details["from"] == "2025-01-01" and entry.details["to"] == "2025-06-30"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"to_date_0": "", "to_date_1": "", "to_date_2": ""}, "Enter the to date"),
        ({"from_date_0": "31", "from_date_1": "2"}, "must be a real date"),
        ({"from_date_2": "2026", "to_date_2": "2025"}, "must be the same as or after the from date"),
        ({"form": "burglary"}, "Choose a form of abuse from the list"),
    ],
)
def test_it_explains_a_bad_period_or_filter(
    signed_in: Callable[[User], Client], analyst: User, changes: dict[str, str], message: str
) -> None:
    client = signed_in(analyst)
    response = client.get(PAGE, {**FIRST_HALF, **changes})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert "view" not in response.context
    assert client.get(DOWNLOAD, {**FIRST_HALF, **changes}).status_code == 302
    assert not AuditEntry.objects.filter(action="justice.attrition.download").exists()


def test_it_filters_by_form_of_abuse(signed_in: Callable[[User], Client], analyst: User) -> None:
    store(hand_counted())
    view = signed_in(analyst).get(PAGE, {**FIRST_HALF, "form": "sexual-violence"}).context["view"]
    assert [line.label for line in view.breakdowns[1].lines] == ["Sexual violence"]


def test_it_never_shows_a_person_or_an_incident(signed_in: Callable[[User], Client], analyst: User) -> None:
    store(hand_counted())
    client = signed_in(analyst)
    text = client.get(PAGE, FIRST_HALF).content.decode() + client.get(DOWNLOAD, FIRST_HALF).content.decode()
    for incident in PoliceIncident.objects.select_related("victim", "perpetrator__person"):
        assert incident.incident_id not in text
        assert incident.victim.family_name not in text
        assert incident.perpetrator.person.family_name not in text


def test_it_refuses_someone_without_the_permission(
    signed_in: Callable[[User], Client], personas: dict[str, User | None]
) -> None:
    user = personas["idva_a"]
    assert user is not None
    client = signed_in(user)
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD).status_code == 403
