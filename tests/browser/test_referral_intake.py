"""Referral intake in a real browser: every question page and its error state pass axe, and both
journeys work without JavaScript. A survivor self-refers and leaves with Exit this page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_empty_then(page: Page, fill: Any) -> None:
    """Press Continue with nothing entered (the error state must pass axe too), then answer and continue."""
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    fill()
    page.get_by_role("button", name="Continue").click()


def test_it_takes_a_survivor_through_self_referral_and_out(
    page: Page, context: BrowserContext, live_server: Any, settings: Any, requests_made: RequestLog
) -> None:
    settings.EXIT_URL = live_server.url + "/accessibility/"
    page.goto(live_server.url + reverse("public:page_home"))
    page.get_by_role("link", name="Ask for support for yourself").click()
    assert_accessible(page)
    assert context.cookies(live_server.url) == []  # nothing set until the questions start
    page.get_by_role("button", name="Start now").click()

    assert_accessible(page)
    expect(page.locator("h1")).to_have_text("Contacting you safely")

    def safe_contact() -> None:
        page.get_by_label("Yes", exact=True).check()
        page.get_by_label("Text message (SMS)").check()
        page.get_by_label("Phone number").fill("07700 900456")

    submit_empty_then(page, safe_contact)
    submit_empty_then(page, lambda: page.get_by_label("What name should we use for you?").fill("Eve"))
    submit_empty_then(page, lambda: page.get_by_label("Someone keeps following, watching or contacting me").check())
    submit_empty_then(page, lambda: page.get_by_label("No", exact=True).check())
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()  # help: nothing required

    expect(page.locator("h1")).to_have_text("Check your answers")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()

    expect(page.locator("h1")).to_have_text("Your request has been sent")
    assert_accessible(page)
    assert Referral.objects.count() == 1
    assert "Eve" not in page.content()
    assert page.evaluate("localStorage.length === 0 && sessionStorage.length === 0")

    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(settings.EXIT_URL)
    assert context.cookies(live_server.url) == []
    requests_made.assert_all_on_site()


def test_it_keeps_the_worried_about_my_behaviour_pages_accessible(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    page.goto(live_server.url + reverse("self_referral:worried_home"))
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("frank@example.invalid")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What name should we use for you?").fill("Frank")
    page.get_by_role("button", name="Continue").click()
    submit_empty_then(page, lambda: page.get_by_label(re.compile("What is happening")).fill("I shout."))
    page.get_by_label("I would rather not say").check()
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Your request has been sent")
    assert_accessible(page)
    assert Referral.objects.get().subject_role == "perpetrator"
    requests_made.assert_all_on_site()


def test_it_takes_a_police_officer_through_a_referral(page: Page, live_server: Any, requests_made: RequestLog) -> None:
    police = user_with_role(Role.POLICE, OrganisationFactory(name="Agency B Constabulary"), email="pc@example.invalid")
    sign_in(page, live_server, police.email, totp_device_for(police))
    page.goto(live_server.url + reverse("referral_intake:intake_start"))
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    def person() -> None:
        page.get_by_label("Given name").fill("Grace")
        page.get_by_label("Approximate age").fill("40")

    submit_empty_then(page, person)
    submit_empty_then(page, lambda: page.get_by_label("Domestic abuse", exact=True).check())
    submit_empty_then(page, lambda: page.get_by_label("No", exact=True).check())
    assert_accessible(page)  # people around them: optional
    page.get_by_role("button", name="Continue").click()
    submit_empty_then(page, lambda: page.get_by_label("Consent given to refer and share").check())
    assert_accessible(page)  # safe contact: every channel defaults to not known
    page.get_by_role("button", name="Continue").click()

    def risk() -> None:
        page.get_by_label("Police DARA").check()
        page.get_by_label("High").check()

    submit_empty_then(page, risk)
    submit_empty_then(page, lambda: page.get_by_label("Urgent").check())
    submit_empty_then(page, lambda: page.get_by_label(re.compile("What has happened")).fill("Synthetic account."))

    expect(page.locator("h1")).to_have_text("Check your answers before sending the referral")
    assert_accessible(page)
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator("h1")).to_have_text("Referral sent")
    assert_accessible(page)
    referral = Referral.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(referral.reference)
    assert referral.risk_grade == "high" and referral.risk_score is None
    requests_made.assert_all_on_site()
