"""Staff sign-in in a real browser: password, then the TOTP code, then the staff home; sign out is final."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from vawg.accounts.models import SetupLinkPurpose
from vawg.accounts.roles import Role
from vawg.accounts.services import membership_add, setup_link_create, user_create
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, authenticator_for_key, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # UserFactory's password
NEW_PASSWORD = "kettle orchard lantern puzzle"


def current_code(device: TOTPDevice) -> str:
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def test_it_signs_in_with_password_and_code_and_signs_out_for_good(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    user = user_with_role(Role.IDVA, email="idva.browser@example.invalid")
    device = totp_device_for(user)
    sign_in_url = live_server.url + reverse("accounts:sign_in_password")
    home_url = live_server.url + reverse("accounts:staff_home")

    page.goto(sign_in_url)
    assert_accessible(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    code = page.get_by_label("Code from your authenticator app")
    expect(code).to_be_visible()
    assert_accessible(page)
    code.fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(home_url)
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert_accessible(page)
    staff_page = page.content()

    sign_out.click()
    page.wait_for_url(re.compile(re.escape(sign_in_url)))
    expect(page.get_by_label("Email address")).to_be_visible()
    assert_accessible(page)

    page.go_back()
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert page.content() != staff_page
    assert urlsplit(page.url).path != reverse("accounts:staff_home"), f"Back showed the staff home again: {page.url}"
    assert_accessible(page)
    requests_made.assert_all_on_site()


def sign_in(page: Page, live_server: Any, email: str, device: TOTPDevice | None) -> None:
    page.goto(live_server.url + reverse("accounts:sign_in_password"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    if device is not None:
        page.get_by_label("Code from your authenticator app").fill(current_code(device))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(live_server.url + reverse("accounts:staff_home"))


def test_it_keeps_every_staff_page_accessible(page: Page, live_server: Any, requests_made: RequestLog) -> None:
    admin = user_with_role(Role.ADMIN, email="admin.browser@example.invalid")
    sign_in(page, live_server, admin.email, totp_device_for(admin))
    organisation = admin.memberships.get().organisation
    pages = [
        reverse("accounts:staff_home"),
        reverse("accounts:account_detail"),
        reverse("api_tokens:token_list"),
        reverse("audit:entry_list"),
        reverse("audit:record_access_list", args=["accounts.organisation", organisation.pk]),
    ]
    for path in pages:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.goto(live_server.url + reverse("api_tokens:token_list"))
    page.get_by_label("Token name").fill("Browser token")
    page.get_by_role("button", name=re.compile("Create")).click()
    expect(page.get_by_label("API token")).to_have_value(re.compile(r"^vawg_[0-9a-f]{8}_"))
    assert_accessible(page)
    requests_made.assert_all_on_site()


def test_it_sets_up_an_authenticator_on_first_sign_in(page: Page, live_server: Any, requests_made: RequestLog) -> None:
    # A new member of staff: no password, no authenticator; an administrator makes them a set-up link.
    user = user_create(email="new.officer@example.invalid", full_name="New Officer", system_job="browser-test")
    membership_add(user=user, organisation=OrganisationFactory(), role=Role.POLICE, system_job="browser-test")
    _, token = setup_link_create(user=user, purpose=SetupLinkPurpose.NEW_ACCOUNT, system_job="browser-test")

    page.goto(live_server.url + reverse("accounts:setup_link_use", kwargs={"token": token}))
    page.wait_for_url(live_server.url + reverse("accounts:setup_link_enter"))  # the token leaves the address bar
    assert_accessible(page)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(re.escape(reverse("accounts:sign_in_enrol"))))
    expect(page.get_by_role("img")).to_have_count(1)  # the QR code, with its alt text
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    app = authenticator_for_key(page.locator("#authenticator-key").inner_text())
    page.get_by_label(re.compile("Code", re.IGNORECASE)).fill(current_code(app))
    page.get_by_role("button", name=re.compile("Continue|Confirm|Set up|Sign in")).click()
    page.wait_for_url(re.compile(re.escape(reverse("accounts:sign_in_recovery_codes"))))
    expect(page.locator("h1")).to_contain_text(re.compile("recovery codes", re.IGNORECASE))
    assert_accessible(page)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert token not in "".join(requests_made.urls[1:])  # only the first request carried it
    requests_made.assert_all_on_site()
