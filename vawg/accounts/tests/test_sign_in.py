"""Staff sign-in: password, then a TOTP code (or a recovery code); first-time set-up; sign-out."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import SetupLinkPurpose, StaffSession, User
from vawg.accounts.roles import Role
from vawg.accounts.services import setup_link_create, user_disable
from vawg.accounts.tests.factories import (
    TOTPDeviceFactory,
    authenticator_for_key,
    totp_code,
    user_with_role,
    wrong_totp_code,
)
from vawg.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SIGN_IN = "/sign-in/"
CODE = "/sign-in/code/"
ENROL = "/sign-in/set-up-authenticator/"
NEW_PASSWORD = "kettle orchard lantern puzzle"


def _cookie(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _password_step(client: Client, email: str, password: str = PASSWORD, next_url: str = "") -> object:
    return client.post(SIGN_IN + (f"?next={next_url}" if next_url else ""), {"email": email, "password": password})


def _sign_in(client: Client, user: User, device: TOTPDevice, next_url: str = "") -> object:
    response = _password_step(client, user.email, next_url=next_url)
    assert response.status_code == 302 and response["Location"] == CODE
    return client.post(CODE, {"code": totp_code(device)})


def _without_csrf(html: str) -> str:
    """The page without its per-response random values (CSRF token, CSP nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.fixture
def device(idva_a: User) -> TOTPDevice:
    return TOTPDeviceFactory(user=idva_a)


def test_it_shows_the_sign_in_form(client: Client) -> None:
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html and 'name="password"' in html
    assert "Email address" in html and "Password" in html and "Continue" in html


def test_it_signs_in_with_password_and_a_totp_code(client: Client, idva_a: User, device: TOTPDevice) -> None:
    response = _password_step(client, idva_a.email)
    assert response.status_code == 302
    assert response["Location"] == CODE
    # The password alone reaches nothing.
    assert client.get("/home/")["Location"].startswith(SIGN_IN)

    _password_step(client, idva_a.email)
    page = client.get(CODE)
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert 'inputmode="numeric"' in page.content.decode()
    response = client.post(CODE, {"code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff_home")

    home = client.get("/home/")
    assert home.status_code == 200
    assert f"Signed in as {idva_a.full_name} at Agency A Domestic Abuse Service" in home.content.decode()
    assert StaffSession.objects.open().filter(user=idva_a).count() == 1


def test_it_accepts_the_email_address_in_any_case(client: Client, idva_a: User, device: TOTPDevice) -> None:
    response = _password_step(client, "  IDVA.A@Example.INVALID ")
    assert response.status_code == 302 and response["Location"] == CODE


def test_it_issues_a_new_session_id_at_each_step(client: Client, idva_a: User, device: TOTPDevice) -> None:
    client.get(SIGN_IN)
    before = _cookie(client)
    _password_step(client, idva_a.email)
    after_password = _cookie(client)
    client.post(CODE, {"code": totp_code(device)})
    after_code = _cookie(client)

    assert len({before, after_password, after_code}) == 3
    assert not Session.objects.filter(session_key__in=[before, after_password]).exists()
    # The old cookie is worth nothing.
    old = Client()
    old.cookies[settings.SESSION_COOKIE_NAME] = after_password
    assert old.get("/home/")["Location"].startswith(SIGN_IN)


def test_it_gives_the_same_answer_for_an_unknown_email_and_a_wrong_password(idva_a: User) -> None:
    unknown = Client().post(SIGN_IN, {"email": "nobody@example.invalid", "password": "not the password"})
    known = Client().post(SIGN_IN, {"email": idva_a.email, "password": "not the password"})

    assert unknown.status_code == known.status_code == 200
    assert "Enter a correct email address and password" in known.content.decode()
    unknown_html = _without_csrf(unknown.content.decode()).replace("nobody@example.invalid", "EMAIL")
    known_html = _without_csrf(known.content.decode()).replace(idva_a.email, "EMAIL")
    assert unknown_html == known_html
    assert sorted(unknown.headers) == sorted(known.headers)


def test_it_hashes_the_password_once_whether_or_not_the_email_is_known(idva_a: User) -> None:
    """No shortcut for unknown emails: the same (slow) hashing work, so timing does not tell them apart."""
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        Client().post(SIGN_IN, {"email": "nobody@example.invalid", "password": "not the password"})
        unknown_calls = encode.call_count
        encode.reset_mock()
        Client().post(SIGN_IN, {"email": idva_a.email, "password": "not the password"})
        known_calls = encode.call_count
    assert unknown_calls == known_calls == 1


def test_it_refuses_a_disabled_user_with_the_same_message(
    client: Client, idva_a: User, device: TOTPDevice, admin_user: User
) -> None:
    user_disable(user=idva_a, by=admin_user, reason="test")
    response = _password_step(client, idva_a.email)
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()


def test_it_shows_gov_uk_errors_for_empty_fields(client: Client) -> None:
    html = client.post(SIGN_IN, {"email": "", "password": ""}).content.decode()
    assert "govuk-error-summary" in html
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_it_locks_the_account_after_ten_failures_even_with_the_right_password(
    client: Client, idva_a: User, device: TOTPDevice
) -> None:
    statuses = [_password_step(Client(), idva_a.email, "wrong password").status_code for _ in range(10)]
    assert statuses == [200] * 9 + [429]

    eleventh = _password_step(client, idva_a.email)
    assert eleventh.status_code == 429
    assert "Try again later" in eleventh.content.decode()
    assert client.get(CODE)["Location"] == SIGN_IN  # no pending sign-in was started


def test_it_lifts_the_lockout_after_the_cool_off(client: Client, idva_a: User, device: TOTPDevice) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(10):
            _password_step(Client(), idva_a.email, "wrong password")
        assert _password_step(client, idva_a.email).status_code == 429
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert _password_step(client, idva_a.email).status_code == 302


def test_it_locks_unknown_emails_with_the_same_page(client: Client, idva_a: User) -> None:
    for email in ("nobody@example.invalid", idva_a.email):
        for _ in range(10):
            _password_step(Client(), email, "wrong password")
    unknown = _password_step(Client(), "nobody@example.invalid")
    known = _password_step(Client(), idva_a.email)
    assert unknown.status_code == known.status_code == 429
    assert _without_csrf(unknown.content.decode()) == _without_csrf(known.content.decode())


def test_it_locks_the_account_after_ten_wrong_codes(client: Client, idva_a: User, device: TOTPDevice) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _password_step(client, idva_a.email)
        statuses = []
        for _ in range(10):
            statuses.append(client.post(CODE, {"code": wrong_totp_code(device)}).status_code)
            traveller.shift(timedelta(seconds=1))
        assert statuses == [200] * 9 + [429]
        response = client.post(CODE, {"code": totp_code(device)})
    assert response.status_code == 429
    assert not StaffSession.objects.filter(user=idva_a).exists()


def test_it_refuses_a_replayed_code(client: Client, idva_a: User, device: TOTPDevice) -> None:
    code = totp_code(device)
    _password_step(client, idva_a.email)
    assert client.post(CODE, {"code": code}).status_code == 302

    other = Client()
    _password_step(other, idva_a.email)
    response = other.post(CODE, {"code": code})
    assert response.status_code == 200
    assert "Enter a correct code from your authenticator app" in response.content.decode()
    assert other.get("/home/")["Location"].startswith(SIGN_IN)


def test_it_accepts_a_recovery_code_once(client: Client, idva_a: User, device: TOTPDevice) -> None:
    recovery = StaticDevice.objects.create(user=idva_a, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")

    _password_step(client, idva_a.email)
    assert client.post(CODE, {"code": "ABCD 2345"}).status_code == 302
    assert client.get("/home/").status_code == 200

    again = Client()
    _password_step(again, idva_a.email)
    assert again.post(CODE, {"code": "abcd2345"}).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.user.sign_in", details__method="recovery-code").count() == 1


def _via_setup_link(client: Client, user: User) -> Any:
    """An administrator's "reset" link, opened and used on ``client``: the way to a new authenticator."""
    _, token = setup_link_create(user=user, purpose=SetupLinkPurpose.RESET, system_job="test")
    client.get(reverse("accounts:setup_link_use", kwargs={"token": token}))
    password = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    return client.post(reverse("accounts:setup_link_enter"), password)


def test_it_sends_a_password_only_user_without_an_authenticator_to_ask_for_a_new_link(
    client: Client, idva_a: User
) -> None:
    """A password alone never sets up an authenticator (else a reset would hand the account to its holder)."""
    response = _password_step(client, idva_a.email)

    assert response.status_code == 403
    html = response.content.decode()
    assert "You need a new set-up link" in html and "Ask your system administrator." in html
    assert "QR code" not in html
    # No pending sign-in is left to go on with.
    assert client.get(ENROL)["Location"] == SIGN_IN
    assert client.get(CODE)["Location"] == SIGN_IN
    assert client.post(ENROL, {"code": "123456"})["Location"] == SIGN_IN
    assert not TOTPDevice.objects.filter(user=idva_a).exists()
    failure = AuditEntry.objects.get(action="accounts.user.sign_in_fail")
    assert (failure.object_id, failure.details) == (str(idva_a.pk), {"reason": "needs-setup-link", "attempts": 1})
    # The same page for someone whose authenticator was taken away while their password stayed.
    other = user_with_role(Role.POLICE, email="police.other@example.invalid")
    TOTPDeviceFactory(user=other).delete()
    assert _without_csrf(_password_step(Client(), other.email).content.decode()) == _without_csrf(html)


def test_it_refuses_set_up_to_a_pending_sign_in_that_began_with_a_password(
    client: Client, idva_a: User, device: TOTPDevice
) -> None:
    assert _password_step(client, idva_a.email)["Location"] == CODE
    device.delete()  # gone after the password step: the password still must not lead to set-up

    before = AuditEntry.objects.count()
    refused = client.get(ENROL)
    assert refused.status_code == 403
    assert "You need a new set-up link" in refused.content.decode()
    assert AuditEntry.objects.count() == before  # a GET records nothing
    assert client.get(ENROL)["Location"] == SIGN_IN  # and the pending sign-in is gone
    assert not TOTPDevice.objects.filter(user=idva_a).exists()


def test_it_sets_up_an_authenticator_with_a_qr_code_and_recovery_codes(client: Client, idva_a: User) -> None:
    assert _via_setup_link(client, idva_a)["Location"] == ENROL
    before = list(AuditEntry.objects.values_list("action", flat=True))

    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert "QR code for setting up your authenticator app" in html
    secret = page.context["setup"].secret
    assert secret.replace(" ", "") in html.replace(" ", "")
    # Reloading shows the same key, and looking at the page changes nothing.
    assert client.get(ENROL).context["setup"].secret == secret
    assert not TOTPDevice.objects.filter(user=idva_a).exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == before

    app = authenticator_for_key(secret)
    assert client.post(ENROL, {"code": wrong_totp_code(app)}).status_code == 200
    assert not TOTPDevice.objects.filter(user=idva_a).exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        code = totp_code(app)
        response = client.post(ENROL, {"code": code})
        assert response["Location"] == reverse("accounts:sign_in_recovery_codes")
        codes_page = client.get(reverse("accounts:sign_in_recovery_codes"))
        assert codes_page.status_code == 200
        codes = codes_page.context["codes"]
        assert len(codes) == 10
        assert all(code in codes_page.content.decode() for code in codes)
        # Shown once only.
        assert client.get(reverse("accounts:sign_in_recovery_codes")).status_code == 404
        assert client.get("/home/").status_code == 200
        # The code that confirmed the set-up cannot be used again.
        replay = Client()
        _password_step(replay, idva_a.email, NEW_PASSWORD)
        assert replay.post(CODE, {"code": code}).status_code == 200

    device = TOTPDevice.objects.get(user=idva_a)
    assert device.confirmed and device.key == app.key
    assert AuditEntry.objects.filter(action="accounts.mfa.enrol").count() == 1
    # A recovery code signs in once.
    again = Client()
    _password_step(again, idva_a.email, NEW_PASSWORD)
    assert again.post(CODE, {"code": codes[0]}).status_code == 302
    third = Client()
    _password_step(third, idva_a.email, NEW_PASSWORD)
    assert third.post(CODE, {"code": codes[0]}).status_code == 200


def test_it_keeps_the_set_up_step_open_long_enough_to_install_an_app(client: Client, idva_a: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _via_setup_link(client, idva_a)
        traveller.shift(settings.MFA_PENDING_TIMEOUT + timedelta(minutes=10))
        assert client.get(ENROL).status_code == 200
        traveller.shift(timedelta(minutes=30))
        assert client.get(ENROL)["Location"] == SIGN_IN


def test_it_records_a_locked_out_code_step_only_when_a_code_is_tried(
    client: Client, idva_a: User, device: TOTPDevice
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _password_step(client, idva_a.email)
        for _ in range(10):
            _password_step(Client(), idva_a.email, "wrong password")
        locked = AuditEntry.objects.filter(action="accounts.user.sign_in_fail", details__reason="locked-out")
        before = locked.count()

        for _ in range(3):
            assert client.get(CODE).status_code == 429
        assert locked.count() == before
        traveller.shift(timedelta(minutes=1))  # repeats within a minute share one entry
        assert client.post(CODE, {"code": totp_code(device)}).status_code == 429
        assert locked.count() == before + 1


def test_it_does_not_show_set_up_to_someone_with_an_authenticator(
    client: Client, idva_a: User, device: TOTPDevice
) -> None:
    _password_step(client, idva_a.email)
    assert client.get(reverse("accounts:sign_in_enrol"))["Location"] == CODE
    assert not TOTPDevice.objects.filter(user=idva_a, confirmed=False).exists()


def test_it_forgets_a_password_step_after_the_pending_timeout(client: Client, idva_a: User, device: TOTPDevice) -> None:
    _password_step(client, idva_a.email)
    with time_machine.travel(timezone.now() + settings.MFA_PENDING_TIMEOUT + timedelta(seconds=5), tick=False):
        response = client.post(CODE, {"code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == SIGN_IN
    assert not StaffSession.objects.filter(user=idva_a).exists()


def test_it_refuses_the_code_step_without_a_password_step(client: Client, device: TOTPDevice) -> None:
    assert client.get(CODE)["Location"] == SIGN_IN
    assert client.get(reverse("accounts:sign_in_enrol"))["Location"] == SIGN_IN


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:/evil.example", "javascript:alert(1)"],
)
def test_it_does_not_follow_an_offsite_next(client: Client, idva_a: User, device: TOTPDevice, next_url: str) -> None:
    client.get(SIGN_IN, {"next": next_url})
    client.post(SIGN_IN + "?" + "next=" + next_url.replace("&", "%26"), {"email": idva_a.email, "password": PASSWORD})
    response = client.post(CODE, {"code": totp_code(device)})
    assert response["Location"] == reverse("accounts:staff_home")


def test_it_follows_a_same_site_next(client: Client, idva_a: User, device: TOTPDevice) -> None:
    response = _sign_in(client, idva_a, device, next_url="/account/")
    assert response["Location"] == "/account/"


def test_it_refuses_someone_with_no_current_role(client: Client, device: TOTPDevice, idva_a: User) -> None:
    idva_a.memberships.update(ended_at=timezone.now() - timedelta(days=1))
    _password_step(client, idva_a.email)
    response = client.post(CODE, {"code": totp_code(device)})
    assert response.status_code == 403
    assert not StaffSession.objects.filter(user=idva_a).exists()


def test_it_signs_out_and_deletes_the_server_session(client: Client, idva_a: User, device: TOTPDevice) -> None:
    _sign_in(client, idva_a, device)
    key = _cookie(client)
    assert client.get(reverse("accounts:sign_out")).status_code == 405

    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert response["Location"] == SIGN_IN
    assert not Session.objects.filter(session_key=key).exists()
    assert StaffSession.objects.get(user=idva_a).ended_reason == "signed-out"
    assert "You have signed out" in client.get(SIGN_IN).content.decode()
    # Replaying the old cookie reaches nothing.
    old = Client()
    old.cookies[settings.SESSION_COOKIE_NAME] = key
    assert old.get("/home/")["Location"].startswith(SIGN_IN)


def test_it_writes_one_audit_entry_per_sign_in_and_sign_out(client: Client, idva_a: User, device: TOTPDevice) -> None:
    _sign_in(client, idva_a, device)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["accounts.user.sign_in"]
    entry = AuditEntry.objects.get()
    assert entry.actor_id == str(idva_a.pk)
    assert entry.ip == "127.0.0.1"

    client.post(reverse("accounts:sign_out"))
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "accounts.user.sign_in",
        "accounts.user.sign_out",
    ]


def test_it_audits_failures_without_the_typed_email_or_password(client: Client, idva_a: User) -> None:
    Client().post(SIGN_IN, {"email": "someone.else@example.invalid", "password": "hunter2-secret"})
    Client().post(SIGN_IN, {"email": idva_a.email, "password": "hunter2-secret"})

    entries = list(AuditEntry.objects.filter(action="accounts.user.sign_in_fail"))
    assert len(entries) == 2
    unknown, known = entries
    assert (unknown.system_job, unknown.object_id, unknown.details) == (
        "sign-in",
        "",
        {"reason": "bad-credentials", "attempts": 1},
    )
    assert known.object_id == str(idva_a.pk)
    dumped = json.dumps([e.__dict__ for e in entries], default=str)
    assert "someone.else" not in dumped and "hunter2" not in dumped and idva_a.email not in dumped


def test_it_refuses_a_user_whose_password_is_unusable(client: Client, idva_a: User, device: TOTPDevice) -> None:
    assert _password_step(Client(), idva_a.email).status_code == 302  # the password works...
    idva_a.set_unusable_password()
    idva_a.save()

    response = _password_step(client, idva_a.email)  # ...until it is made unusable

    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert client.get(CODE)["Location"] == SIGN_IN
