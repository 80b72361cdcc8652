"""The API docs page in a real browser: Swagger UI runs under our CSP from our own static files."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import CHROMIUM_ARGS, RequestLog, origin_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # As tests/browser/conftest.py: Debian's Chromium, never a Playwright download.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


def test_it_renders_the_docs_with_nothing_off_site(page: Page, live_server: Any) -> None:
    requests = RequestLog(origin=origin_of(live_server.url))
    page.on("request", requests.record)
    console_errors: list[str] = []
    page.on("console", lambda message: _keep_errors(message, console_errors))

    page.goto(live_server.url + "/api/v1/docs")

    expect(page.get_by_role("heading", name="VAWG partnership platform API")).to_be_visible()
    expect(page.get_by_text("/api/v1/agencies/{id}")).to_be_visible()
    requests.assert_all_on_site()
    assert not [error for error in console_errors if "Content Security Policy" in error]


def _keep_errors(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)
