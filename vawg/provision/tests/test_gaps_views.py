"""The coverage-gap page and its downloads: who may see them, referrals with no service listed first, small
numbers hidden the same way on the page and in the files, audited downloads, and never a person."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.audit.models import AuditEntry
from vawg.people.tests.factories import PersonFactory
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

PAGE = "/commissioning/gaps/"


@pytest.fixture(autouse=True)
def _mid_july_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 7, 15, 9, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def gaps() -> None:
    """Stalking in Northbury: 3 high-risk referrals of adults, and no stalking service anywhere. Domestic
    abuse: a countywide service, and 7 medium-risk referrals in Northbury."""
    north = DistrictFactory(slug="northbury", name="Northbury")
    ServiceFactory()
    for _ in range(3):
        ReferralFactory(
            forms_of_abuse=["stalking"],
            risk_grade="high",
            district=north,
            subject=PersonFactory(given_name="Canaryname"),
        )
    for _ in range(7):
        ReferralFactory(district=north, subject=PersonFactory(given_name="Canaryname"))


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "board_member", "admin"])
def test_it_shows_the_matrix_to_commissioning_roles(
    signed_in: Callable[[User], Client], personas: dict[str, User | None], persona: str
) -> None:
    user = personas[persona]
    assert user is not None

    response = signed_in(user).get(PAGE)

    assert response.status_code == 200
    assert "Coverage gaps" in response.content.decode()


@pytest.mark.parametrize("persona", ["idva_a", "police_b", "outsider_c", "accommodation_manager"])
def test_it_refuses_everyone_else(
    signed_in: Callable[[User], Client], personas: dict[str, User | None], persona: str
) -> None:
    user = personas[persona]
    assert user is not None
    client = signed_in(user)

    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}download/csv/").status_code == 403


def test_it_lists_referrals_with_no_service_first_with_small_numbers_hidden(
    signed_in: Callable[[User], Client], analyst: User, gaps: None
) -> None:
    page = signed_in(analyst).get(PAGE, {"form": "stalking"}).content.decode()

    unmet = page[page.index("Referrals with no service") : page.index("<table")]
    assert "Northbury, 18 to 59, high risk" in unmet
    assert "Referrals: fewer than 5" in unmet
    assert "govuk-tag--red" in unmet and "No service" in unmet
    assert "Referrals: 3" not in page


def test_it_shows_domestic_abuse_by_default_and_counts_shown_in_full(
    signed_in: Callable[[User], Client], analyst: User, gaps: None
) -> None:
    page = signed_in(analyst).get(PAGE).content.decode()

    assert "Domestic abuse:" in page
    assert "Services: 1<br>Referrals: 7" in page
    assert "Every group with referrals has at least one active service." in page


def test_it_refuses_an_unknown_form_of_vawg_with_a_govuk_error(
    signed_in: Callable[[User], Client], analyst: User
) -> None:
    page = signed_in(analyst).get(PAGE, {"form": "not-a-form"}).content.decode()

    assert "There is a problem" in page and "Choose a form of VAWG from the list" in page
    assert "<table" not in page


def test_it_downloads_every_form_suppressed_as_on_the_page_with_one_audit_entry(
    signed_in: Callable[[User], Client], commissioner_user: User, gaps: None
) -> None:
    response = signed_in(commissioner_user).get(f"{PAGE}download/csv/")

    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "Form of VAWG,District,Age group,Risk level,Active services,Referrals (12 months),Referrals with no service"
    )
    assert "Stalking,Northbury,18 to 59,High,0,fewer than 5,Yes" in lines
    assert "Domestic abuse,Northbury,18 to 59,Medium,1,7," in lines
    assert any(line.startswith("Spiking,") for line in lines)
    assert ",3," not in text
    assert "Canaryname" not in text
    entries = AuditEntry.objects.filter(action="provision.gap_matrix.download")
    assert entries.count() == 1 and entries.get().details == {"format": "csv"}


def test_it_downloads_the_matrix_as_xlsx(signed_in: Callable[[User], Client], analyst: User, gaps: None) -> None:
    response = signed_in(analyst).get(f"{PAGE}download/xlsx/")

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    assert "fewer than 5" in xml and "Canaryname" not in xml
    assert AuditEntry.objects.filter(action="provision.gap_matrix.download").count() == 1


def test_it_never_shows_a_person(signed_in: Callable[[User], Client], analyst: User, gaps: None) -> None:
    client = signed_in(analyst)

    pages = [client.get(PAGE, {"form": form}).content.decode() for form in ("stalking", "domestic-abuse")]

    assert all("Canaryname" not in page for page in pages)


def test_it_refuses_an_unknown_download_format(signed_in: Callable[[User], Client], analyst: User) -> None:
    assert signed_in(analyst).get(f"{PAGE}download/pdf/").status_code == 404
    assert not AuditEntry.objects.filter(action="provision.gap_matrix.download").exists()


@pytest.fixture
def commissioner_user(personas: dict[str, User | None]) -> User:
    user = personas["commissioner"]
    assert user is not None
    return user


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("commissioner", {"Coverage gaps", "Part 4 annual return"}),
        ("analyst", {"Coverage gaps", "Part 4 annual return"}),
        ("board_member", {"Coverage gaps"}),
        ("idva_a", set()),
    ],
)
def test_it_links_the_commissioning_pages_from_the_staff_home(
    signed_in: Callable[[User], Client], personas: dict[str, User | None], persona: str, links: set[str]
) -> None:
    user = personas[persona]
    assert user is not None

    page = signed_in(user).get(reverse("accounts:staff_home")).content.decode()

    shown = {text for text in ("Coverage gaps", "Part 4 annual return") if text in page}
    assert shown == links
    assert ("/commissioning/gaps/" in page) == ("Coverage gaps" in links)
