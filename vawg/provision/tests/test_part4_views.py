"""The Part 4 return's page, downloads and API: the right people, the hand-worked figures, audited
downloads that cannot carry formulas, 422s naming the field, and never a unit's address."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry
from vawg.provision.config import CONFIG_VERSION
from vawg.provision.tests.factories import PlacementFactory, UnitFactory
from vawg.provision.tests.test_part4 import EXPECTED, build_part4_fixture

pytestmark = pytest.mark.django_db

PAGE = "/commissioning/part4-return/"
API = "/api/v1/accommodation/part4-return"
CANARY = "Canary Row"  # every UnitFactory address holds it


@pytest.fixture(autouse=True)
def _july_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 7, 15, 9, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def commissioner(personas: dict[str, User | None]) -> User:
    user = personas["commissioner"]
    assert user is not None
    return user


@pytest.fixture
def api_get() -> Callable[..., Any]:
    def call(user: User | None, **params: object) -> Any:
        headers = {}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='Part 4', by=user)[1]}"
        return Client().get(API, params, **headers)

    return call


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def test_it_shows_the_last_full_year_by_default_with_the_figures(
    signed_in: Callable[[User], Client], commissioner: User
) -> None:
    build_part4_fixture()

    page = signed_in(commissioner).get(PAGE).content.decode()

    assert "1 April 2025 to 31 March 2026" in page
    assert "Households supported, by type of accommodation" in page
    assert "<caption" in page and "By district (Tier 2)" in page
    assert "UNCONFIRMED" in page and CONFIG_VERSION in page
    assert 'id="part4-headline"' in page


def test_it_shows_the_year_asked_for(signed_in: Callable[[User], Client], analyst: User) -> None:
    page = signed_in(analyst).get(PAGE, {"year": "2024"}).content.decode()

    assert "1 April 2024 to 31 March 2025" in page


def test_it_refuses_a_year_not_in_the_list_with_a_govuk_error(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    response = signed_in(analyst).get(PAGE, {"year": "1999"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose a financial year from the list" in page
    assert "Households supported, by type" not in page


@pytest.mark.parametrize("persona", ["idva_a", "board_member", "outsider_c", "accommodation_manager"])
def test_it_refuses_people_without_the_permission(
    signed_in: Callable[[User], Client], personas: dict[str, User | None], persona: str
) -> None:
    user = personas[persona]
    assert user is not None
    client = signed_in(user)

    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}download/csv/").status_code == 403


def test_it_sends_anonymous_people_to_sign_in(client: Client) -> None:
    response = client.get(PAGE)

    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_it_downloads_the_figures_as_csv_with_one_audit_entry(
    signed_in: Callable[[User], Client], commissioner: User
) -> None:
    build_part4_fixture()

    response = signed_in(commissioner).get(f"{PAGE}download/csv/", {"year": "2025"})

    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="part4-return-2025-2026.csv"'
    assert "no-store" in response["Cache-Control"]
    assert "Return,Households supported,Number,6\r\n" in text
    assert "Households not supported,Number,3\r\n" in text
    assert "Households supported by type of accommodation" not in text  # captions are the page's own words
    assert "Households supported, by type of accommodation,Refuge,Number,3" in text.replace('"', "")
    entries = AuditEntry.objects.filter(action="provision.part4_return.download")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.details == {"year": 2025, "format": "csv", "config_version": CONFIG_VERSION}


def test_it_downloads_the_figures_as_xlsx(signed_in: Callable[[User], Client], analyst: User) -> None:
    build_part4_fixture()

    response = signed_in(analyst).get(f"{PAGE}download/xlsx/", {"year": "2025"})

    assert response.status_code == 200
    assert "Households supported" in _xlsx_text(response.content)
    assert AuditEntry.objects.filter(action="provision.part4_return.download").count() == 1


def test_it_escapes_text_a_spreadsheet_could_run(signed_in: Callable[[User], Client], analyst: User) -> None:
    UnitFactory(district=DistrictFactory(name="=HYPERLINK(1)"), opened_on=date(2020, 1, 1))

    text = signed_in(analyst).get(f"{PAGE}download/csv/").content.decode("utf-8-sig")

    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_it_refuses_an_unknown_download_format_and_a_bad_year(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    client = signed_in(analyst)

    assert client.get(f"{PAGE}download/pdf/").status_code == 404
    bad = client.get(f"{PAGE}download/csv/", {"year": "abc"})
    assert bad.status_code == 302 and bad["Location"].startswith(PAGE)
    assert not AuditEntry.objects.filter(action="provision.part4_return.download").exists()


def test_it_answers_the_api_with_the_hand_worked_figures(api_get: Callable[..., Any], commissioner: User) -> None:
    build_part4_fixture()

    response = api_get(commissioner, year=2025)

    body = response.json()
    assert response.status_code == 200
    for name, expected in EXPECTED.items():
        assert body[name] == expected, name
    assert (body["year"], body["from"], body["to"]) == (2025, "2025-04-01", "2026-03-31")
    assert body["config_version"] == CONFIG_VERSION and body["reason_codes_confirmed"] is False


def test_it_answers_the_api_for_the_last_full_year_without_one(api_get: Callable[..., Any], analyst: User) -> None:
    assert api_get(analyst).json()["year"] == 2025


@pytest.mark.parametrize("year", ["1999", "2027", "abc"])
def test_it_names_the_year_in_a_422(api_get: Callable[..., Any], analyst: User, year: str) -> None:
    response = api_get(analyst, year=year)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["query.year"]


def test_it_refuses_the_api_without_the_permission_or_a_token(api_get: Callable[..., Any], board_member: User) -> None:
    assert api_get(board_member).status_code == 403
    assert api_get(None).status_code == 401


def test_it_never_shows_a_unit_address(
    signed_in: Callable[[User], Client], api_get: Callable[..., Any], commissioner: User
) -> None:
    build_part4_fixture()
    PlacementFactory()  # one more unit and household, this year
    client = signed_in(commissioner)

    answers = [
        client.get(PAGE, {"year": "2025"}).content.decode(),
        client.get(PAGE).content.decode(),
        client.get(f"{PAGE}download/csv/", {"year": "2025"}).content.decode("utf-8-sig"),
        _xlsx_text(client.get(f"{PAGE}download/xlsx/", {"year": "2026"}).content),
        api_get(commissioner, year=2025).content.decode(),
        api_get(commissioner, year=2026).content.decode(),
    ]

    assert "Households supported" in answers[0]
    assert all(CANARY not in answer and "AA1 1AA" not in answer for answer in answers)
