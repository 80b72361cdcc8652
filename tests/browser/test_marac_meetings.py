"""MARAC meetings, the queue and the agenda in a real browser: every page and error state passes axe.

The coordinator schedules a meeting, lists a queued case (confirming over capacity), publishes the
agenda; the IDVA of an invited agency sees the agenda and registers to attend.
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
from vawg.marac.models import MaracMeeting, ResearchTask
from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory, listed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_schedules_lists_and_publishes_accessibly(
    page: Page, live_server: Any, requests_made: RequestLog, browser: Any
) -> None:
    county = OrganisationFactory(name="County Council")
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    coordinator = user_with_role(Role.MARAC_COORDINATOR, county, email="coordinator.meetings@example.invalid")
    idva = user_with_role(Role.IDVA, agency, email="idva.meetings@example.invalid")
    area = MaracAreaFactory(name="County MARAC", coordinating_organisation=county)
    full = listed_case(coordinating=county, attending=[agency], state="scheduled").meeting  # another area
    referral = MaracReferralFactory(area=area, urgent=True, evidence={"score": 16, "threshold": 14})

    sign_in(page, live_server, coordinator.email, totp_device_for(coordinator))
    page.goto(live_server.url + reverse("marac:meeting_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a meeting of County MARAC").click()
    assert_accessible(page)
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Capacity (cases)").fill("1")
    for box in page.get_by_role("group", name="Agencies invited").get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_label(agency.name).check()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator("h1")).to_contain_text("MARAC meeting")
    assert_accessible(page)
    meeting = MaracMeeting.objects.get(area=area)

    # The queue: list the urgent case at the new meeting.
    page.goto(live_server.url + reverse("marac:referral_queue"))
    expect(page.locator("#queue")).to_contain_text("DASH score 16 (threshold 14)")
    assert_accessible(page)
    page.get_by_role("link", name=f"List at a meeting ({referral.reference})").click()
    assert_accessible(page)
    page.get_by_role("button", name="List at this meeting").click()
    expect(page.locator("#agenda")).to_contain_text(referral.reference)

    # A second case goes over capacity: warned, then confirmed.
    second = MaracReferralFactory(area=area)
    page.goto(live_server.url + reverse("marac:agenda_item_list", kwargs={"referral_id": second.pk}))
    page.get_by_role("button", name="List at this meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("against a capacity of 1")
    assert_accessible(page)
    page.get_by_label("List the case even though the meeting is over capacity").check()
    page.get_by_role("button", name="List at this meeting").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("2 cases listed against a capacity of 1")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 research tasks")
    assert ResearchTask.objects.filter(agenda_item__meeting=meeting, organisation=agency).count() == 2
    page.goto(live_server.url + reverse("marac:meeting_cancel", kwargs={"meeting_id": full.pk}))
    assert_accessible(page)
    listed = page.goto(live_server.url + reverse("marac:referral_withdraw", kwargs={"referral_id": referral.pk}))
    assert listed is not None and listed.status == 404  # listed now: no longer in the queue

    # The IDVA sees the published agenda and registers to attend.
    context = browser.new_context()
    idva_page = context.new_page()
    sign_in(idva_page, live_server, idva.email, totp_device_for(idva))
    idva_page.goto(live_server.url + reverse("marac:meeting_detail", kwargs={"meeting_id": meeting.pk}))
    expect(idva_page.locator("#agenda")).to_contain_text(referral.reference)
    assert_accessible(idva_page)
    idva_page.get_by_role("link", name="Register someone to attend").click()
    assert_accessible(idva_page)
    idva_page.get_by_label("Job title").fill("IDVA")
    idva_page.get_by_role("button", name="Register attendee").click()
    expect(idva_page.locator("#attendees")).to_contain_text(idva.full_name)
    assert_accessible(idva_page)
    context.close()

    # The coordinator's other pages: attendance (with the IDVA registered), agencies, a series.
    for url in (
        reverse("marac:attendance_record", kwargs={"meeting_id": meeting.pk}),
        reverse("marac:meeting_invite", kwargs={"meeting_id": meeting.pk}),
        reverse("marac:meeting_schedule_series") + f"?area={area.pk}",
    ):
        page.goto(live_server.url + url)
        assert_accessible(page)
    expect(page.locator("h1")).to_contain_text("Schedule a series")
    page.get_by_role("button", name="Schedule the meetings").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    requests_made.assert_all_on_site()
