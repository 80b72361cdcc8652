"""manage.py create_api_token."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.tests.factories import UserFactory
from vawg.api.models import TOKEN_PATTERN, ApiToken
from vawg.api.tests.conftest import bearer
from vawg.audit.models import AuditEntry


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_it_prints_a_working_token_on_the_last_line(idva_a: User) -> None:
    lines = _run("--email", "IDVA.A@example.invalid", "--name", "Reporting job")

    token = lines[-1]
    assert TOKEN_PATTERN.fullmatch(token)
    assert len(lines) > 1  # an explanation comes first
    assert token not in "\n".join(lines[:-1])
    assert ApiToken.objects.get().name == "Reporting job"
    assert Client().get("/api/v1/me", **bearer(token)).json()["email"] == idva_a.email


def test_it_sets_the_lifetime_in_days(idva_a: User) -> None:
    _run("--email", idva_a.email, "--days", "7")

    token = ApiToken.objects.get()
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)


def test_it_audits_the_command_as_a_system_job(idva_a: User) -> None:
    _run("--email", idva_a.email)

    entry = AuditEntry.objects.get(action="api.token.create")
    assert (entry.system_job, entry.actor_id) == ("create_api_token", "")


def test_it_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match=r"no user with the email address nobody@example\.invalid"):
        _run("--email", "nobody@example.invalid")


def test_it_refuses_a_disabled_user(idva_a: User) -> None:
    User.objects.filter(pk=idva_a.pk).update(is_active=False)

    with pytest.raises(CommandError, match="is disabled"):
        _run("--email", idva_a.email)
    assert not ApiToken.objects.exists()


def test_it_refuses_a_user_without_api_use(db: None) -> None:
    user = UserFactory(email="no.roles@example.invalid")

    with pytest.raises(CommandError, match="may not use the API"):
        _run("--email", user.email)
    assert not ApiToken.objects.exists()


def test_it_refuses_a_lifetime_out_of_range(idva_a: User) -> None:
    with pytest.raises(CommandError, match="between 1 and 366 days"):
        _run("--email", idva_a.email, "--days", "0")
    assert not ApiToken.objects.exists()
