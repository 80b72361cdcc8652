"""The staff session gate: full (password + TOTP) sessions only, idle and absolute limits, disabling."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from vawg.accounts.middleware import StaffSessionMiddleware
from vawg.accounts.models import StaffSession, User
from vawg.accounts.services import membership_end, user_disable
from vawg.accounts.session_keys import AUTH_AT_KEY, LAST_SEEN_KEY
from vawg.accounts.testing import SignedIn, totp_device_for
from vawg.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
# Every staff URL this app adds, plus the admin site: (method, path).
STAFF_URLS = [
    ("get", "/home/"),
    ("get", "/account/"),
    ("get", "/sign-in/recovery-codes/"),
    ("post", "/account/sessions/end-others/"),
    ("get", "/admin/"),
    ("get", "/admin/accounts/user/"),
    ("get", "/admin/accounts/organisation/"),
]


def _refused(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def _password_only(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_it_sends_anonymous_requests_to_sign_in_with_next(client: Client) -> None:
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=%2Fhome%2F"


def test_it_tells_htmx_to_redirect(client: Client) -> None:
    response = client.get("/home/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(SIGN_IN)


@pytest.mark.parametrize(("method", "path"), STAFF_URLS)
def test_it_refuses_a_password_only_session_everywhere(admin_user: User, method: str, path: str) -> None:
    client = _password_only(admin_user)
    assert _refused(getattr(client, method)(path))
    # The partial session is gone, not just bounced.
    assert not Session.objects.exists()


@pytest.mark.parametrize(("method", "path"), STAFF_URLS)
def test_it_refuses_a_session_with_otp_but_no_staff_session(admin_user: User, method: str, path: str) -> None:
    client = _password_only(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(admin_user).persistent_id
    now = timezone.now().timestamp()
    session[AUTH_AT_KEY] = session[LAST_SEEN_KEY] = now
    session.save()
    assert _refused(getattr(client, method)(path))


def test_it_refuses_the_password_step_alone(client: Client, idva_a: User) -> None:
    totp_device_for(idva_a)
    client.post(SIGN_IN, {"email": idva_a.email, "password": "correct horse battery staple"})
    for method, path in STAFF_URLS:
        assert _refused(getattr(client, method)(path)), path


def test_it_lets_a_full_session_through(signed_in: SignedIn, idva_a: User) -> None:
    client = signed_in(idva_a)
    assert client.get("/home/").status_code == 200
    assert client.get("/account/").status_code == 200


def test_it_hides_the_admin_site_from_staff_without_the_permission(signed_in: SignedIn, idva_a: User) -> None:
    client = signed_in(idva_a)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/accounts/user/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


def test_it_keeps_a_session_alive_for_14_idle_minutes_not_16(signed_in: SignedIn, idva_a: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(idva_a)
        traveller.shift(timedelta(minutes=14))
        assert client.get("/home/").status_code == 200
        traveller.shift(timedelta(minutes=16))
        response = client.get("/home/")
    assert _refused(response)
    assert response["Location"] == "/sign-in/?next=%2Fhome%2F"
    page = client.get(response["Location"])
    assert "You were signed out because you had not done anything for 15 minutes" in page.content.decode()
    entry = AuditEntry.objects.get(action="accounts.session.expire")
    assert entry.details["reason"] == "idle"
    assert entry.object_id == str(idva_a.pk)
    assert StaffSession.objects.get(user=idva_a).ended_reason == "idle"
    assert client.get("/home/").status_code == 302


def test_it_ends_a_busy_session_after_ten_hours(signed_in: SignedIn, idva_a: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = signed_in(idva_a)
        elapsed = timedelta(0)
        while elapsed < timedelta(hours=9, minutes=45):
            traveller.shift(timedelta(minutes=14))
            elapsed += timedelta(minutes=14)
            assert client.get("/home/").status_code == 200, elapsed
        traveller.move_to(start + timedelta(hours=9, minutes=59))
        assert client.get("/home/").status_code == 200
        traveller.move_to(start + timedelta(hours=10, minutes=1))
        response = client.get("/home/")
    assert _refused(response)
    assert AuditEntry.objects.get(action="accounts.session.expire").details["reason"] == "absolute"


def test_it_ends_both_live_sessions_of_a_disabled_user(signed_in: SignedIn, idva_a: User, admin_user: User) -> None:
    laptop, phone = signed_in(idva_a), signed_in(idva_a)
    assert laptop.get("/home/").status_code == 200
    assert phone.get("/home/").status_code == 200

    user_disable(user=idva_a, by=admin_user, reason="test")

    assert _refused(laptop.get("/home/"))
    assert _refused(phone.get("/account/"))
    assert not StaffSession.objects.open().filter(user=idva_a).exists()


def test_it_signs_out_someone_whose_last_role_ended(signed_in: SignedIn, idva_a: User, admin_user: User) -> None:
    client = signed_in(idva_a)
    membership_end(membership=idva_a.memberships.get(), by=admin_user)
    assert _refused(client.get("/home/"))
    assert StaffSession.objects.get(user=idva_a).ended_reason == "no-access"


def test_it_notes_activity_at_most_once_a_minute(signed_in: SignedIn, idva_a: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(idva_a)
        first = StaffSession.objects.get(user=idva_a).last_seen_at
        traveller.shift(timedelta(seconds=30))
        client.get("/home/")
        assert StaffSession.objects.get(user=idva_a).last_seen_at == first
        traveller.shift(timedelta(seconds=40))
        client.get("/home/")
        assert StaffSession.objects.get(user=idva_a).last_seen_at > first
        assert client.session[LAST_SEEN_KEY] == pytest.approx(timezone.now().timestamp())


def _never_public(request: HttpRequest) -> HttpResponse:
    return HttpResponse("staff only")


@pytest.mark.parametrize("path", ["/api/v1/anything", f"{settings.STATIC_URL}vawg/app.css"])
def test_it_leaves_the_api_and_static_files_to_their_own_checks(path: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    middleware = StaffSessionMiddleware(lambda r: HttpResponse())
    assert middleware.process_view(request, _never_public, (), {}) is None


def test_it_lets_public_views_through(client: Client) -> None:
    assert client.get(reverse("accounts:sign_in_password")).status_code == 200
