"""MARAC research, the chair's view and actions in a real browser: every page and error state passes axe.

An IDVA returns research and records the victim's voice; the chair (a coordinator) starts the case,
agrees an action, hears the case and closes the meeting; the IDVA updates the action.
"""

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
from vawg.marac.models import MaracAction
from vawg.marac.tests.factories import ResearchTaskFactory, listed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_runs_research_the_chair_view_and_actions_accessibly(
    page: Page, live_server: Any, requests_made: RequestLog, browser: Any
) -> None:
    county = OrganisationFactory(name="County Council")
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    coordinator = user_with_role(Role.MARAC_COORDINATOR, county, email="coordinator.browser@example.invalid")
    idva = user_with_role(Role.IDVA, agency, email="idva.browser@example.invalid")
    item = listed_case(coordinating=county, attending=[agency], children_in_household=1)
    task = ResearchTaskFactory(agenda_item=item, organisation=agency)

    # The IDVA: research list, the research pack (an error, then submitted), the victim's voice.
    sign_in(page, live_server, idva.email, totp_device_for(idva))
    page.goto(live_server.url + reverse("marac:research_task_list"))
    assert_accessible(page)
    page.get_by_role("link", name=item.marac_referral.reference).click()
    expect(page.locator("h1")).to_contain_text("MARAC research")
    assert_accessible(page)
    page.get_by_role("button", name="Submit research").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Does your agency hold information").get_by_label("Yes").check()
    page.get_by_label("Access to weapons").check()
    page.get_by_label("About the victim").fill("Known to the service since 2025")
    page.get_by_role("button", name="Submit research").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Research submitted")
    page.goto(live_server.url + reverse("marac:victim_voice_edit", kwargs={"item_id": item.pk}))
    assert_accessible(page)
    page.get_by_label("The victim's views").fill("Wants the police to know about the threats")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    task.refresh_from_db()
    assert task.completed_at is not None

    # The chair (the coordinator runs the meeting).
    context = browser.new_context()
    chair_page = context.new_page()
    sign_in(chair_page, live_server, coordinator.email, totp_device_for(coordinator))
    chair_page.goto(live_server.url + reverse("marac:meeting_chair", kwargs={"meeting_id": item.meeting_id}))
    assert_accessible(chair_page)
    chair_page.get_by_role("link", name=item.marac_referral.reference).click()
    expect(chair_page.locator("body")).to_contain_text("Access to weapons")
    assert_accessible(chair_page)
    chair_page.get_by_role("button", name="Start case").click()
    expect(chair_page.locator("body")).to_contain_text("of 15 minutes")
    chair_page.get_by_role("button", name="Add action").click()
    expect(chair_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(chair_page)
    chair_page.get_by_label("Action").fill("Fit a door alarm")
    chair_page.get_by_label("Owning agency").select_option(label=agency.name)
    chair_page.get_by_role("group", name="Risk addressed").get_by_label("Victim").check()
    chair_page.get_by_role("button", name="Add action").click()
    expect(chair_page.locator("body")).to_contain_text("Fit a door alarm")
    chair_page.get_by_role("button", name="Case heard").click()
    expect(chair_page.locator("body")).to_contain_text("Heard")
    assert_accessible(chair_page)
    chair_page.goto(live_server.url + reverse("marac:action_outstanding"))
    assert_accessible(chair_page)
    chair_page.get_by_role("link", name=agency.name).click()
    assert_accessible(chair_page)
    chair_page.goto(live_server.url + reverse("marac:meeting_chair", kwargs={"meeting_id": item.meeting_id}))
    chair_page.get_by_role("button", name="Close the meeting").click()
    expect(chair_page.locator(".govuk-notification-banner")).to_contain_text("The meeting is closed")
    context.close()

    # The IDVA updates the action.
    action = MaracAction.objects.get(agenda_item=item)
    page.goto(live_server.url + reverse("marac:action_list"))
    assert_accessible(page)
    page.get_by_role("link", name=item.marac_referral.reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Update status").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Update status").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Status updated")
    action.refresh_from_db()
    assert action.current_state == "done"
    requests_made.assert_all_on_site()
