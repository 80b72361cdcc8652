"""Consent on referrals in a real browser: the referrals home, the list of referrals awaiting consent, the
consent pages and their error states pass axe, and consent is recorded, or set aside, without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.referrals.models import Consent, Referral, ReferralState
from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_keeps_the_consent_pages_accessible_and_records_or_sets_aside_consent(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    receiver = OrganisationFactory(name="Agency A Domestic Abuse Service")
    police = OrganisationFactory(name="Agency B Constabulary", type=OrganisationType.POLICE)
    officer = user_with_role(Role.POLICE, police, email="officer.consent@example.invalid")
    referrals = []
    for _ in range(2):
        referral = ReferralFactory(
            consent=Consent.NOT_YET_ASKED,
            current_state=ReferralState.AWAITING_CONSENT,
            referrer_user=officer,
            referrer_organisation=police,
        )
        ReferralRouteFactory(referral=referral, organisation=receiver)
        referrals.append(referral)
    asked, not_asked = referrals
    sign_in(page, live_server, officer.email, totp_device_for(officer))

    page.goto(live_server.url + reverse("referrals:referral_home"))
    assert_accessible(page)
    page.get_by_role("link", name="Awaiting consent").click()
    expect(page.locator("h1")).to_have_text("Awaiting consent")
    assert_accessible(page)
    page.get_by_role("link", name=asked.reference).click()
    expect(page.locator("#consent-awaited")).to_be_visible()
    assert_accessible(page)

    # Recording what the person said, and its error state.
    page.get_by_role("link", name="Record the person's consent").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what the person said")
    assert_accessible(page)
    page.get_by_label("They agreed to the referral and to information being shared").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("h1")).to_have_text(f"Referral {asked.reference}")
    expect(page.locator("#consent-awaited")).to_have_count(0)

    # Sharing without consent, and its error state.
    page.goto(live_server.url + reverse("referrals:referral_consent_override", kwargs={"referral_id": not_asked.pk}))
    assert_accessible(page)
    page.get_by_role("button", name="Share without consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the lawful basis")
    assert_accessible(page)
    page.get_by_label("Safeguarding of children and individuals at risk (DPA 2018 Sch 1 para 18)").check()
    page.get_by_label("Why are you sharing without asking the person?").fill(
        "Asking her would alert him: he reads her messages"
    )
    page.get_by_role("button", name="Share without consent").click()
    expect(page.locator("h1")).to_have_text(f"Referral {not_asked.reference}")
    expect(page.locator("main")).to_contain_text("Shared without consent: Safeguarding")
    assert_accessible(page)

    assert not Referral.objects.awaiting_consent().exists()
    requests_made.assert_all_on_site()
