"""Test settings: the production settings with throwaway keys and fast hashing.

Only what a test run needs differs from vawg/settings.py.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-only-for-the-test-suite-0123456789abcdef")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "t1:dGVzdC1rZXktdGhpcnR5LXR3by1ieXRlcy1sb25nISE=")
os.environ.setdefault("AUDIT_HMAC_KEY", "test-audit-hmac-key")
os.environ.setdefault("VAWG_DEMO", "true")
os.environ.setdefault("VAWG_HTTPS", "false")

from vawg.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests check hashing policy in test_settings, not speed.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
# The manifest needs collectstatic; tests serve source files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests with a live server or real transactions flush the database after each test; the
# flush command lifts the audit log's append-only triggers for that only when this is on.
AUDIT_LOG_FLUSHABLE = True
