"""Behaviour-change programmes in a real browser: a self-referral made on the public pages by someone
worried about their own behaviour reaches the programme provider's queue, and the programme worker
accepts it, triages it and records the assessment. Every page passes axe; nothing needs JavaScript."""

from __future__ import annotations

import re
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
from vawg.programmes.models import ProgrammeReferral, ProgrammeReferralState
from vawg.programmes.tests.factories import ProgrammeFactory
from vawg.referrals.models import Referral, ReferralSource
from vawg.referrals.services import routing_rules_install_defaults

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def self_refer_worried_about_own_behaviour(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + reverse("self_referral:worried_home"))
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("dan@example.invalid")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What name should we use for you?").fill("Dan")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("What is happening")).fill("I shout and break things when angry.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I would rather not say").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Your request has been sent")
    assert_accessible(page)


def test_it_takes_a_self_referral_to_the_programme_queue_and_records_it_suitable(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    routing_rules_install_defaults()  # "Self-referral about own behaviour: perpetrator programme" among them
    provider = OrganisationFactory(name="Change Service (test)", type=OrganisationType.PROGRAMME_PROVIDER)
    worker = user_with_role(Role.PROGRAMME_WORKER, provider, email="worker.browser@example.invalid")
    group = ProgrammeFactory(provider=provider, name="Building Better Relationships (test)")

    self_refer_worried_about_own_behaviour(page, live_server)
    referral = Referral.objects.get(source=ReferralSource.PERPETRATOR_SELF)
    assert list(referral.routes.values_list("organisation", flat=True)) == [provider.pk]

    sign_in(page, live_server, worker.email, totp_device_for(worker))
    page.goto(live_server.url + reverse("referrals:referral_inbox"))
    assert_accessible(page)
    page.get_by_role("link", name=referral.reference).click()
    expect(page.locator("h1")).to_have_text(f"Referral {referral.reference}")
    assert_accessible(page)
    for button in ("Mark as triaged", "Send to the service", "Accept"):
        page.get_by_role("button", name=button).click()
        expect(page.locator("h1")).to_have_text(f"Referral {referral.reference}")
    expect(page.locator("#referral-state")).to_have_text("Accepted")
    assert_accessible(page)

    page.goto(live_server.url + reverse("programmes:referral_queue"))
    expect(page.locator('#queue-tabs [aria-current="page"]')).to_have_text("To triage (1)")
    expect(page.locator("#referrals caption")).to_have_text("To triage")
    assert_accessible(page)
    row = page.locator("#referrals tbody tr", has_text="Dan")
    expect(row).to_contain_text(group.name)
    expect(row).to_contain_text("To triage")
    row.get_by_role("link", name=re.compile("Dan")).click()

    expect(page.locator("h1")).to_contain_text("Dan")
    summary = page.locator("#referral-summary")
    expect(summary).to_contain_text("To triage")
    expect(summary).to_contain_text("Made on the public pages (worried about their own behaviour)")
    assert_accessible(page)

    page.get_by_role("link", name="Record the assessment").click()
    expect(page.locator("h1")).to_have_text("Record the assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Record the assessment").click()  # nothing chosen: the error state
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether they are suitable")
    assert_accessible(page)
    page.get_by_label("Yes: suitable, waiting to start").check()
    page.get_by_role("button", name="Record the assessment").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assessment recorded")
    expect(page.locator("#referral-summary")).to_contain_text("Waiting to start")
    expect(page.get_by_role("link", name="Record the assessment")).to_have_count(0)
    assert_accessible(page)
    found = ProgrammeReferral.objects.get()
    assert (found.front_door_referral, found.programme) == (referral, group)
    assert found.current_state == ProgrammeReferralState.WAITING
    requests_made.assert_all_on_site()
