"""Case pages in a real browser: every page and its error state pass axe; the journeys work without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.tests.factories import (
    CaseAccessGrantFactory,
    CaseAgencyFactory,
    CaseDenyEntryFactory,
    CaseFactory,
    CaseTeamMemberFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_keeps_every_case_page_accessible(page: Page, live_server: Any, requests_made: RequestLog) -> None:
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    OrganisationFactory(name="Agency B Constabulary")
    idva = user_with_role(Role.IDVA, agency, email="idva.cases@example.invalid")
    case = CaseFactory(owning_organisation=agency, victim=PersonFactory(given_name="Alexandra", family_name="Quill"))
    other = OrganisationFactory(name="Agency C District Council")
    CaseTeamMemberFactory(case=case, user=idva)
    CaseAgencyFactory(case=case, organisation=other)
    CaseAccessGrantFactory(case=case, organisation=other)
    CaseDenyEntryFactory(case=case)
    sign_in(page, live_server, idva.email, totp_device_for(idva))

    def visit(path: str) -> None:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)

    kwargs = {"case_id": case.pk}
    for name in ("cases:case_list", "cases:case_search", "cases:alert_list"):
        visit(reverse(name))
    for name in (
        "case_detail",
        "safe_contact_edit",
        "note_add",
        "contact_reveal",
        "case_manage",
        "team_member_add",
        "case_agency_add",
    ):
        visit(reverse(f"cases:{name}", kwargs=kwargs))
    for name in ("grant_add", "restriction_change", "deny_entry_add", "case_status_change"):
        visit(reverse(f"cases:{name}", kwargs=kwargs))
        page.get_by_role("button").last.click()  # submit empty: the error state
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)

    # Search by name: the results page, with no name in the URL.
    page.goto(live_server.url + reverse("cases:case_search"))
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name, a date of birth or a case reference")
    assert_accessible(page)
    page.get_by_label("Name").fill("quill")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    assert "quill" not in page.url.lower()
    assert_accessible(page)

    # The case page: add a note, record safe contact, reveal the address (no JavaScript needed for any).
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a note")
    assert_accessible(page)
    page.get_by_label("Note").fill("Spoke to her at the clinic")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#chronology")).to_contain_text("Spoke to her at the clinic")
    assert_accessible(page)

    page.get_by_role("link", name="Record safe contact and see its history").click()
    page.get_by_role("group", name="Which way of contacting them?").get_by_label("Text message (SMS)").check()
    page.get_by_role("group", name="Is it safe to contact them this way?").get_by_label("Safe", exact=True).check()
    page.get_by_label("Safe from").fill("09:00")
    page.get_by_label("Safe until").fill("17:00")
    page.get_by_role("button", name="Save safe contact").click()
    expect(page.locator("#safe-contact-history")).to_contain_text("09:00 to 17:00")
    assert_accessible(page)

    page.goto(live_server.url + reverse("cases:case_detail", kwargs=kwargs))
    page.get_by_text("Show address and contact details").click()
    page.get_by_label(re.compile("Why do you need to see")).fill("Arranging a safe home visit")
    page.get_by_role("button", name="Show contact details").click()
    expect(page.locator("#address")).to_contain_text("1 Example Street")
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_lets_police_break_glass_and_alerts_the_owner(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    agency = OrganisationFactory()
    case = CaseFactory(owning_organisation=agency)
    officer = user_with_role(Role.POLICE, OrganisationFactory(), email="officer.cases@example.invalid")
    sign_in(page, live_server, officer.email, totp_device_for(officer))
    page.goto(live_server.url + reverse("cases:case_break_glass"))
    assert_accessible(page)
    page.get_by_label("Case reference").fill("C-1999-000001")
    page.get_by_label("Why do you need to see this case now?").fill("Attending a 999 call at the address now")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No case with that reference")
    assert_accessible(page)
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(live_server.url + reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert_accessible(page)

    idva = user_with_role(Role.IDVA, agency, email="owner.cases@example.invalid")
    page.context.clear_cookies()
    sign_in(page, live_server, idva.email, totp_device_for(idva))
    page.goto(live_server.url + reverse("cases:alert_list"))
    expect(page.locator("#alerts")).to_contain_text("Attending a 999 call")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Mark as read")).click()
    expect(page.locator("#alerts")).to_contain_text("Read")
    requests_made.assert_all_on_site()
