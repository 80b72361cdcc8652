"""The steps of staff sign-in that the views share: pending state, codes, throttling, completion.

Sign-in is two steps. The password step never logs anyone in: it stores the
checked user's id and the time in the session (``PENDING_MFA_KEY``). The code
step (or first-time authenticator set-up) then calls ``complete_sign_in``, which
logs in, issues a new session id, records the OTP device and starts a
StaffSession. Failed codes count towards the same django-axes throttle as
failed passwords.

Setting up an authenticator is only possible straight after a one-time set-up
link was used: the pending state then says ``via_setup_link`` and holds the
candidate key being set up (nothing is written to the database until the
person's code confirms it). A password alone never sets up an authenticator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from vawg.accounts.models import SetupLink, StaffSessionEndReason, User
from vawg.accounts.services import account_failures, staff_session_end, staff_session_start
from vawg.accounts.session_keys import AUTH_AT_KEY, CODE_AT_KEY, LAST_SEEN_KEY, PENDING_MFA_KEY

View = TypeVar("View", bound=Callable[..., HttpResponse])

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Recovery codes shown once, right after authenticator set-up.
RECOVERY_CODES_KEY = "vawg_recovery_codes"
# The set-up link this browser opened (its id, never the token), until its password is set.
SETUP_LINK_KEY = "vawg_setup_link"
# How long the authenticator step stays open after a set-up link was used: long enough to
# install an app (a timed-out person needs a new link, as a password alone cannot set one up).
SETUP_PENDING_TIMEOUT = timedelta(minutes=30)


def normalise_email(email: str) -> str:
    """The form accounts are stored in; also what the throttle counts, so case changes do not evade it."""
    return email.strip().lower()


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """``url`` if it is a relative path on this site, otherwise None (no open redirects)."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    return url


# Pending (password checked, second factor not yet) ----------------------------------------------


def pending_start(request: HttpRequest, *, user: User, next_url: str | None, via_setup_link: bool = False) -> None:
    """Record a checked password (or a used set-up link) and issue a new session id.

    ``via_setup_link`` says the person proved themselves with a one-time set-up link just
    now: only then may they set up an authenticator.
    """
    request.session.cycle_key()
    request.session[PENDING_MFA_KEY] = {
        "user_id": str(user.pk),
        "at": timezone.now().timestamp(),
        "next": safe_next(request, next_url) or "",
        "via_setup_link": via_setup_link,
    }


def pending_start_after_setup(request: HttpRequest, *, user: User) -> str:
    """After a set-up link: the person is NOT signed in; they go on to the second-factor step.

    Anyone signed in on this browser is signed out first. Returns the URL name of the next step.
    """
    if request.user.is_authenticated:
        sign_out(request)
    pending_start(request, user=user, next_url=None, via_setup_link=True)
    return "accounts:sign_in_code" if has_authenticator(user) else "accounts:sign_in_enrol"


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending: Any = request.session.get(PENDING_MFA_KEY)
    return pending if isinstance(pending, dict) else None


def pending_user(request: HttpRequest) -> User | None:
    """The user waiting for their second factor, or None if there is none or it has expired."""
    pending = _pending(request)
    if pending is None:
        return None
    timeout = SETUP_PENDING_TIMEOUT if pending.get("via_setup_link") is True else settings.MFA_PENDING_TIMEOUT
    age = timezone.now().timestamp() - float(pending.get("at", 0))
    if age < 0 or age > timeout.total_seconds():
        pending_clear(request)
        return None
    return User.objects.filter(pk=str(pending.get("user_id")), is_active=True).first()


def pending_via_setup_link(request: HttpRequest) -> bool:
    """Whether the pending sign-in began with a one-time set-up link (not with a password alone)."""
    pending = _pending(request)
    return pending is not None and pending.get("via_setup_link") is True


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_MFA_KEY, None)


def enrolment_device(request: HttpRequest, user: User) -> TOTPDevice:
    """The authenticator being set up, NOT saved: its candidate key is kept in the pending state.

    The same key on every reload, so the QR code on screen is the one to confirm.
    Only ``mfa_enrolment_confirm`` saves it, after a correct code.
    """
    pending = _pending(request)
    if pending is None:
        raise ValueError("No pending sign-in.")
    key = pending.get("enrol_key")
    if not isinstance(key, str) or not key:
        key = default_key()
        pending["enrol_key"] = key
        request.session.modified = True
    return TOTPDevice(user=user, name="Authenticator app", key=key, confirmed=False)


def pending_next(request: HttpRequest) -> str:
    pending: Any = request.session.get(PENDING_MFA_KEY) or {}
    return safe_next(request, pending.get("next")) or reverse("accounts:staff_home")


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.devices_for_user(user, confirmed=True).exists())


# Set-up links -----------------------------------------------------------------------------------


def setup_link_remember(request: HttpRequest, link: SetupLink) -> None:
    """Keep the link this browser opened in its session, so the token leaves the address bar."""
    request.session[SETUP_LINK_KEY] = str(link.pk)


def setup_link_remembered(request: HttpRequest) -> SetupLink | None:
    """The set-up link this browser opened (whether or not it still works), or None."""
    link_id = request.session.get(SETUP_LINK_KEY)
    if not isinstance(link_id, str):
        return None
    return SetupLink.objects.filter(pk=link_id).select_related("user").first()


def setup_link_forget(request: HttpRequest) -> None:
    request.session.pop(SETUP_LINK_KEY, None)


# Codes ------------------------------------------------------------------------------------------


def clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def verify_code(user: User, code: str) -> Device | None:
    """The confirmed device that accepts ``code`` (a TOTP code, or an unused recovery code), or None.

    django-otp refuses a TOTP code from a time step already used (``last_t``) and
    deletes a recovery code once used, so neither can be replayed.
    """
    code = clean_code(code)
    if not code:
        return None
    model: type[Device] = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def verify_enrolment_code(device: TOTPDevice, code: str) -> bool:
    """Whether ``code`` is the current code of the (unsaved) authenticator being set up.

    On success the device remembers the time step used (``last_t``), so once saved
    the same code cannot be used again at the code step.
    """
    code = clean_code(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not totp.verify(int(code), device.tolerance):
        return False
    device.last_t = totp.t()
    device.drift = totp.drift
    return True


# Throttling (django-axes) -----------------------------------------------------------------------


def _credentials(user: User) -> dict[str, str]:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def axes_client_str(username: str, ip_address: str, user_agent: str, path_info: str, request: HttpRequest) -> str:
    """How axes names a client in its log lines (AXES_CLIENT_STR_CALLABLE): no email, no IP address."""
    return f"{{path_info: {path_info!r}}}"


def axes_failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """How many failures lock an account from one client address (AXES_FAILURE_LIMIT; axes counts
    per account and address): LOGIN_FAILURE_LIMIT, or 0, which locks it from every address, once
    the account has had LOGIN_ACCOUNT_FAILURE_LIMIT wrong passwords or codes this clock hour."""
    email = normalise_email(get_client_username(request, credentials) or "")
    if email and account_failures(email=email) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return 0
    return int(settings.LOGIN_FAILURE_LIMIT)


def refused_unchecked(request: HttpRequest) -> bool:
    """Whether axes refused this request's password without checking it (the account was locked
    already), as opposed to a wrong password, which axes counted (and which may have locked it)."""
    return (
        bool(getattr(request, "axes_locked_out", False)) and getattr(request, "axes_failures_since_start", None) is None
    )


def is_locked_out(request: HttpRequest, user: User) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(user))


def count_failed_code(request: HttpRequest, user: User) -> None:
    """A wrong code counts like a wrong password: axes locks the account (from this address) after
    LOGIN_FAILURE_LIMIT."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


# Completing and ending ---------------------------------------------------------------------------


def complete_sign_in(request: HttpRequest, *, user: User, device: Device, method: str) -> str:
    """Log in with a new session id, record the second factor, start a StaffSession. Returns where to go."""
    next_url = pending_next(request)
    auth_login(request, user, backend=MODEL_BACKEND)  # flushes or cycles the session: a new id
    otp_login(request, device)
    now = timezone.now().timestamp()
    request.session[AUTH_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    request.session[CODE_AT_KEY] = now
    pending_clear(request)
    staff_session_start(user=user, session_key=request.session.session_key or "", method=method, request=request)
    return next_url


def sign_out(request: HttpRequest) -> None:
    """Delete the server session and end the StaffSession (one "accounts.user.sign_out" entry)."""
    user = request.user if request.user.is_authenticated else None
    session_key = request.session.session_key
    auth_logout(request)
    if isinstance(user, User):
        staff_session_end(
            user=user, session_key=session_key, reason=StaffSessionEndReason.SIGNED_OUT, by=user, request=request
        )


# Step-up: a recent code before the most sensitive steps ------------------------------------------


def code_is_recent(request: HttpRequest) -> bool:
    """Whether the signed-in user entered a code from their app in the last ``STEP_UP_SECONDS``."""
    at = request.session.get(CODE_AT_KEY)
    if not isinstance(at, int | float):
        return False
    return 0 <= timezone.now().timestamp() - at <= settings.STEP_UP_SECONDS


def code_confirmed(request: HttpRequest) -> None:
    request.session[CODE_AT_KEY] = timezone.now().timestamp()


def require_recent_code(view: View) -> View:
    """Ask for a fresh code from the user's authenticator app first, unless they entered one in the last
    ``STEP_UP_SECONDS`` (sign-in counts). Then back to the page: the same address for a GET, the form's
    page for a POST (nothing posted is acted on without the code)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if code_is_recent(request):
            return view(request, *args, **kwargs)
        back = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
        return redirect(f"{reverse('accounts:code_confirm')}?{urlencode({'next': back})}")

    return wrapped  # type: ignore[return-value]
