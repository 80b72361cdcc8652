"""Safe accommodation in a real browser, without JavaScript needed: an IDVA asks for a place for a mother with
a 13-year-old boy and a dog, away from a district, sees the units that match and why the others are left
out, and reserves one; the refuge's accommodation manager accepts, records the move-in and the end of
support. Every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.cases.tests.factories import CaseFactory, PersonFactory
from vawg.provision.services.accommodation import unit_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(page: Page, name: str) -> None:
    today = timezone.localdate()
    for part, value in enumerate((today.day, today.month, today.year)):
        page.locator(f"input[name={name}_{part}]").fill(str(value))


def test_it_finds_reserves_and_fills_a_place_for_a_family(
    page: Page, browser: Browser, live_server: Any, requests_made: RequestLog
) -> None:
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service", type=OrganisationType.SPECIALIST_SERVICE)
    idva = user_with_role(Role.IDVA, agency, email="idva.accommodation@example.invalid")
    refuge = OrganisationFactory(name="Harbour Refuges", type=OrganisationType.REFUGE_PROVIDER)
    manager = user_with_role(Role.ACCOMMODATION_MANAGER, refuge, email="manager.accommodation@example.invalid")
    north = DistrictFactory(slug="northtown", name="Northtown")
    south = DistrictFactory(slug="southtown", name="Southtown")
    for name, district, extra in (
        ("Room 1", north, {"pets": True}),
        ("Room 2", north, {"pets": True, "boys_max_age": 11}),
        ("Room 3", north, {}),
        ("Room 4", south, {"pets": True}),
    ):
        unit_create(
            by=manager,
            organisation=refuge,
            available_from=timezone.localdate(),
            name=name,
            accommodation_type="refuge",
            district=district,
            address=f"{name} House, 1 Test Street, AA1 1AA",
            max_household=4,
            max_children=3,
            genders=["female"],
            **extra,
        )
    case = CaseFactory(owning_organisation=agency, victim=PersonFactory(given_name="Rowan", family_name="Ashdown"))

    # The IDVA asks for a place from the case.
    sign_in(page, live_server, idva.email, totp_device_for(idva))
    page.goto(live_server.url + reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    page.get_by_role("link", name="Ask for safe accommodation").click()
    expect(page.locator("h1")).to_have_text("Ask for safe accommodation")
    assert_accessible(page)
    page.get_by_role("button", name="Ask for safe accommodation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how soon a place is needed")
    assert_accessible(page)
    page.locator("input[name=urgency][value=today]").check()
    page.get_by_label("Adults").fill("1")
    page.locator("input[name=child_1_age]").fill("13")
    page.locator("input[name=child_1_sex][value=male]").check()
    page.get_by_label("Survivor's age").fill("34")
    page.locator("input[name=survivor_gender][value=female]").check()
    page.locator("input[name=needs][value=pets]").check()
    page.get_by_label("Southtown").check()
    page.get_by_role("button", name="Ask for safe accommodation").click()

    # The request: the match, and every unit left out with its reasons.
    expect(page.locator("h1")).to_have_text("Accommodation request")
    matches = page.locator("#matches")
    expect(matches).to_contain_text("Room 1")
    expect(matches).not_to_contain_text("Room 2")
    page.get_by_text("Units left out and why").click()
    left_out = page.locator("#left-out")
    expect(left_out).to_contain_text("A boy is older than the unit accepts")
    expect(left_out).to_contain_text("Does not take pets")
    expect(left_out).to_contain_text("In a district to avoid")
    assert_accessible(page)
    page.get_by_role("button", name="Reserve Room 1").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Room 1 is reserved until")
    expect(page.locator("#live-reservation")).to_contain_text("Room 1")
    assert_accessible(page)
    for name in ("accommodation:vacancy_list", "accommodation:accommodation_request_list"):
        page.goto(live_server.url + reverse(name))
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)

    # The refuge's accommodation manager answers, records the move-in and, later, the end of support.
    context = browser.new_context(base_url=live_server.url)
    provider = context.new_page()
    provider.on("request", requests_made.record)
    sign_in(provider, live_server, manager.email, totp_device_for(manager))
    provider.goto(live_server.url + reverse("accommodation:accommodation_home"))
    assert_accessible(provider)
    provider.get_by_role("link", name="Reservations and households moving in").click()
    assert_accessible(provider)
    provider.locator("#reservations-held").get_by_role("link", name="Room 1").click()
    expect(provider.locator("#household-summary")).to_contain_text("Boy, aged 13")
    expect(provider.locator("body")).not_to_contain_text("Southtown")
    expect(provider.locator("body")).not_to_contain_text(case.reference)
    assert_accessible(provider)
    provider.get_by_role("button", name="Accept").click()
    expect(provider.locator("body")).to_contain_text("Accepted: Room 1 is held until")
    assert_accessible(provider)
    provider.get_by_role("link", name="Household has moved in").click()
    assert_accessible(provider)
    _fill_date(provider, "started_on")
    provider.get_by_role("button", name="Record that they moved in").click()
    expect(provider.locator("#placements")).to_contain_text("Room 1")
    assert_accessible(provider)
    provider.get_by_role("link", name="Support ended in Room 1").click()
    provider.get_by_role("button", name="Record that support ended").click()
    expect(provider.locator(".govuk-error-summary")).to_contain_text("Select why support ended")
    assert_accessible(provider)
    _fill_date(provider, "ended_on")
    provider.locator("input[name=end_reason][value=moved-on-planned]").check()
    provider.locator("input[name=move_on][value=social-housing]").check()
    provider.locator("input[name=then][value=vacant]").check()
    _fill_date(provider, "vacant_from")
    provider.get_by_role("button", name="Record that support ended").click()
    expect(provider.locator("#unit-summary")).to_contain_text("Free now")
    expect(provider.locator("#unit-address")).to_contain_text("Room 1 House")
    assert_accessible(provider)
    context.close()
    requests_made.assert_all_on_site()
