"""Tokens at rest and the token services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.hooks import ON_USER_DISABLED
from vawg.accounts.models import User
from vawg.accounts.tests.factories import UserFactory
from vawg.api.models import ApiToken, hash_secret, split_token
from vawg.api.services import (
    api_token_create,
    api_token_revoke,
    api_tokens_revoke_all_for_user,
    revoke_tokens_of_disabled_user,
)
from vawg.audit.models import AuditEntry


def test_it_stores_only_a_hash_of_the_token(idva_a: User) -> None:
    token, plain = api_token_create(user=idva_a, name="Nightly report", by=idva_a)

    prefix, secret = split_token(plain)  # type: ignore[misc]
    assert plain == f"vawg_{token.prefix}_{secret}"
    assert token.prefix == token.id.hex[:8] == prefix
    assert token.token_hash == hash_secret(secret)
    # Neither the token nor its secret is anywhere in the database, in any table.
    for model in apps.get_models():
        for row in model._base_manager.values_list():
            assert secret not in str(row), f"secret found in {model._meta.label}"


def test_it_makes_a_different_token_each_time(idva_a: User) -> None:
    first = api_token_create(user=idva_a, name="One", by=idva_a)[1]
    second = api_token_create(user=idva_a, name="Two", by=idva_a)[1]

    assert first != second


def test_it_expires_tokens_after_the_configured_days(idva_a: User, settings: object) -> None:
    settings.API_TOKEN_DAYS = 30  # type: ignore[attr-defined]
    with time_machine.travel("2026-03-01 12:00Z", tick=False):
        token, _ = api_token_create(user=idva_a, name="Default", by=idva_a)
        short, _ = api_token_create(user=idva_a, name="Short", by=idva_a, days=7)

    assert token.expires_at == datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    assert short.expires_at == datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("days", [0, -1, 367])
def test_it_refuses_a_lifetime_out_of_range(idva_a: User, days: int) -> None:
    with pytest.raises(ValidationError):
        api_token_create(user=idva_a, name="Bad", by=idva_a, days=days)
    assert not ApiToken.objects.exists()


def test_it_refuses_a_token_to_a_user_without_api_use(db: None) -> None:
    nobody = UserFactory()  # no membership, so no role and no "api.use_api"

    with pytest.raises(PermissionDenied):
        api_token_create(user=nobody, name="Nope", by=nobody)
    assert not ApiToken.objects.exists()


def test_it_refuses_a_blank_name(idva_a: User) -> None:
    with pytest.raises(ValidationError):
        api_token_create(user=idva_a, name="   ", by=idva_a)


def test_it_audits_creation_without_the_token(idva_a: User) -> None:
    token, plain = api_token_create(user=idva_a, name="Audited", by=idva_a)

    entry = AuditEntry.objects.get(action="api.token.create")
    assert entry.actor_id == str(idva_a.pk)
    assert entry.object_id == str(token.pk)
    assert plain not in str(entry.details)


def test_it_revokes_a_token_once(idva_a: User, admin_user: User) -> None:
    token, _ = api_token_create(user=idva_a, name="Revoke me", by=idva_a)

    api_token_revoke(token=token, by=admin_user, reason="Left the team")
    api_token_revoke(token=token, by=admin_user, reason="Again")

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_reason == "Left the team"
    assert token.status == "Revoked"
    assert AuditEntry.objects.filter(action="api.token.revoke").count() == 1
    assert not ApiToken.objects.usable().exists()


def test_it_revokes_every_token_of_a_user(idva_a: User, police_b: User, admin_user: User) -> None:
    for name in ("One", "Two"):
        api_token_create(user=idva_a, name=name, by=idva_a)
    other, _ = api_token_create(user=police_b, name="Other", by=police_b)

    revoked = api_tokens_revoke_all_for_user(user=idva_a, by=admin_user, reason="Disabled")

    assert revoked == 2
    assert not ApiToken.objects.owned_by(idva_a).usable().exists()
    assert list(ApiToken.objects.usable()) == [other]


def test_it_revokes_a_disabled_users_tokens_through_the_hook(idva_a: User) -> None:
    api_token_create(user=idva_a, name="One", by=idva_a)

    revoke_tokens_of_disabled_user(idva_a)

    assert ApiToken.objects.owned_by(idva_a).not_revoked().count() == 0
    entry = AuditEntry.objects.get(action="api.token.revoke")
    assert entry.system_job == "user_disabled"


def test_it_registers_the_hook_with_accounts() -> None:
    assert revoke_tokens_of_disabled_user in ON_USER_DISABLED


def test_it_counts_only_live_tokens_of_active_users_as_usable(idva_a: User, police_b: User) -> None:
    live, _ = api_token_create(user=idva_a, name="Live", by=idva_a)
    expired, _ = api_token_create(user=idva_a, name="Expired", by=idva_a)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    api_token_create(user=police_b, name="Inactive owner", by=police_b)
    User.objects.filter(pk=police_b.pk).update(is_active=False)

    assert list(ApiToken.objects.usable()) == [live]


def test_it_revokes_tokens_when_accounts_disables_the_user(idva_a: User, admin_user: User) -> None:
    from vawg.accounts import services as accounts_services

    api_token_create(user=idva_a, name="One", by=idva_a)
    api_token_create(user=idva_a, name="Two", by=idva_a)

    accounts_services.user_disable(user=idva_a, by=admin_user, reason="Investigation")

    assert ApiToken.objects.owned_by(idva_a).not_revoked().count() == 0
    assert AuditEntry.objects.filter(action="api.token.revoke", system_job="user_disabled").count() == 2
