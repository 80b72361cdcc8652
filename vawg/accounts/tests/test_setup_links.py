"""One-time set-up links: a person sets their own password, then MUST set up an authenticator.

docs/security.md#s-3 (a reset never skips MFA) and docs/security.md#s-8 (admins never set or see a password).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts import services
from vawg.accounts.models import SetupLink, SetupLinkPurpose, StaffSession, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import TOTPDeviceFactory, authenticator_for_key, totp_code
from vawg.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kettle orchard lantern puzzle"
OLD_PASSWORD = "correct horse battery staple"  # the factories' password
ENROL = "/sign-in/set-up-authenticator/"
NEUTRAL = "This link has expired or has already been used"


FORM = "/sign-in/set-up/"


def _url(token: str) -> str:
    return reverse("accounts:setup_link_use", kwargs={"token": token})


def _set_password(client: Client, token: str, password: str = NEW_PASSWORD, again: str | None = None) -> Any:
    """Open the link (the browser is sent on to the token-less form), then post a password there."""
    client.get(_url(token))
    data = {"new_password": password, "confirm_password": password if again is None else again}
    return client.post(FORM, data)


def _without_random(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.fixture
def newcomer(admin_user: User, agencies: Any) -> User:
    """A user an administrator has just added: no password, no authenticator."""
    user = services.user_create(email="new.idva@example.invalid", full_name="Nia Newcomer", by=admin_user)
    services.membership_add(user=user, organisation=agencies.a, role=Role.IDVA, by=admin_user)
    return user


def _link(user: User, admin_user: User, purpose: str = SetupLinkPurpose.NEW_ACCOUNT) -> tuple[SetupLink, str]:
    return services.setup_link_create(user=user, purpose=purpose, by=admin_user)


def test_it_takes_a_new_account_from_link_to_password_to_authenticator_to_home(
    client: Client, newcomer: User, admin_user: User
) -> None:
    link, token = _link(newcomer, admin_user)

    page = client.get(_url(token), follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Create your password" in html
    assert 'autocomplete="new-password"' in html
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]

    response = _set_password(client, token)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    # A link and a password are not a session.
    assert client.get("/home/")["Location"].startswith("/sign-in/")

    device = authenticator_for_key(client.get(ENROL).context["setup"].secret)
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        enrolled = client.post(ENROL, {"code": totp_code(device)})
        assert enrolled["Location"] == reverse("accounts:sign_in_recovery_codes")
        assert client.get("/home/").status_code == 200

    newcomer.refresh_from_db()
    link.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert link.used_at is not None
    use = AuditEntry.objects.get(action="accounts.setup_link.use")
    assert use.actor_id == str(newcomer.pk)
    assert use.details["purpose"] == "new-account"


def test_it_takes_the_token_out_of_the_address_bar_at_once(client: Client, newcomer: User, admin_user: User) -> None:
    _, token = _link(newcomer, admin_user)

    opened = client.get(_url(token))
    assert opened.status_code == 303
    assert opened["Location"] == FORM == reverse("accounts:setup_link_enter")
    assert not opened.content
    form = client.get(FORM)
    html = form.content.decode()
    assert form.status_code == 200
    assert "Create your password" in html
    assert f'action="{FORM}"' in html
    assert token not in html
    # The password goes to the token-less address only.
    assert client.post(_url(token), {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}).status_code == 405
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    assert _set_password(client, token)["Location"] == ENROL
    # Once used, the form has nothing to offer this browser either.
    assert client.get(FORM).status_code == 410


def test_it_refuses_the_password_form_to_a_browser_that_opened_no_link(client: Client, newcomer: User) -> None:
    got = client.get(FORM)
    posted = client.post(FORM, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    for response in (got, posted):
        assert response.status_code == 410
        assert NEUTRAL in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="accounts.setup_link").exists()


def test_it_writes_no_audit_entry_for_tokens_that_match_no_link(newcomer: User, admin_user: User) -> None:
    before = AuditEntry.objects.count()
    for number in range(5):
        assert Client().get(_url(f"made-up-token-{number}")).status_code == 410
    assert AuditEntry.objects.count() == before


def test_it_refuses_and_records_a_link_that_expires_while_its_form_is_open(
    client: Client, settings: Any, newcomer: User, admin_user: User
) -> None:
    settings.SETUP_LINK_HOURS = 1  # within the browser session's own lifetime
    link, token = _link(newcomer, admin_user)
    assert client.get(_url(token)).status_code == 303
    with time_machine.travel(link.expires_at + timedelta(seconds=1), tick=False):
        response = client.post(FORM, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 410
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    refusal = AuditEntry.objects.get(action="accounts.setup_link.refuse")
    assert refusal.details == {"reason": "expired", "link": str(link.pk)}


def test_it_sends_a_reset_to_a_new_authenticator_never_to_home(
    client: Client, signed_in: SignedIn, idva_a: User, admin_user: User
) -> None:
    old_device = TOTPDeviceFactory(user=idva_a)
    StaticDevice.objects.create(user=idva_a, name="Recovery codes", confirmed=True)
    live = signed_in(idva_a)

    _, token = _link(idva_a, admin_user, SetupLinkPurpose.RESET)

    idva_a.refresh_from_db()
    assert not idva_a.has_usable_password()
    assert not TOTPDevice.objects.filter(user=idva_a).exists()
    assert not StaticDevice.objects.filter(user=idva_a).exists()
    assert not StaffSession.objects.open().filter(user=idva_a).exists()
    assert live.get("/home/")["Location"].startswith("/sign-in/")
    # The old password no longer opens anything, not even authenticator set-up.
    old = Client().post("/sign-in/", {"email": idva_a.email, "password": OLD_PASSWORD})
    assert old.status_code == 200

    response = _set_password(client, token)
    assert response["Location"] == ENROL
    assert client.get("/home/")["Location"].startswith("/sign-in/")
    new_device = authenticator_for_key(client.get(ENROL).context["setup"].secret)
    assert new_device.key != old_device.key
    entry = AuditEntry.objects.get(action="accounts.setup_link.create")
    assert entry.actor_id == str(admin_user.pk)
    assert entry.details["purpose"] == "reset"
    assert entry.details["devices_removed"] == 2
    assert entry.details["sessions_ended"] == 1


def _used(user: User, admin_user: User) -> str:
    _, token = _link(user, admin_user)
    assert _set_password(Client(), token).status_code == 302
    return token


def _expired(user: User, admin_user: User) -> str:
    with time_machine.travel(timezone.now() - timedelta(hours=73), tick=False):
        _, token = _link(user, admin_user)
    return token


def _revoked(user: User, admin_user: User) -> str:
    _, token = _link(user, admin_user)
    _link(user, admin_user)  # a newer link cancels the earlier one
    return token


def _disabled(user: User, admin_user: User) -> str:
    _, token = _link(user, admin_user)
    services.user_disable(user=user, by=admin_user, reason="Left")
    return token


def _unknown(user: User, admin_user: User) -> str:
    return "c0ffee-not-a-real-token-at-all-0123456789ab"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_used, "used"),
        (_expired, "expired"),
        (_revoked, "revoked"),
        (_disabled, "user-disabled"),
        (_unknown, "unknown"),
    ],
)
def test_it_refuses_every_link_that_does_not_work_with_one_neutral_page(
    make: Callable[[User, User], str], reason: str, newcomer: User, admin_user: User
) -> None:
    token = make(newcomer, admin_user)
    before = newcomer.password
    unknown = Client().get(_url("definitely-unknown-token"))
    got = Client().get(_url(token))
    posted = _set_password(Client(), token, "another fine passphrase")

    for response in (got, posted, unknown):
        assert response.status_code == 410
        assert NEUTRAL in response.content.decode()
    # The same page whatever the cause: nothing says whether the account exists.
    assert _without_random(got.content.decode()) == _without_random(unknown.content.decode())
    newcomer.refresh_from_db()
    if reason != "used":
        assert newcomer.password == before
    refusals = AuditEntry.objects.filter(action="accounts.setup_link.refuse", details__reason=reason)
    # A real link is recorded each time it is refused; a token that matches no link never is.
    assert refusals.count() == (0 if reason == "unknown" else 2)
    assert all(entry.system_job == "set-up-link" for entry in refusals)
    assert not AuditEntry.objects.filter(action="accounts.setup_link.refuse", details__reason="unknown").exists()


def test_it_refuses_a_weak_password_and_keeps_the_link(client: Client, newcomer: User, admin_user: User) -> None:
    link, token = _link(newcomer, admin_user)

    weak = _set_password(client, token, "password1234")
    assert weak.status_code == 200
    html = weak.content.decode()
    assert "There is a problem" in html
    assert "Your password is too easy to guess" in html
    assert "govuk-error-message" in html
    assert "Error: Create your password" in html

    short = _set_password(client, token, "short")
    assert "Your password must be 12 characters or more" in short.content.decode()
    differ = _set_password(client, token, NEW_PASSWORD, "kettle orchard lantern puzzles")
    assert "The passwords do not match" in differ.content.decode()
    empty = client.post(FORM, {})
    assert "Enter a password" in empty.content.decode()

    link.refresh_from_db()
    newcomer.refresh_from_db()
    assert link.used_at is None
    assert not newcomer.has_usable_password()
    assert AuditEntry.objects.filter(action="accounts.setup_link.refuse", details__reason="password-refused").count()
    # The link still works.
    assert _set_password(client, token)["Location"] == ENROL


def test_it_keeps_no_token_in_the_database_or_the_audit_log(client: Client, newcomer: User, admin_user: User) -> None:
    link, token = _link(newcomer, admin_user)
    client.get(_url(token))
    _set_password(client, token, "password1234")
    _set_password(client, token)
    client.get(_url(token))

    assert len(token) >= 43
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not SetupLink.objects.filter(token_hash=token).exists()
    entries = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert token not in entries
    assert link.token_hash not in entries
    assert NEW_PASSWORD not in entries
    assert [e for e in AuditEntry.objects.values_list("action", flat=True) if "setup" in e] == [
        "accounts.setup_link.create",
        "accounts.setup_link.refuse",
        "accounts.setup_link.use",
        "accounts.setup_link.refuse",
    ]


def test_it_expires_links_after_the_configured_hours(settings: Any, newcomer: User, admin_user: User) -> None:
    settings.SETUP_LINK_HOURS = 2
    link, token = _link(newcomer, admin_user)
    assert timedelta(hours=2) - (link.expires_at - timezone.now()) < timedelta(minutes=1)
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        assert Client().get(_url(token), follow=True).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1), tick=False):
        assert Client().get(_url(token)).status_code == 410


def test_it_signs_out_anyone_signed_in_on_the_browser_first(
    signed_in: SignedIn, newcomer: User, admin_user: User
) -> None:
    _, token = _link(newcomer, admin_user)
    browser = signed_in(admin_user)
    response = _set_password(browser, token)
    assert response["Location"] == ENROL
    assert not StaffSession.objects.open().filter(user=admin_user).exists()
    assert browser.get("/home/")["Location"].startswith("/sign-in/")


def test_it_sends_a_user_who_still_has_an_authenticator_to_the_code_step(
    client: Client, newcomer: User, admin_user: User
) -> None:
    TOTPDeviceFactory(user=newcomer)
    _, token = _link(newcomer, admin_user)
    assert _set_password(client, token)["Location"] == reverse("accounts:sign_in_code")
    assert client.get("/home/")["Location"].startswith("/sign-in/")


def test_it_ends_the_sessions_of_a_user_who_sets_a_new_password(
    signed_in: SignedIn, idva_a: User, admin_user: User
) -> None:
    live = signed_in(idva_a)
    _, token = _link(idva_a, admin_user)
    _set_password(Client(), token)
    assert live.get("/home/")["Location"].startswith("/sign-in/")
    assert StaffSession.objects.filter(user=idva_a, ended_reason="password-set").count() == 1


def test_it_refuses_to_make_a_link_for_a_disabled_user(newcomer: User, admin_user: User) -> None:
    from django.core.exceptions import ValidationError

    services.user_disable(user=newcomer, by=admin_user, reason="Left")
    with pytest.raises(ValidationError, match="disabled"):
        _link(newcomer, admin_user)
    assert not SetupLink.objects.exists()


def test_it_needs_exactly_one_of_an_actor_or_a_system_job(newcomer: User, admin_user: User) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        services.setup_link_create(user=newcomer, purpose=SetupLinkPurpose.NEW_ACCOUNT)
    with pytest.raises(ValueError, match="exactly one"):
        services.setup_link_create(user=newcomer, purpose=SetupLinkPurpose.NEW_ACCOUNT, by=admin_user, system_job="job")
    link, _ = services.setup_link_create(user=newcomer, purpose=SetupLinkPurpose.NEW_ACCOUNT, system_job="a_job")
    assert link.created_by is None and link.created_by_label == "a_job"
    assert AuditEntry.objects.filter(action="accounts.setup_link.create").get().system_job == "a_job"


def test_it_lifts_a_sign_in_lockout_when_the_link_is_used(client: Client, idva_a: User, admin_user: User) -> None:
    for _ in range(10):
        Client().post("/sign-in/", {"email": idva_a.email, "password": "wrong password"})
    assert AccessAttempt.objects.filter(username=idva_a.email).exists()
    _, token = _link(idva_a, admin_user, SetupLinkPurpose.RESET)
    assert _set_password(client, token)["Location"] == ENROL
    assert client.get(ENROL).status_code == 200  # not the locked-out page
    assert not AccessAttempt.objects.filter(username=idva_a.email).exists()
    assert AuditEntry.objects.get(action="accounts.setup_link.use").details["lockout_records_removed"] == 1
