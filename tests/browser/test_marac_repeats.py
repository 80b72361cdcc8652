"""Referring to MARAC, transfers and the victim kept informed in a real browser: every page passes axe.

An IDVA refers a case (with an error first) and sees the flag and the MARAC section on the case
page; the coordinator transfers a referral out and records an inbound transfer; the IDVA records
that the victim of a heard case could not safely be told.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import AgendaItem, MeetingState
from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory, listed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_refers_transfers_and_records_the_victim_told_accessibly(
    page: Page, live_server: Any, requests_made: RequestLog, browser: Any
) -> None:
    county = OrganisationFactory(name="County Council")
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    coordinator = user_with_role(Role.MARAC_COORDINATOR, county, email="coordinator.repeats@example.invalid")
    idva = user_with_role(Role.IDVA, agency, email="idva.repeats@example.invalid")
    area = MaracAreaFactory(name="County MARAC", coordinating_organisation=county)
    case = CaseFactory(owning_organisation=agency)
    heard = listed_case(coordinating=county, attending=[agency], state=MeetingState.HELD, referring_organisation=agency)
    AgendaItem.objects.filter(pk=heard.pk).update(heard_at=timezone.now() - timedelta(hours=3))

    sign_in(page, live_server, idva.email, totp_device_for(idva))
    page.goto(live_server.url + reverse("marac:referral_create", kwargs={"case_id": case.pk}))
    assert_accessible(page)
    page.get_by_role("checkbox", name="Professional judgement").check()
    page.get_by_role("button", name="Refer to MARAC").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why your professional judgement").fill("Threats to kill after separation")
    page.get_by_role("button", name="Refer to MARAC").click()
    expect(page.locator("h1")).to_contain_text(f"Case {case.reference}")
    expect(page.locator("#marac-referrals")).to_be_visible()
    expect(page.locator(".app-person-flag").first).to_contain_text("MARAC in the last 12 months")
    assert_accessible(page)

    page.goto(live_server.url + reverse("marac:victim_to_tell_list"))
    assert_accessible(page)
    page.get_by_role("link", name=heard.marac_referral.reference).click()
    expect(page.locator("#no-safe-contact")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Not told: unsafe to contact").check()
    page.get_by_label("What was said").fill("Perpetrator back in the home")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Victims to tell")

    context = browser.new_context()
    other = context.new_page()
    queued = MaracReferralFactory(area=area, referring_organisation=agency)
    sign_in(other, live_server, coordinator.email, totp_device_for(coordinator))
    other.goto(live_server.url + reverse("marac:transfer_list"))
    assert_accessible(other)
    other.get_by_role("link", name=f"Transfer {queued.reference}").click()
    expect(other.get_by_label("Which MARAC is the case going to?")).to_be_visible()
    assert_accessible(other)
    other.get_by_label("Which MARAC is the case going to?").fill("Bedfordshire MARAC")
    other.get_by_role("button", name="Transfer and create the summary").click()
    expect(other.locator("#transfer-summary")).to_be_visible()
    assert_accessible(other)
    other.goto(live_server.url + reverse("marac:transfer_record_in"))
    assert_accessible(other)
    other.get_by_role("button", name="Record the transfer").click()
    expect(other.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(other)
    county_case = CaseFactory(owning_organisation=county)
    other.get_by_label("Case reference").fill(county_case.reference)
    other.get_by_label("Which MARAC is the case coming from?").fill("Essex MARAC")
    other.get_by_label("Summary received").fill("Heard twice in Essex")
    other.get_by_role("button", name="Record the transfer").click()
    expect(other.locator("#received-summary")).to_contain_text("Heard twice in Essex")
    assert_accessible(other)
    other.get_by_role("button", name="Accept the transfer").click()
    expect(other.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(other)
    other.get_by_role("checkbox", name="Visible high risk").check()
    other.get_by_role("button", name="Accept the transfer").click()
    expect(other.locator("#transfer-state")).to_contain_text("Accepted")
    other.goto(live_server.url + reverse("marac:transfer_list"))
    assert_accessible(other)
    requests_made.assert_all_on_site()
    context.close()
