"""The public pages: help that needs no sign-in, sets no cookie, and has a quick way out."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from vawg.accounts.models import StaffSession, User

CONTENT_PAGES = ["public:page_home", "public:page_staying_safe", "public:page_accessibility", "public:page_privacy"]

# Words a person checking someone's browser history must not find in a public page's title.
SENSITIVE_TITLE_WORDS = ("abuse", "violence", "domestic", "rape", "sexual", "assault", "refuge", "vawg", "victim")


def _html(client: Client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_serves_each_content_page_without_sign_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response.templates[0].name.startswith("public/")


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_sets_no_cookie_on_content_pages(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.cookies == {}
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_creates_no_session_on_content_pages(db: None, client: Client, name: str) -> None:
    client.get(reverse(name))

    assert Session.objects.count() == 0


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_puts_exit_this_page_on_every_public_page(client: Client, name: str) -> None:
    html = _html(client, name)
    exit_url = reverse("public:page_exit")

    assert 'data-module="govuk-exit-this-page"' in html
    button = re.search(r'<a href="([^"]+)"[^>]*govuk-js-exit-this-page-button[^>]*>', html)
    assert button is not None
    assert button.group(1) == exit_url
    assert 'rel="nofollow noreferrer"' in button.group(0)
    assert '<span class="govuk-visually-hidden">Emergency</span> Exit this page' in html


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_puts_the_exit_skip_link_first_in_the_body(client: Client, name: str) -> None:
    html = _html(client, name)
    body = html.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>", body)

    assert first_link is not None
    assert "govuk-js-exit-this-page-skiplink" in first_link.group(0)
    assert f'href="{reverse("public:page_exit")}"' in first_link.group(0)


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_links_to_no_other_origin(client: Client, name: str) -> None:
    html = _html(client, name)

    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?|ftp|data|javascript):""", html, re.I)
    assert "<style" not in html
    assert "<iframe" not in html


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_keeps_page_titles_neutral(client: Client, name: str) -> None:
    html = _html(client, name)
    title = re.search(r"<title>(.*?)</title>", html, re.S)

    assert title is not None
    assert not [word for word in SENSITIVE_TITLE_WORDS if word in title.group(1).lower()]


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_it_loads_scripts_only_from_our_static_files(client: Client, name: str) -> None:
    html = _html(client, name)
    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)

    assert sources == ["/static/vawg/app.js"]


def test_it_shows_the_helpline_numbers_on_the_home_page(client: Client) -> None:
    html = _html(client, "public:page_home")

    for number in (
        "999",
        "55",
        "08 088 088 088",
        "0808 2000 247",
        "0808 8010 327",
        "0800 999 5428",
        "0800 5999 247",
        "0808 500 2222",
        "0808 8024 040",
        "020 7008 0151",
        "0800 1111",
    ):
        assert number in html, number
    assert "Monday to Friday, 9am to 9pm" in html
    assert "Saturday and Sunday, 9am to 4pm" in html


def test_it_shows_future_services_as_text_not_links(client: Client) -> None:
    html = _html(client, "public:page_home")
    coming_soon = html.split('id="coming-soon"', 1)[1].split("</ul>", 1)[0]

    assert "tell us what you think of a service" in coming_soon
    assert "find a service near you" not in coming_soon  # it is built: linked above
    assert "<a " not in coming_soon
    assert f'href="{reverse("find_support:service_find")}"' in html


def test_it_links_the_home_page_to_both_self_referral_journeys(client: Client) -> None:
    html = _html(client, "public:page_home")

    assert f'href="{reverse("self_referral:self_referral_home")}"' in html
    assert f'href="{reverse("self_referral:worried_home")}"' in html
    coming_soon = html.split('id="coming-soon"', 1)[1].split("</ul>", 1)[0]
    assert "ask a local service to contact you" not in coming_soon


def test_it_links_the_home_page_to_the_online_safety_page(client: Client) -> None:
    html = _html(client, "public:page_home")

    assert f'href="{reverse("public:page_staying_safe")}"' in html


def test_it_tells_people_that_exit_does_not_erase_history(client: Client) -> None:
    html = _html(client, "public:page_staying_safe")

    assert "Exit this page does not delete your browsing history" in html


def test_it_states_the_accessibility_target(client: Client) -> None:
    html = _html(client, "public:page_accessibility")

    assert "WCAG" in html
    assert "2.2 to level AA" in html


def test_it_names_the_session_cookie_on_the_privacy_page(client: Client) -> None:
    html = _html(client, "public:page_privacy")

    assert "no analytics" in html
    assert "vawg_session" in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_exits_to_the_configured_neutral_site(client: Client, settings: object, method: str) -> None:
    settings.EXIT_URL = "https://weather.example/forecast"  # type: ignore[attr-defined]

    response = getattr(client, method)(reverse("public:page_exit"))

    assert response.status_code == 302
    assert response["Location"] == "https://weather.example/forecast"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]


def test_it_deletes_the_session_on_exit(db: None, client: Client) -> None:
    session = client.session
    session["half_finished_form"] = {"step": 2}
    session.save()
    key = session.session_key
    assert Session.objects.filter(session_key=key).exists()

    response = client.get(reverse("public:page_exit"))

    assert not Session.objects.filter(session_key=key).exists()
    cookie = response.cookies[next(iter(response.cookies))]
    assert cookie.value == ""
    assert cookie["max-age"] == 0


def test_it_signs_out_a_staff_member_who_exits(signed_in: Callable[[User], Client], idva_a: User) -> None:
    client = signed_in(idva_a)
    key = client.session.session_key

    client.post(reverse("public:page_exit"))

    assert not Session.objects.filter(session_key=key).exists()
    assert not StaffSession.objects.open().for_session_key(key).exists()


def test_it_exits_without_a_csrf_token(db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("public:page_exit"))

    assert response.status_code == 302


def test_it_creates_no_session_when_exiting_without_one(db: None, client: Client) -> None:
    response = client.get(reverse("public:page_exit"))

    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert response.cookies == {}


def test_it_refuses_other_methods_on_content_pages(client: Client) -> None:
    response = client.post(reverse("public:page_home"))

    assert response.status_code == 405


@pytest.mark.parametrize(
    "url_name", ["public:page_home", "public:page_staying_safe", "public:page_accessibility", "public:page_privacy"]
)
def test_it_keeps_the_partnership_name_off_public_pages(client: Client, url_name: str, settings: Any) -> None:
    settings.SITE_NAME = "Canary Partnership Against Abuse"
    html = client.get(reverse(url_name)).content.decode()
    assert "Canary Partnership Against Abuse" not in html
    assert settings.PUBLIC_SITE_NAME in html
