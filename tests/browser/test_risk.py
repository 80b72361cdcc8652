"""Risk pages in a real browser: an IDVA completes DASH without JavaScript, every page and error state passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.tests.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_an_idva_complete_dash_and_keeps_every_risk_page_accessible(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    OrganisationFactory(name="Agency B Constabulary")
    idva = user_with_role(Role.IDVA, agency, email="idva.risk@example.invalid")
    case = CaseFactory(owning_organisation=agency)
    sign_in(page, live_server, idva.email, totp_device_for(idva))
    kwargs = {"case_id": case.pk}

    def submit_empty_then_check(path: str, button: str) -> None:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)

    submit_empty_then_check(reverse("risk:incident_create", kwargs=kwargs), "Save incident")
    submit_empty_then_check(reverse("risk:police_grade_create", kwargs=kwargs), "Save police grade")
    submit_empty_then_check(reverse("risk:dash_assessment_create", kwargs=kwargs), "Save assessment")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer question 17")

    # Answer all 24: yes to 1 to 15 (score 15, high), the rest no.
    for number in range(1, 25):
        group = page.get_by_role("group", name=f"{number}. ", exact=False).first
        group.get_by_label("Yes" if number <= 15 else "No", exact=True).check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("h1")).to_contain_text("DASH risk assessment of")
    expect(page.locator(".govuk-summary-list")).to_contain_text("15 out of 24")
    expect(page.locator("body")).to_contain_text("Visible high risk")
    assert_accessible(page)

    # The S-DASH and honour-based abuse screens are offered (items 8 and 4 are yes).
    page.get_by_role("link", name="Start the S-DASH").click()
    page.get_by_role("button", name="Save screen").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer question 1")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the assessment").click()
    page.get_by_role("link", name="Start the HBA screen").click()
    assert_accessible(page)

    page.goto(live_server.url + reverse("risk:risk_history", kwargs=kwargs))
    expect(page.locator("h1")).to_have_text("Risk history")
    assert_accessible(page)
    page.goto(live_server.url + reverse("cases:case_detail", kwargs=kwargs))
    expect(page.locator("body")).to_contain_text("Yes: Visible high risk")
    assert_accessible(page)
    requests_made.assert_all_on_site()
