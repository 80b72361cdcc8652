"""Referral triage in a real browser: every triage page and its error state pass axe, and a
referral goes from the inbox to accepted (opening a case) without JavaScript."""

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
from vawg.people.tests.factories import PersonFactory
from vawg.referrals.models import PossibleDuplicate, Referral, ReferralState, ReferralTask, TaskKind
from vawg.referrals.tests.factories import referral_routed_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_keeps_every_triage_page_accessible_and_accepts_a_referral(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    idva = user_with_role(Role.IDVA, agency, email="idva.referrals@example.invalid")
    referral = referral_routed_to(agency, source="self", subject=PersonFactory(given_name="Bea", family_name="Tern"))
    Referral.objects.filter(pk=referral.pk).update(first_contact_due=timezone.now() - timedelta(hours=1))
    known = PersonFactory()
    CaseFactory(victim=known, owning_organisation=agency)  # a person this agency already knows
    PossibleDuplicate.objects.create(referral=referral, person=known, reasons=["similar name"])
    ReferralTask.objects.create(
        referral=referral, kind=TaskKind.FGM_POLICE_REPORT, due=timezone.now() + timedelta(days=1)
    )
    sign_in(page, live_server, idva.email, totp_device_for(idva))

    for name in ("referrals:referral_inbox", "referrals:referral_overdue_list", "referrals:referral_sent_list"):
        page.goto(live_server.url + reverse(name))
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)

    page.goto(live_server.url + reverse("referrals:referral_inbox"))
    page.get_by_role("link", name=referral.reference).click()
    expect(page.locator("h1")).to_have_text(f"Referral {referral.reference}")
    assert_accessible(page)

    # The decline page and its error state.
    page.goto(live_server.url + reverse("referrals:referral_decline", kwargs={"referral_id": referral.pk}))
    assert_accessible(page)
    page.get_by_role("button", name="Decline referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the referral is being declined")
    assert_accessible(page)

    # Resolve the duplicate without choosing: the error state of the referral page.
    page.goto(live_server.url + reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk}))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether this is the same person")
    assert_accessible(page)

    for button in ("Mark as triaged", "Send to the service", "Accept"):
        page.get_by_role("button", name=button).click()
        expect(page.locator("h1")).to_have_text(f"Referral {referral.reference}")
    expect(page.locator("#referral-state")).to_have_text("Accepted")
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.ACCEPTED
    assert referral.case is not None and referral.case.owning_organisation == agency
    requests_made.assert_all_on_site()
