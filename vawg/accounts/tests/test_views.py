"""The staff landing page and the user's own account page."""

from __future__ import annotations

import pytest

from vawg.accounts.models import StaffSession, User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_shows_who_is_signed_in_and_their_cards(signed_in: SignedIn, idva_a: User) -> None:
    html = signed_in(idva_a).get("/home/").content.decode()
    role = "IDVA, ISVA or outreach caseworker"
    assert f"Signed in as {idva_a.full_name} at Agency A Domestic Abuse Service ({role})" in html
    assert 'href="/account/"' in html
    assert "Administration" not in html


def test_it_shows_administrators_the_administration_card(signed_in: SignedIn, admin_user: User) -> None:
    html = signed_in(admin_user).get("/home/").content.decode()
    assert 'href="/admin/"' in html


def test_it_lists_the_users_live_sessions(signed_in: SignedIn, idva_a: User, police_b: User) -> None:
    client = signed_in(idva_a)
    signed_in(idva_a)
    signed_in(police_b)
    response = client.get("/account/")
    assert response.status_code == 200
    assert len(response.context["sessions"]) == 2
    html = response.content.decode()
    assert "This session" in html
    assert "Sign out of all other sessions" in html
    for key in StaffSession.objects.values_list("session_key", flat=True):
        assert key not in html


def test_it_ends_the_users_other_sessions(signed_in: SignedIn, idva_a: User) -> None:
    client, other = signed_in(idva_a), signed_in(idva_a)
    response = client.post("/account/sessions/end-others/")
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "You signed out of 1 other session" in client.get("/account/").content.decode()
    assert other.get("/home/").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.session.end_all").count() == 1
    assert client.get("/account/sessions/end-others/").status_code == 405


def test_it_signs_out_from_the_admin_sites_button(signed_in: SignedIn, admin_user: User) -> None:
    client = signed_in(admin_user)
    assert client.get("/admin/logout/").status_code == 405
    response = client.post("/admin/logout/")
    assert response["Location"] == "/sign-in/"
    assert not StaffSession.objects.open().exists()
    assert AuditEntry.objects.filter(action="accounts.user.sign_out").count() == 1
