"""Helpers for tests: a fully signed-in (password + TOTP) client session, and the type of the
``signed_in`` persona fixture (conftest.py) that makes one."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import StaffSession, User
from vawg.accounts.session_keys import AUTH_AT_KEY, CODE_AT_KEY, LAST_SEEN_KEY

SignedIn = Callable[[User], Client]
"""``signed_in(user)``: a new test client with ``user`` fully signed in."""


def totp_device_for(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def sign_in_verified(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client`` as if they had passed both password and TOTP steps.

    Like a real sign-in it opens a StaffSession (the staff middleware needs one), but it
    writes no audit entry, so tests that count entries see only their own.
    """
    device = totp_device_for(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = timezone.now().timestamp()
    session[AUTH_AT_KEY] = now
    session[LAST_SEEN_KEY] = now
    session[CODE_AT_KEY] = now
    session.save()
    started = timezone.now()
    StaffSession.objects.create(
        user=user, session_key=session.session_key or "", started_at=started, last_seen_at=started
    )
    return client
