"""The MARAC journey across roles in one real browser session per person, without JavaScript needs:

the coordinator lists a queued case at the next meeting and publishes the agenda; the IDVA (agency A)
and the police (agency B) return their research and the IDVA records the victim's voice; the chair
(the police officer) runs the meeting, agrees a timed action for agency A, hears the case and closes
the meeting; the coordinator publishes the minutes; the IDVA downloads its copy (a PDF) and reads the
HTML minutes (the action is there, the victim's address and phone are not); the housing officer of
agency C, whose agency was not invited, gets a 404 for both. axe finds nothing on any page reached,
and no request leaves the site.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import RequestLog, assert_accessible, origin_of
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.models import User
from vawg.accounts.testing import totp_device_for
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import AgendaItem, MaracAction, MeetingState, ResearchTask
from vawg.marac.tests.factories import MaracAreaFactory, MaracMeetingFactory, MaracReferralFactory, MeetingAgencyFactory
from vawg.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "23 Canarysong Avenue, Wrenfield"
POSTCODE = "CQ4 7ZZ"
PHONE = "07700 958271"
# Every fragment that must never reach the minutes (each address part alone; the phone with and without spaces).
CANARIES = ["Canarysong", "Wrenfield", POSTCODE, PHONE, PHONE.replace(" ", "")]
ACTION = "Fit a monitored door alarm and review the safety plan"


def signed_in_page(browser: Browser, live_server: Any, user: User, log: RequestLog) -> Page:
    """A new browser context (its own cookies) for ``user``, signed in with password and code."""
    page = browser.new_context().new_page()
    page.on("request", log.record)
    sign_in(page, live_server, user.email, totp_device_for(user))
    return page


def visit(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)


def assert_no_canary(text: str) -> None:
    found = [canary for canary in CANARIES if canary in text]
    assert not found, f"location-critical values in the minutes: {found}"


def open_meeting(page: Page, home_url: str, label: str) -> None:
    """From the MARAC home: Meetings and agendas, then the meeting."""
    page.goto(home_url)
    page.get_by_role("link", name="Meetings and agendas").click()
    assert_accessible(page)
    page.get_by_role("link", name=label).click()
    expect(page.locator("h1")).to_contain_text("MARAC meeting")
    assert_accessible(page)


def return_research(page: Page, reference: str, flag: str, about_victim: str) -> None:
    """From the MARAC home: Our research, the case, holds information (yes), a flag, text, submit."""
    page.get_by_role("link", name="Our research").click()
    expect(page.locator("h1")).to_contain_text("MARAC research")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text("MARAC research")
    assert_accessible(page)
    page.get_by_role("group", name="Does your agency hold information").get_by_label("Yes").check()
    page.get_by_label(flag).check()
    page.get_by_label("About the victim").fill(about_victim)
    page.get_by_role("button", name="Submit research").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Research submitted")
    assert_accessible(page)


def test_it_runs_a_marac_from_the_queue_to_minutes_for_attending_agencies_only(
    page: Page,
    live_server: Any,
    requests_made: RequestLog,
    browser: Browser,
    agencies: Any,
    idva_a: User,
    police_b: User,
    marac_coordinator: User,
    outsider_c: User,
) -> None:
    area = MaracAreaFactory(name="County MARAC", coordinating_organisation=agencies.county)
    victim = PersonFactory(given_name="Rowan", family_name="Thistle", address=ADDRESS, postcode=POSTCODE, phone=PHONE)
    case = CaseFactory(victim=victim, owning_organisation=agencies.a)
    referral = MaracReferralFactory(
        area=area,
        case=case,
        referring_organisation=agencies.a,
        evidence={"score": 17, "threshold": 14},
        reason=f"Threats to kill; she lives at {ADDRESS}",
    )
    meeting = MaracMeetingFactory(
        area=area, chair=police_b, coordinator=marac_coordinator, starts_at=timezone.now() + timedelta(days=7)
    )
    for organisation in (agencies.a, agencies.b):  # agency C is not invited
        MeetingAgencyFactory(meeting=meeting, organisation=organisation)
    meeting_url = live_server.url + reverse("marac:meeting_detail", kwargs={"meeting_id": meeting.pk})
    minutes_url = live_server.url + reverse("marac:minutes_detail", kwargs={"meeting_id": meeting.pk})
    home_url = live_server.url + reverse("marac:marac_home")
    meeting_label = f"{timezone.localtime(meeting.starts_at):%-d %B %Y, %H:%M}"
    pdf_url = live_server.url + reverse("marac:minutes_download", kwargs={"meeting_id": meeting.pk})

    # 1. The coordinator lists the case at the next meeting (the default choice) and publishes the agenda.
    sign_in(page, live_server, marac_coordinator.email, totp_device_for(marac_coordinator))
    visit(page, home_url)
    page.get_by_role("link", name="MARAC queue").click()
    expect(page.locator("#queue")).to_contain_text(referral.reference)
    assert_accessible(page)
    page.get_by_role("link", name=f"List at a meeting ({referral.reference})").click()
    assert_accessible(page)
    page.get_by_role("button", name="List at this meeting").click()
    page.wait_for_url(meeting_url)
    expect(page.locator("#agenda")).to_contain_text(referral.reference)
    assert_accessible(page)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 research tasks")
    assert_accessible(page)
    assert_no_canary(page.content())
    item = AgendaItem.objects.get(meeting=meeting, marac_referral=referral)
    assert set(ResearchTask.objects.filter(agenda_item=item).values_list("organisation", flat=True)) == {
        agencies.a.pk,
        agencies.b.pk,
    }

    # 2. The IDVA returns research and records the victim's voice; the police return theirs.
    idva = signed_in_page(browser, live_server, idva_a, requests_made)
    visit(idva, home_url)
    return_research(idva, referral.reference, "Access to weapons", "Supported by our IDVA since the spring")
    idva.get_by_role("link", name="Record the victim's views and safety concerns").click()
    expect(idva.locator("h1")).to_have_text("The victim's voice")
    assert_accessible(idva)
    idva.get_by_label("The victim's views").fill("Wants the police to know about the threats")
    idva.get_by_label("The victim's safety concerns").fill("Afraid he will come back at night")
    idva.get_by_role("button", name="Save").click()
    expect(idva.locator(".govuk-notification-banner")).to_contain_text("The victim's voice is saved")
    assert_accessible(idva)

    police = signed_in_page(browser, live_server, police_b, requests_made)
    visit(police, home_url)
    return_research(police, referral.reference, "Protective order or bail conditions in place", "Three callouts")
    assert not ResearchTask.objects.filter(agenda_item=item, completed_at__isnull=True).exists()

    # 3. The chair (the police officer) runs the meeting: start, risks, an action for agency A, conclude, heard.
    open_meeting(police, home_url, meeting_label)
    police.get_by_role("link", name="Chair's view of the meeting").click()
    assert_accessible(police)
    police.get_by_role("link", name=referral.reference).click()
    expect(police.locator("body")).to_contain_text("Wants the police to know about the threats")
    expect(police.locator("body")).to_contain_text("Access to weapons")
    assert_accessible(police)
    assert_no_canary(police.content())
    police.get_by_role("button", name="Start case").click()
    expect(police.locator("body")).to_contain_text("of 15 minutes")
    assert_accessible(police)
    # Typed by mistake: the postcode is removed before it is stored.
    police.get_by_label("Risks identified").fill(f"Escalating threats; access to weapons; seen near {POSTCODE}")
    police.get_by_role("button", name="Save risks").click()
    expect(police.get_by_label("Risks identified")).to_have_value(re.compile("^Escalating threats"))
    police.get_by_label("Action", exact=True).fill(ACTION)
    police.get_by_label("Owning agency").select_option(label=agencies.a.name)
    police.get_by_label("Owner (optional)").select_option(value=str(idva_a.pk))
    due = timezone.localdate() + timedelta(days=10)
    police.get_by_label("Day").fill(str(due.day))
    police.get_by_label("Month").fill(str(due.month))
    police.get_by_label("Year").fill(str(due.year))
    police.get_by_role("group", name="Risk addressed").get_by_label("Victim").check()
    police.get_by_role("button", name="Add action").click()
    expect(police.locator(".govuk-notification-banner")).to_contain_text("Action added")
    expect(police.locator("body")).to_contain_text(ACTION)
    assert_accessible(police)
    police.get_by_label("Conclusion").fill("Safety plan agreed; IDVA to lead")
    police.get_by_role("button", name="Save conclusion").click()
    expect(police.get_by_label("Conclusion")).to_have_value("Safety plan agreed; IDVA to lead")
    police.get_by_role("button", name="Case heard").click()
    expect(police.locator("body")).to_contain_text("Heard")
    assert_accessible(police)
    police.get_by_role("link", name="All cases").click()
    assert_accessible(police)
    police.get_by_role("button", name="Close the meeting").click()
    expect(police.locator(".govuk-notification-banner")).to_contain_text("The meeting is closed")
    assert_accessible(police)
    action = MaracAction.objects.get(agenda_item=item)
    assert (action.owning_organisation, action.owner, action.due_on) == (agencies.a, idva_a, due)
    assert POSTCODE not in AgendaItem.objects.get(pk=item.pk).risks_identified

    # 4. The coordinator publishes the minutes.
    visit(page, meeting_url)
    page.get_by_role("link", name="Minutes of the meeting").click()
    expect(page.locator("#minutes-state")).to_contain_text("Draft")
    page.get_by_role("button", name="Publish minutes to the invited agencies").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Minutes published")
    expect(page.locator("#minutes-state")).to_contain_text("Published")
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.current_state == MeetingState.MINUTES_PUBLISHED

    # The IDVA (agency A attended) reads the minutes and downloads the PDF: the action, no address or phone.
    open_meeting(idva, home_url, meeting_label)
    idva.get_by_role("link", name="Minutes of the meeting").click()
    idva.wait_for_url(minutes_url)
    expect(idva.locator("#minutes-state")).to_contain_text("Published")
    case_card = idva.locator(f"#case-{referral.reference}")
    expect(case_card).to_contain_text(ACTION)
    expect(case_card).to_contain_text("Escalating threats")
    assert_no_canary(idva.content())
    with idva.expect_download() as download_info:
        idva.get_by_role("link", name=re.compile("Download the minutes as a PDF")).click()
    document = Path(download_info.value.path()).read_bytes()
    assert document.startswith(b"%PDF")
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(document)).pages)
    assert referral.reference in pdf_text
    assert_no_canary(pdf_text)
    assert_no_canary(pdf_text.replace("\n", " "))

    # The housing officer at agency C (not invited): 404 for the minutes, the PDF and the meeting itself.
    outsider = signed_in_page(browser, live_server, outsider_c, requests_made)
    for url in (minutes_url, pdf_url, meeting_url):
        response = outsider.goto(url)
        assert response is not None and response.status == 404, url
        expect(outsider.locator("body")).not_to_contain_text(referral.reference)
        assert_no_canary(outsider.content())
    assert_accessible(outsider)

    assert {origin_of(url) for url in requests_made.urls if not url.startswith(("data:", "blob:"))} == {
        origin_of(live_server.url)
    }
    requests_made.assert_all_on_site()
    for other in (idva, police, outsider):
        other.context.close()
