"""Staff sign-in (password, then a TOTP code), sign-out, the landing page and the user's account.

Every sign-in step is ``@public_view``; the rest need a full staff session
(vawg/accounts/middleware.py). The steps themselves live in vawg/accounts/signin.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts import signin
from vawg.accounts.forms import CodeForm, EnrolmentForm, NewPasswordForm, SignInForm
from vawg.accounts.models import SetupLink, StaffSession, User
from vawg.accounts.presenters import authenticator_setup, home_cards, membership_rows, optional_url
from vawg.accounts.services import (
    mfa_enrolment_confirm,
    sessions_end_all_for_user,
    setup_link_failure_record,
    setup_link_use,
    sign_in_failure_record,
    totp_device_prepare,
)
from vawg.core.access import public_view, require_permission


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE). The same for known and unknown emails."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def _back_to_sign_in(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Your sign-in timed out. Enter your email address and password again.")
    return redirect("accounts:sign_in")


@public_view
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next")
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_valid() and form.user is not None:
        signin.pending_start(request, user=form.user, next_url=next_url)
        return redirect("accounts:verify" if signin.has_authenticator(form.user) else "accounts:enrol")
    if form.is_bound and form.non_field_errors():
        email = signin.normalise_email(form.cleaned_data.get("email") or "")
        known = User.objects.filter(email=email).first() if email else None
        reason = "locked-out" if getattr(request, "axes_locked_out", False) else "bad-credentials"
        sign_in_failure_record(user=known, reason=reason, request=request)
    return render(request, "accounts/sign_in.html", {"form": form, "next": signin.safe_next(request, next_url)})


@public_view
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = signin.pending_user(request)
    if user is None:
        return _back_to_sign_in(request)
    if not signin.has_authenticator(user):
        return redirect("accounts:enrol")
    if signin.is_locked_out(request, user):
        sign_in_failure_record(user=user, reason="locked-out", request=request)
        return locked_out(request)
    form = CodeForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid() and form.device is not None:
        if not user.has_perm("accounts.use_service"):
            sign_in_failure_record(user=user, reason="no-access", request=request)
            return render(request, "accounts/no_access.html", status=403)
        method = "recovery-code" if isinstance(form.device, StaticDevice) else "totp"
        return redirect(signin.complete_sign_in(request, user=user, device=form.device, method=method))
    if form.is_bound:
        sign_in_failure_record(user=user, reason="bad-code", request=request)
        signin.count_failed_code(request, user)
    return render(request, "accounts/verify.html", {"form": form})


@public_view
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = signin.pending_user(request)
    if user is None:
        return _back_to_sign_in(request)
    if signin.has_authenticator(user):
        return redirect("accounts:verify")
    if signin.is_locked_out(request, user):
        sign_in_failure_record(user=user, reason="locked-out", request=request)
        return locked_out(request)
    device = totp_device_prepare(user=user, device_id=request.session.get(signin.ENROL_DEVICE_KEY))
    request.session[signin.ENROL_DEVICE_KEY] = device.pk
    form = EnrolmentForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_valid():
        if not user.has_perm("accounts.use_service"):
            sign_in_failure_record(user=user, reason="no-access", request=request)
            return render(request, "accounts/no_access.html", status=403)
        codes = mfa_enrolment_confirm(device=device, request=request)
        signin.complete_sign_in(request, user=user, device=device, method="enrolment")
        request.session[signin.RECOVERY_CODES_KEY] = codes
        return redirect("accounts:recovery_codes")
    if form.is_bound:
        sign_in_failure_record(user=user, reason="bad-enrolment-code", request=request)
        signin.count_failed_code(request, user)
    return render(request, "accounts/enrol.html", {"form": form, "setup": authenticator_setup(device)})


def _setup_link_refused(request: HttpRequest) -> HttpResponse:
    """One neutral page for every link that does not work: unknown, used, revoked or expired."""
    return render(request, "accounts/setup_invalid.html", status=410)


@public_view
@sensitive_post_parameters("new_password", "confirm_password")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time set-up link: the person creates their password, then goes on to the authenticator step."""
    link = SetupLink.objects.usable().for_token(token).select_related("user").first()
    if link is None:
        setup_link_failure_record(token=token, request=request)
        return _setup_link_refused(request)
    form = NewPasswordForm(request.POST if request.method == "POST" else None, user=link.user)
    if form.is_valid():
        user = setup_link_use(token=token, password=form.cleaned_data["new_password"], request=request)
        if user is None:
            return _setup_link_refused(request)
        return redirect(signin.pending_start_after_setup(request, user=user))
    if form.is_bound:
        setup_link_failure_record(token=token, reason="password-refused", request=request)
    return render(request, "accounts/setup.html", {"form": form, "link": link})


@require_GET
@require_permission("accounts.use_service")
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(signin.RECOVERY_CODES_KEY, None)
    if not codes:
        raise Http404
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@public_view
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    signin.sign_out(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign_in")


@require_GET
@require_permission("accounts.use_service")
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/home.html",
        {"memberships": membership_rows(user), "cards": home_cards(user)},
    )


@require_GET
@require_permission("accounts.use_service")
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    sessions = StaffSession.objects.for_user(user).open()
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": membership_rows(user),
            "sessions": sessions,
            "current_key": request.session.session_key,
            "has_other_sessions": sessions.exclude(session_key=request.session.session_key).exists(),
            "api_tokens_url": optional_url("api_tokens:list"),
            "has_authenticator": TOTPDevice.objects.devices_for_user(user, confirmed=True).exists(),
        },
    )


@require_POST
@require_permission("accounts.use_service")
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    count = sessions_end_all_for_user(
        user=user, ended_by=user, keep_session_key=request.session.session_key, request=request
    )
    messages.success(request, f"You signed out of {count} other session{'s' if count != 1 else ''}")
    return redirect(reverse("accounts:account"))
