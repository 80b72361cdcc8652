"""Public pages in a real browser: accessible, nothing off-site, and a quick, clean exit."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import RequestLog, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORAGE_EMPTY = "localStorage.length === 0 && sessionStorage.length === 0"


@pytest.fixture
def exit_url(settings: Any, live_server: Any) -> str:
    """A neutral page on the live server itself, so the test never leaves it."""
    settings.EXIT_URL = live_server.url + "/accessibility/"
    return str(settings.EXIT_URL)


def open_home_with_session(page: Page, context: BrowserContext, live_server: Any) -> str:
    """Open the home page with a server-side session and browser storage in use; return the session key."""
    session = SessionStore()
    session["probe"] = "left behind by an earlier visit"
    session.create()
    assert session.session_key is not None
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}])
    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.evaluate("localStorage.setItem('probe', '1'); sessionStorage.setItem('probe', '1')")
    assert context.cookies(live_server.url), "the session cookie was not set up"
    return session.session_key


def assert_left_no_trace(page: Page, context: BrowserContext, live_server: Any, session_key: str) -> None:
    assert not Session.objects.filter(session_key=session_key).exists(), "the server-side session survived"
    assert context.cookies(live_server.url) == []
    assert page.evaluate(STORAGE_EMPTY), "browser storage survived the exit"


@pytest.mark.parametrize("path", ["/", "/staying-safe-online/", "/accessibility/", "/privacy/", "/no-such-page/"])
def test_it_passes_axe_on_every_public_page(page: Page, live_server: Any, requests_made: RequestLog, path: str) -> None:
    page.goto(live_server.url + path)
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_exits_from_the_button_and_leaves_no_trace(
    page: Page, context: BrowserContext, live_server: Any, exit_url: str, requests_made: RequestLog
) -> None:
    session_key = open_home_with_session(page, context, live_server)

    page.get_by_role("button", name="Exit this page").click()

    page.wait_for_url(exit_url)
    assert page.url == exit_url
    assert_left_no_trace(page, context, live_server, session_key)
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_exits_when_shift_is_pressed_three_times(
    page: Page, context: BrowserContext, live_server: Any, exit_url: str, requests_made: RequestLog
) -> None:
    session_key = open_home_with_session(page, context, live_server)

    for _ in range(3):
        page.keyboard.press("Shift")

    page.wait_for_url(exit_url)
    assert_left_no_trace(page, context, live_server, session_key)
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_stays_when_shift_is_only_held_for_capitals(
    page: Page, context: BrowserContext, live_server: Any, exit_url: str, requests_made: RequestLog
) -> None:
    open_home_with_session(page, context, live_server)
    home = page.url

    for _ in range(3):
        page.keyboard.press("Shift+A")
    page.wait_for_timeout(1500)  # the exit would start at once; give it time to show itself if it were going to

    assert page.url == home
    assert context.cookies(live_server.url), "the session cookie was cleared without an exit"
    requests_made.assert_all_on_site()
