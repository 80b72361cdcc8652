"""Settings for the VAWG partnership platform.

One file, driven by the environment (see vawg/env.py and README.md,
Configuration). Defaults are safe for production: DEBUG is off, cookies are
Secure, and the platform refuses to start without its keys.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from vawg.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAWG_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Demo mode: installs the nonprod app (seed_demo, demo_totp) and shows a demo banner.
DEMO_MODE = env_bool("VAWG_DEMO", False)
# Served over HTTPS (production). Off only for the local demo on http://127.0.0.1.
HTTPS = env_bool("VAWG_HTTPS", True)
# Domestic abuse protection notices and orders (DAA 2021 Part 3): only in pilot areas until national
# rollout; off for Hertfordshire (docs/orders.md).
DAPO_AVAILABLE = env_bool("VAWG_DAPO_AVAILABLE", False)

SECRET_KEY = env_secret("SECRET_KEY")
# Field encryption keys: "kid:base64key,kid2:base64key2" (32-byte keys, urlsafe base64).
FIELD_ENCRYPTION_KEYS = env_secret("FIELD_ENCRYPTION_KEYS")
# The key id new values are encrypted with; defaults to the last key listed.
FIELD_ENCRYPTION_ACTIVE_KEY = env_str("FIELD_ENCRYPTION_ACTIVE_KEY", "")
# Key for the audit log's HMAC hash chain.
AUDIT_HMAC_KEY = env_secret("AUDIT_HMAC_KEY")

if not DEBUG:
    _missing = [
        name
        for name, value in (
            ("SECRET_KEY", SECRET_KEY),
            ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS),
            ("AUDIT_HMAC_KEY", AUDIT_HMAC_KEY),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG off: set " + ", ".join(_missing) + " (or the matching *_FILE variable)."
        )
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"  # noqa: S105
if DEBUG and not FIELD_ENCRYPTION_KEYS:
    FIELD_ENCRYPTION_KEYS = "dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcmVhbC1kYXQ="
if DEBUG and not AUDIT_HMAC_KEY:
    AUDIT_HMAC_KEY = "insecure-development-audit-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("VAWG_SITE_NAME", "Hertfordshire VAWG Partnership")
SERVICE_NAME = env_str("VAWG_SERVICE_NAME", "VAWG partnership platform")
# The public pages' name, in their titles and header: neutral, because titles show in browser history.
PUBLIC_SITE_NAME = env_str("VAWG_PUBLIC_SITE_NAME", "Hertfordshire support services")
# Where "Exit this page" sends people: a neutral site that shows nothing personal.
EXIT_URL = env_str("VAWG_EXIT_URL", "https://www.bbc.co.uk/weather")
# Printed at the top of every MARAC minutes PDF; "{lawful_basis}" is replaced by the lawful basis of the share.
MARAC_CONFIDENTIALITY_STATEMENT = env_str(
    "MARAC_CONFIDENTIALITY_STATEMENT",
    "This document is confidential. It is shared under {lawful_basis} for the purpose of safeguarding "
    "the victims, children and adults at risk discussed at this MARAC, and only with the agency named on it. "
    "Do not forward, copy or store it outside your agency's secure case system. Destroy it when it is no "
    "longer needed.",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    # Our apps, lowest first (a lower app never imports a higher one).
    "vawg.core",
    "vawg.audit",
    "vawg.accounts",
    "vawg.notifications",
    "vawg.people",
    "vawg.cases",
    "vawg.referrals",
    "vawg.risk",
    "vawg.marac",
    "vawg.provision",
    "vawg.intelligence",
    "vawg.justice",
    "vawg.programmes",
    "vawg.public",
    "vawg.api",
]
if DEMO_MODE:
    INSTALLED_APPS.append("vawg.nonprod")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # These three wrap WhiteNoise and the API's JSON errors, so every response carries their headers.
    "vawg.core.middleware.ResourcePolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vawg.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vawg.audit.middleware.ReadAuditMiddleware",  # a page showing a sensitive record is audited once
    "vawg.api.middleware.ApiAuditMiddleware",  # one audit entry per /api/ call; JSON errors
    "django_otp.middleware.OTPMiddleware",
    "vawg.accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "vawg.urls"
WSGI_APPLICATION = "vawg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "vawg.core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite under var/ by default; PostgreSQL 15+ with DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vawg.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on these short OLTP queries: with it on, most of the
    # case list's time at 100,000 cases went to compiling the access-gate query (bench/results.json).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers queue instead of failing; WAL lets readers run beside one writer.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )

# A cache every worker shares. The public forms' rate limits do not use it: they count in the
# database, under a row lock (vawg/referrals/services/rate_limits.py).
# Create its table with `manage.py createcachetable` after migrating (make demo does).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "vawg_cache"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# ASVS 6.2: at least 12 characters (15 recommended), up to 128, no composition rules,
# common passwords refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "vawg.accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "accounts:sign_in_password"
LOGIN_REDIRECT_URL = "accounts:staff_home"

# Sessions: server-side, ended on sign-out, idle and absolute limits (docs/security.md#s-12).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 10))
# Revealing contact details, break-glass and downloads of personal data need a code entered this recently.
STEP_UP_SECONDS = env_int("STEP_UP_SECONDS", 300)
# How long a reservation of a safe accommodation unit holds it before it lapses.
RESERVATION_HOLD_HOURS = env_int("RESERVATION_HOLD_HOURS", 24)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
# __Host- cookies must be Secure; the plain name is used only for the local demo over http.
SESSION_COOKIE_NAME = "__Host-vawg_session" if HTTPS else "vawg_session"
# The CSRF token lives in the session: no second cookie.
CSRF_USE_SESSIONS = True
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "vawg.core.views.csrf_failure"
# Flash messages live in the server session: no second cookie (docs/security.md#da-4: session cookie only).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# How long a password-checked sign-in may wait for its TOTP code.
MFA_PENDING_TIMEOUT = timedelta(minutes=5)
# How long a one-time set-up link (new account or password reset) works.
SETUP_LINK_HOURS = env_int("SETUP_LINK_HOURS", 72)

# django-otp: TOTP only (no SMS: docs/security.md#s-9).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", SITE_NAME)
OTP_TOTP_TOLERANCE = 1

# Throttling (docs/security.md#s-4). LOGIN_FAILURE_LIMIT failures for one account from one client
# address lock that pair for AXES_COOLOFF_TIME; LOGIN_ACCOUNT_FAILURE_LIMIT in a clock hour, from all
# addresses, lock the account everywhere until the hour ends (vawg.accounts.signin.axes_failure_limit).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 50)
# Per client address and minute: failed sign-ins, and API calls without a usable token; then 429.
LOGIN_ADDRESS_FAILURES_PER_MINUTE = env_int("LOGIN_ADDRESS_FAILURES_PER_MINUTE", 20)
API_UNAUTHENTICATED_PER_MINUTE = env_int("API_UNAUTHENTICATED_PER_MINUTE", 30)
AXES_FAILURE_LIMIT = "vawg.accounts.signin.axes_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Refusals while locked do not count, so a lock ends AXES_COOLOFF_TIME after the last real failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The same PROXY_COUNT-aware client address as the audit log and the other throttles.
AXES_CLIENT_IP_CALLABLE = "vawg.audit.services.client_ip"
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vawg.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Never keep typed emails, codes or form tokens in axes' attempt records (passwords are always masked).
AXES_SENSITIVE_PARAMETERS = ["email", "code", "csrfmiddlewaretoken"]
# Axes' log lines name the request path only, never the typed email (which may be an unknown person's).
AXES_CLIENT_STR_CALLABLE = "vawg.accounts.signin.axes_client_str"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Security headers (docs/security.md#s-30 to docs/security.md#s-33 and docs/security.md#s-36).
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin": no Referer ever leaves the site. Not "no-referrer": under it browsers send
# `Origin: null` with every form POST, and Django's CSRF check then refuses them all.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# The demo runs background tasks at once, inside the request that queues them, so a notification
# appears in the outbox (manage.py notifications_outbox) without a worker running (ADR 0005).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if DEMO_MODE
        else "django_tasks_db.backend.DatabaseBackend"
    }
}

# API tokens (vawg/api): lifetime of a new token.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

# Outbound message senders (vawg/people/services/messaging.py): channel value -> dotted path of a sender class.
# Empty while no gateway is configured: every channel then uses the record-only sender, which sends nothing.
MESSAGE_SENDERS: dict[str, str] = {}

# Staff notifications (vawg/notifications, ADR 0010): GOV.UK Notify, or the fake gateway without a key.
NOTIFY_API_KEY = env_secret("NOTIFY_API_KEY")
# "fake" keeps emails in the database (manage.py notifications_outbox); the demo and tests always use it.
NOTIFY_GATEWAY = "notify" if NOTIFY_API_KEY and not DEMO_MODE else "fake"
# The Notify email template for every kind, with ((subject)), ((body)) and ((link)) placeholders.
NOTIFY_TEMPLATE_ID = env_str("NOTIFY_TEMPLATE_ID", "")
# Per-kind templates that replace it: "referral-routed=<uuid>,break-glass=<uuid>".
NOTIFY_TEMPLATE_IDS = {
    kind.strip(): template.strip()
    for kind, _, template in (item.partition("=") for item in env_list("NOTIFY_TEMPLATE_IDS", []))
    if template.strip()
}
# Where links in emails point: the staff site's address, without a trailing slash.
SITE_BASE_URL = env_str("VAWG_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A message claimed this many seconds ago and not confirmed is checked with the gateway and sent again.
NOTIFY_LEASE_SECONDS = env_int("NOTIFY_LEASE_SECONDS", 300)
# Milliseconds the fake gateway takes per email (only for testing a worker killed mid-send).
NOTIFY_FAKE_DELAY_MS = env_int("NOTIFY_FAKE_DELAY_MS", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines can carry query strings; our URLs never hold personal data, but keep these quiet.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates each PDF step at INFO; only its warnings matter (they never hold document text).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The demo runs each task inside the request (TASKS above): two INFO lines a task would bury the
        # seed's summary. The worker in production keeps them.
        **({"django_tasks": {"level": "WARNING"}} if DEMO_MODE else {}),
    },
}

# axes.W006 (lock by IP address too) is met: lockouts are per account and client address.
SILENCED_SYSTEM_CHECKS: list[str] = []
