"""The SafeLives return and the MARAC dashboard in a real browser, without JavaScript: an analyst
chooses a period (with an error on the way), downloads the CSV and reads the dashboard; axe finds
nothing on any page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.marac.tests.returns_fixture import build_return_fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The fixture's quarters (January to June 2026) are among the last 8 complete quarters.
NOW = datetime(2026, 7, 15, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _july_2026() -> Any:
    with time_machine.travel(NOW, tick=True):
        yield


def test_it_lets_an_analyst_get_the_return_and_read_the_dashboard(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    analyst = user_with_role(Role.ANALYST, OrganisationFactory(name="County Council"), email="a.m@example.invalid")
    build_return_fixture()
    sign_in(page, live_server, analyst.email, totp_device_for(analyst))

    page.goto(live_server.url + reverse("marac:return_detail"))
    expect(page.locator("h1")).to_have_text("SafeLives quarterly return")
    assert_accessible(page)

    page.get_by_label("Quarter").select_option("")
    page.get_by_role("button", name="Show the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the from date, or choose a quarter")
    assert_accessible(page)

    page.get_by_label("MARAC area").select_option(label="Fixture MARAC")
    page.get_by_label("Quarter").select_option(label="January to March 2026")
    page.get_by_role("button", name="Show the return").click()
    expect(page.locator("#return-heading")).to_contain_text("Fixture MARAC: 1 January 2026 to 31 March 2026")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the return as CSV").click()
    assert download.value.suggested_filename == "marac-return-2026-01-01-to-2026-03-31.csv"

    page.goto(live_server.url + reverse("marac:dashboard_detail"))
    expect(page.locator("h1")).to_contain_text("MARAC figures")
    expect(page.get_by_role("table", name="Cases per 10,000 adult women: figures")).to_be_visible()
    assert_accessible(page)
    requests_made.assert_all_on_site()
