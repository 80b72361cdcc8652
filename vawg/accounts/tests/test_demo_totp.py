"""``manage.py demo_totp``: the current code of a demo user's authenticator, in demo mode only."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from vawg.accounts.models import User
from vawg.accounts.tests.factories import TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def _run(email: str) -> str:
    out = StringIO()
    call_command("demo_totp", "--email", email, stdout=out)
    return out.getvalue().strip()


def test_it_prints_a_code_that_signs_in(client: Client, idva_a: User) -> None:
    TOTPDeviceFactory(user=idva_a)
    client.post("/sign-in/", {"email": idva_a.email, "password": "correct horse battery staple"})
    code = _run("IDVA.A@example.invalid")
    assert len(code) == 6 and code.isdigit()
    assert client.post("/sign-in/code/", {"code": code})["Location"] == "/home/"


def test_it_refuses_outside_demo_mode(idva_a: User, settings: Any) -> None:
    TOTPDeviceFactory(user=idva_a)
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only runs in demo mode"):
        _run(idva_a.email)


def test_it_refuses_an_unknown_user_or_one_without_an_authenticator(idva_a: User) -> None:
    with pytest.raises(CommandError, match="No user with a confirmed authenticator"):
        _run(idva_a.email)
    with pytest.raises(CommandError, match="No user with a confirmed authenticator"):
        _run("nobody@example.invalid")
