"""Settings: safe defaults, refusing to start without keys, typed env helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from vawg import env

ROOT = Path(__file__).resolve().parents[3]


def _import_settings(
    extra_env: dict[str, str], show: str = "s.DEBUG, s.SESSION_COOKIE_SECURE"
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "AUDIT_HMAC_KEY"}}
    for name in ("DEBUG", "VAWG_HTTPS", "VAWG_DEMO", "DATABASE_URL"):
        clean.pop(name, None)
    clean.update(extra_env)
    return subprocess.run(  # noqa: S603 (our own interpreter and a constant expression)
        [sys.executable, "-c", f"import vawg.settings as s; print({show})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_without_keys_when_debug_is_off() -> None:
    result = _import_settings({})
    assert result.returncode != 0
    assert "Refusing to start with DEBUG off" in result.stderr
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "AUDIT_HMAC_KEY"):
        assert name in result.stderr


def test_it_names_only_the_missing_key() -> None:
    result = _import_settings({"SECRET_KEY": "x" * 60, "AUDIT_HMAC_KEY": "y" * 40})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr
    assert "set SECRET_KEY" not in result.stderr


def test_it_starts_with_keys_and_defaults_to_secure_cookies() -> None:
    result = _import_settings(
        {"SECRET_KEY": "x" * 60, "AUDIT_HMAC_KEY": "y" * 40, "FIELD_ENCRYPTION_KEYS": "k1:" + "A" * 43}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


KEYS = {"SECRET_KEY": "x" * 60, "AUDIT_HMAC_KEY": "y" * 40, "FIELD_ENCRYPTION_KEYS": "k1:" + "A" * 43}


@pytest.mark.parametrize(
    ("demo", "backend"),
    [
        ("true", "django_tasks.backends.immediate.ImmediateBackend"),
        ("false", "django_tasks_db.backend.DatabaseBackend"),
    ],
)
def test_it_runs_tasks_at_once_only_in_the_demo(demo: str, backend: str) -> None:
    result = _import_settings({**KEYS, "VAWG_DEMO": demo}, show='s.TASKS["default"]["BACKEND"]')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


def test_it_reads_secrets_from_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env.env_secret("SOME_SECRET") == "from-a-file"


def test_it_rejects_malformed_booleans_and_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(env.ConfigError, match="SOME_FLAG must be true or false"):
        env.env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(env.ConfigError, match="SOME_NUMBER must be a whole number"):
        env.env_int("SOME_NUMBER", 1)


def test_it_hashes_passwords_with_argon2_in_production() -> None:
    import vawg.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_installs_no_sms_or_email_code_devices() -> None:
    assert "django_otp.plugins.otp_totp" in settings.INSTALLED_APPS
    assert not any("sms" in app.lower() or "twilio" in app.lower() for app in settings.INSTALLED_APPS)
    assert "django_otp.plugins.otp_email" not in settings.INSTALLED_APPS


def test_it_checks_database_connections_before_reuse() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_it_enforces_password_length_and_common_password_rules() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Password123")
    with pytest.raises(ValidationError):
        validate_password("a" * 129 + "Zq!")
    validate_password("correct horse battery staple " * 2)  # a 58-character passphrase, no composition rules
