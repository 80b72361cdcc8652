"""The staff session gate: every view not marked ``@public_view`` needs a full, live staff session.

A full session means: signed in with password and a TOTP code (django-otp's
``is_verified()``), an active user, an open StaffSession for this session id,
within the idle and absolute time limits, and the "accounts.use_service"
permission. Anything less is flushed and sent to sign-in. The API (bearer
tokens) and static files are outside this gate. The admin site also needs
"accounts.access_admin_site" (404 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from vawg.accounts.models import StaffSession, StaffSessionEndReason, User
from vawg.accounts.services import staff_session_end, staff_session_touch
from vawg.accounts.session_keys import AUTH_AT_KEY, LAST_SEEN_KEY
from vawg.core.access import is_public_view

# Paths outside the staff session gate: the API authenticates each request with a bearer token.
UNGATED_PREFIXES = ("/api/", "/static/")

_EXPIRY_MESSAGES = {
    StaffSessionEndReason.IDLE: "You were signed out because you had not done anything for "
    "{idle} minutes. Sign in again to continue.",
    StaffSessionEndReason.ABSOLUTE: "You were signed out because you had been signed in for "
    "{absolute} hours. Sign in again to continue.",
    StaffSessionEndReason.NO_ACCESS: "You were signed out because your account no longer has a role "
    "that can use this service. Contact your administrator.",
}


def sign_in_redirect(request: HttpRequest, *, next_path: str | None = None) -> HttpResponse:
    url = reverse("accounts:sign_in_password")
    if next_path:
        url += "?" + urlencode({"next": next_path})
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def _expiry_reason(session: Any, now: float) -> StaffSessionEndReason | None:
    last_seen, auth_at = session.get(LAST_SEEN_KEY), session.get(AUTH_AT_KEY)
    if not isinstance(last_seen, int | float) or not isinstance(auth_at, int | float):
        return StaffSessionEndReason.ABSOLUTE
    if now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
        return StaffSessionEndReason.ABSOLUTE
    if now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return StaffSessionEndReason.IDLE
    return None


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if is_public_view(view_func) or request.path_info.startswith(UNGATED_PREFIXES):
            return None
        next_path = request.get_full_path() if request.method == "GET" else None
        user = request.user
        if not user.is_authenticated:
            return sign_in_redirect(request, next_path=next_path)
        if not isinstance(user, User) or not user.is_active or not user.is_verified():  # type: ignore[attr-defined]
            # A password-only or otherwise partial session reaches nothing.
            return self._refuse(request, next_path=next_path)
        staff_session = (
            StaffSession.objects.open().for_session_key(request.session.session_key).filter(user=user).first()
        )
        if staff_session is None:
            return self._refuse(request, next_path=next_path)
        now = timezone.now().timestamp()
        reason = _expiry_reason(request.session, now)
        if reason is None and not user.has_perm("accounts.use_service"):
            reason = StaffSessionEndReason.NO_ACCESS
        if reason is not None:
            staff_session_end(user=user, session_key=request.session.session_key, reason=reason, request=request)
            return self._refuse(request, reason=reason, next_path=next_path)
        request.session[LAST_SEEN_KEY] = now
        staff_session_touch(staff_session=staff_session)
        in_admin = request.resolver_match is not None and "admin" in request.resolver_match.namespaces
        if in_admin and not user.has_perm("accounts.access_admin_site"):
            raise Http404
        return None

    def _refuse(
        self, request: HttpRequest, *, reason: StaffSessionEndReason | None = None, next_path: str | None = None
    ) -> HttpResponse:
        request.session.flush()
        request.user = AnonymousUser()
        if reason is not None:
            idle = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            absolute = int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() // 3600)
            messages.warning(request, _EXPIRY_MESSAGES[reason].format(idle=idle, absolute=absolute))
        return sign_in_redirect(request, next_path=next_path)
