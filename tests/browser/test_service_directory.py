"""The staff service directory in a real browser: every page and its error state pass axe, and a keeper adds,
finds and checks an entry with nothing but links, forms and buttons."""

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
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.provision.models import Service
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.models import RoutingRule, ServiceKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_keeps_every_directory_page_accessible(page: Page, live_server: Any, requests_made: RequestLog) -> None:
    admin = user_with_role(Role.ADMIN, email="admin.directory@example.invalid")
    DistrictFactory(name="Stevenage", slug="stevenage")
    service = ServiceFactory(
        name="Old entry",
        last_checked_at=timezone.now() - timedelta(days=200),
        organisation=admin.memberships.get().organisation,
    )
    RoutingRule.objects.create(name="Outreach everywhere", service_kind=ServiceKind.OUTREACH)
    sign_in(page, live_server, admin.email, totp_device_for(admin))
    kwargs = {"service_id": service.pk}
    for path in (
        reverse("directory:service_list"),
        reverse("directory:service_list") + "?age=old",
        reverse("directory:service_list_mine"),
        reverse("directory:service_create"),
        reverse("directory:service_detail", kwargs=kwargs),
        reverse("directory:service_change", kwargs=kwargs),
        reverse("directory:service_routing_rules_set", kwargs=kwargs),
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(live_server.url + reverse("directory:service_create"))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    requests_made.assert_all_on_site()


@pytest.mark.parametrize("javascript", [False, True])
def test_it_lets_a_keeper_add_find_and_check_an_entry(browser: Any, live_server: Any, javascript: bool) -> None:
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    idva = user_with_role(Role.IDVA, agency, email=f"idva.directory.{str(javascript).lower()}@example.invalid")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server, idva.email, totp_device_for(idva))
    page.get_by_role("link", name="Services directory").first.click()
    page.get_by_role("link", name="Your agency's services").click()
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Name of the service").fill("Hillside Counselling")
    page.get_by_label("What the service offers").fill("Counselling for survivors of sexual violence.")
    page.get_by_label("Counselling and therapy").check()
    page.get_by_label("Sexual violence", exact=True).check()
    page.get_by_label("Standard", exact=True).check()
    page.get_by_label("Women", exact=True).check()
    page.get_by_label("Countywide (every district)").check()
    page.get_by_label("Contact them yourself, or ask a professional to refer you").check()
    page.get_by_label("Phone number").fill("020 7946 0123")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Hillside Counselling")
    page.get_by_role("button", name="Mark as checked: still true").click()
    expect(page.locator("#service-versions")).to_contain_text("Checked, no change")
    page.goto(live_server.url + reverse("directory:service_list") + "?form_of_abuse=sexual-violence")
    expect(page.locator("#services")).to_contain_text("Hillside Counselling")
    assert Service.objects.get(name="Hillside Counselling").version == 2
    context.close()
