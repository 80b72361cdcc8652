"""The public service finder: filters, errors, paging, headers, and nothing from another origin."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from vawg.accounts.tests.factories import DistrictFactory
from vawg.audit.models import AuditEntry
from vawg.provision.config import ServiceStatus
from vawg.provision.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("find_support:service_find")


def _html(client: Client, query: str = "") -> str:
    response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    return response.content.decode()


def _results(html: str) -> list[str]:
    return re.findall(r'id="service-[^"]+">\s*<h3 class="govuk-heading-m">([^<]+?)(?: <strong|\s*</h3>)', html)


def test_it_needs_no_sign_in_sets_no_cookie_and_is_never_stored(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert not AuditEntry.objects.exists()


def test_it_keeps_the_title_neutral_and_offers_a_way_out(client: Client) -> None:
    html = _html(client)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert "abuse" not in title.group(1).lower()
    assert "Exit this page" in html
    assert "If you are in danger now, call 999" in html
    assert "press <strong>55</strong>" in html


def test_it_lists_only_listed_open_services(client: Client) -> None:
    ServiceFactory(name="Open service")
    ServiceFactory(name="Paused service", status=ServiceStatus.TEMPORARILY_CLOSED)
    ServiceFactory(name="Unlisted service", listed_publicly=False)
    ServiceFactory(name="Closed service", status=ServiceStatus.INACTIVE)
    html = _html(client)
    assert _results(html) == ["Open service", "Paused service"]
    assert "Temporarily closed" in html


def test_it_never_points_a_survivor_to_a_programme_for_people_who_harm(client: Client) -> None:
    ServiceFactory(name="Outreach", service_types=["outreach"])
    ServiceFactory(name="Change programme", service_types=["behaviour-change"], forms_of_abuse=["domestic-abuse"])
    assert _results(_html(client)) == ["Outreach"]
    assert _results(_html(client, "?situation=partner-or-family")) == ["Outreach"]


def test_it_filters_by_situation_area_age_language_and_safe_place(client: Client) -> None:
    watford, dacorum = DistrictFactory(name="Watford", slug="watford"), DistrictFactory(name="Dacorum", slug="dacorum")
    ServiceFactory(name="County DA", forms_of_abuse=["domestic-abuse"], minimum_age=16, languages=["en"])
    ServiceFactory(name="Stalking", forms_of_abuse=["stalking"], languages=["pl"])
    ServiceFactory(name="Dacorum DA", countywide=False, forms_of_abuse=["domestic-abuse"]).districts.add(dacorum)
    ServiceFactory(name="Refuge", service_types=["safe-accommodation"], confidential_location=True)
    assert watford.slug == "watford"
    assert _results(_html(client, "?situation=partner-or-family")) == ["County DA", "Dacorum DA", "Refuge"]
    assert _results(_html(client, "?situation=partner-or-family&district=watford")) == ["County DA", "Refuge"]
    assert _results(_html(client, "?situation=stalking")) == ["Stalking"]
    assert _results(_html(client, "?age=15&situation=partner-or-family")) == ["Dacorum DA", "Refuge"]
    assert _results(_html(client, "?language=pl")) == ["Stalking"]
    assert _results(_html(client, "?safe_place=on")) == ["Refuge"]
    assert "1 service matches your answers" in _html(client, "?safe_place=on")


@pytest.mark.parametrize(
    ("query", "anchor", "message"),
    [
        ("?age=abc", "id_age", "Enter your age as a number, like 34"),
        ("?age=200", "id_age", "Enter an age from 0 to 120, or leave it blank"),
        ("?age=-1", "id_age", "Enter an age from 0 to 120, or leave it blank"),
        ("?district=atlantis", "id_district", "Choose an area from the list"),
        ("?language=xx", "id_language", "Choose a language from the list"),
        ("?situation=nonsense", "id_situation_1", "Choose what is happening from the list"),
    ],
)
def test_it_explains_bad_answers_in_an_error_summary(client: Client, query: str, anchor: str, message: str) -> None:
    ServiceFactory(name="Some service")
    html = _html(client, query)
    assert "There is a problem" in html
    assert f'<a href="#{anchor}">{message}</a>' in html
    assert "<title>Error: " in html
    assert _results(html) == []
    assert "If you would rather talk" in html  # the helplines still show


def test_it_says_what_to_try_when_nothing_matches_and_still_shows_helplines(client: Client) -> None:
    ServiceFactory(name="Stalking", forms_of_abuse=["stalking"])
    html = _html(client, "?situation=fgm")
    assert "No service matches all of your answers" in html
    assert "I would rather not say" in html
    assert 'href="tel:08088088088"' in html
    assert "0 services match your answers" in html


def test_it_pages_twenty_at_a_time_with_govuk_pagination(client: Client) -> None:
    for number in range(45):
        ServiceFactory(name=f"Service {number:02d}")
    first = _html(client)
    assert len(_results(first)) == 20
    assert 'class="govuk-pagination"' in first
    assert "Page 1 of 3" in first
    third = _html(client, "?page=3&situation=")
    assert _results(third) == [f"Service {number}" for number in range(40, 45)]
    assert 'href="?page=2&amp;situation="' in third  # keeps the answers
    assert _results(_html(client, "?page=99")) == _results(third)  # past the end: the last page
    assert _results(_html(client, "?page=abc")) == _results(first)


def test_it_shows_how_to_reach_a_service(client: Client) -> None:
    ServiceFactory(
        name="Helpline",
        public_phone="01632 960123",
        public_url="https://example.org/help",
        public_email="help@example.org",
        opening_times="Monday to Friday\n9am to 5pm",
        waiting_time_days=3,
        minimum_age=16,
        access_route="self",
    )
    html = _html(client)
    assert '<a class="govuk-link" href="tel:01632960123">01632 960123</a>' in html
    assert 'href="https://example.org/help" rel="noreferrer noopener"' in html
    assert 'href="mailto:help@example.org"' in html
    assert "Monday to Friday<br>9am to 5pm" in html
    assert "Usually about 3 days" in html
    assert "Anyone, aged 16 and over" in html
    assert "Contact them yourself" in html


def test_it_shows_a_public_address_but_nothing_of_where_a_confidential_service_is(client: Client) -> None:
    stevenage = DistrictFactory(name="Stevenage", slug="stevenage")
    ServiceFactory(name="Drop-in", public_address="Community Hub, 1 Example Street", countywide=False).districts.add(
        stevenage
    )
    refuge = ServiceFactory(name="Safe house", confidential_location=True, countywide=False)
    refuge.districts.add(DistrictFactory(name="Hiddenfield", slug="hiddenfield"))
    html = _html(client)
    assert "Community Hub, 1 Example Street" in html
    refuge_block = html.split(f'id="service-{refuge.pk}"', 1)[1].split("</dl>", 1)[0]
    assert "Where" not in refuge_block
    assert "Hiddenfield" not in refuge_block


def test_it_loads_nothing_from_another_origin(client: Client) -> None:
    ServiceFactory(public_url="https://example.org/help")
    html = _html(client, "?age=abc")
    assert not re.search(r'\bsrc="(?:https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(?:https?:)?//', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*[^<\s]", html.replace("js-enabled", "")) or "nonce=" in html
    # The only links to another origin are the services' own pages, which the visitor chooses to follow.
    outside = re.findall(r'href="(https?://[^"]+)"', html)
    assert set(outside) <= {"https://example.org/help"}


def test_it_refuses_a_post(client: Client) -> None:
    assert client.post(URL).status_code == 405


def test_it_is_linked_from_the_public_home_page(client: Client) -> None:
    home = client.get(reverse("public:page_home")).content.decode()
    assert f'href="{URL}"' in home
