"""The public service finder in a real browser: a survivor filters, sees results, and can leave at once."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from vawg.accounts.tests.factories import DistrictFactory
from vawg.provision.tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory() -> None:
    DistrictFactory(name="Watford", slug="watford")
    ServiceFactory(
        name="Women's outreach",
        forms_of_abuse=["domestic-abuse"],
        public_phone="01632 960111",
        public_url="https://example.org/outreach",
        opening_times="Monday to Friday, 9am to 5pm",
        waiting_time_days=2,
    )
    ServiceFactory(name="Safe house", service_types=["safe-accommodation"], confidential_location=True)
    ServiceFactory(name="Stalking advocacy", forms_of_abuse=["stalking"])


def test_it_lets_a_survivor_filter_and_see_services(
    page: Page, live_server: Any, requests_made: RequestLog, directory: None
) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Find a service near you").click()
    expect(page.get_by_role("heading", name="Find a service", level=1)).to_be_visible()
    expect(page.get_by_text("If you are in danger now, call 999")).to_be_visible()
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Someone I live with or was with").check()
    page.get_by_label("Where do you live?").select_option(label="Watford")
    page.get_by_label("How old are you?").fill("34")
    page.get_by_role("button", name="Find services").click()

    expect(page.get_by_role("heading", name="2 services match your answers")).to_be_visible()
    expect(page.get_by_role("heading", name="Women's outreach")).to_be_visible()
    expect(page.get_by_role("link", name="01632 960111")).to_have_attribute("href", "tel:01632960111")
    expect(page.get_by_role("heading", name="Stalking advocacy")).to_have_count(0)
    assert "situation=partner-or-family" in page.url
    assert_accessible(page)

    page.get_by_label("I need somewhere safe to stay").check()
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_role("heading", name="1 service matches your answers")).to_be_visible()
    expect(page.get_by_role("heading", name="Safe house")).to_be_visible()

    page.get_by_label("Someone keeps following").check()
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_text("No service matches all of your answers")).to_be_visible()
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_shows_a_clear_error_for_a_bad_age(page: Page, live_server: Any, requests_made: RequestLog) -> None:
    page.goto(live_server.url + "/find-support/")
    page.get_by_label("How old are you?").fill("two hundred")
    page.get_by_role("button", name="Find services").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter your age as a number, like 34")
    summary.get_by_role("link", name="Enter your age as a number, like 34").click()
    expect(page.get_by_label("How old are you?")).to_be_focused()
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_leaves_the_finder_from_exit_this_page(
    page: Page, live_server: Any, settings: Any, requests_made: RequestLog, directory: None
) -> None:
    settings.EXIT_URL = live_server.url + "/accessibility/"
    page.goto(live_server.url + "/find-support/?situation=partner-or-family")
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(settings.EXIT_URL)
    assert page.url == settings.EXIT_URL
    requests_made.assert_all_on_site()
