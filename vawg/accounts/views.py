"""Staff sign-in (password, then a TOTP code), sign-out, the landing page and the user's account.

Every sign-in step is ``@public_view``; the rest need a full staff session
(vawg/accounts/middleware.py). The steps themselves live in vawg/accounts/signin.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts import services, signin
from vawg.accounts.forms import CodeForm, ConfirmCodeForm, EnrolmentForm, NewPasswordForm, SignInForm
from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.models import SetupLink, StaffSession, User
from vawg.accounts.presenters import (
    THIS_SESSION,
    account_rows,
    authenticator_setup,
    home_cards,
    membership_rows,
    my_work_rows,
    optional_url,
)
from vawg.accounts.services import (
    mfa_enrolment_confirm,
    sessions_end_all_for_user,
    setup_link_failure_record,
    sign_in_address_allowed,
    sign_in_failure_record,
)
from vawg.core.access import public_view, require_permission
from vawg.core.forms import posted


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE), also shown to a client address over its
    allowance of failed steps. The same for known and unknown emails."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def _too_many_failures(request: HttpRequest) -> bool:
    """A POST from a client address that has used up its failed sign-in steps this minute."""
    return request.method == "POST" and not sign_in_address_allowed(request=request)


def _back_to_sign_in(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Your sign-in timed out. Enter your email address and password again.")
    return redirect("accounts:sign_in_password")


def _needs_setup_link(request: HttpRequest, user: User) -> HttpResponse:
    """A password but no authenticator: only a new set-up link (from an administrator) leads on.

    The same page for everyone it applies to; the pending sign-in, if any, is dropped.
    Recorded on POST only (a GET changes nothing).
    """
    signin.pending_clear(request)
    if request.method == "POST":
        sign_in_failure_record(user=user, reason="needs-setup-link", request=request)
    return render(request, "accounts/needs_setup_link.html", status=403)


@public_view
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in_password(request: HttpRequest) -> HttpResponse:
    if _too_many_failures(request):
        return locked_out(request)
    next_url = request.POST.get("next") or request.GET.get("next")
    form = SignInForm(request, data=posted(request))
    if form.is_valid() and form.user is not None:
        if not signin.has_authenticator(form.user):
            return _needs_setup_link(request, form.user)
        signin.pending_start(request, user=form.user, next_url=next_url)
        return redirect("accounts:sign_in_code")
    if form.is_bound and form.non_field_errors():
        email = signin.normalise_email(form.cleaned_data.get("email") or "")
        known = User.objects.filter(email=email).first() if email else None
        reason = "locked-out" if signin.refused_unchecked(request) else "bad-credentials"
        sign_in_failure_record(user=known, reason=reason, request=request, email=email)
    return render(request, "accounts/sign_in.html", {"form": form, "next": signin.safe_next(request, next_url)})


def _locked_out_step(request: HttpRequest, user: User) -> HttpResponse:
    """The lockout page at the code or set-up step; only an attempt (a POST) is recorded."""
    if request.method == "POST":
        sign_in_failure_record(user=user, reason="locked-out", request=request)
    return locked_out(request)


@public_view
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    if _too_many_failures(request):
        return locked_out(request)
    user = signin.pending_user(request)
    if user is None:
        return _back_to_sign_in(request)
    if not signin.has_authenticator(user):
        if signin.pending_via_setup_link(request):
            return redirect("accounts:sign_in_enrol")
        return _needs_setup_link(request, user)
    if signin.is_locked_out(request, user):
        return _locked_out_step(request, user)
    form = CodeForm(posted(request), user=user)
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
def sign_in_enrol(request: HttpRequest) -> HttpResponse:
    """First authenticator set-up: only straight after a set-up link. Nothing is saved until a correct code."""
    if _too_many_failures(request):
        return locked_out(request)
    user = signin.pending_user(request)
    if user is None:
        return _back_to_sign_in(request)
    if signin.has_authenticator(user):
        return redirect("accounts:sign_in_code")
    if not signin.pending_via_setup_link(request):
        return _needs_setup_link(request, user)
    if signin.is_locked_out(request, user):
        return _locked_out_step(request, user)
    device = signin.enrolment_device(request, user)
    form = EnrolmentForm(posted(request), device=device)
    if form.is_valid():
        if not user.has_perm("accounts.use_service"):
            sign_in_failure_record(user=user, reason="no-access", request=request)
            return render(request, "accounts/no_access.html", status=403)
        try:
            codes = mfa_enrolment_confirm(device=device, request=request)
        except ValidationError:
            return redirect("accounts:sign_in_code")  # set up meanwhile (a second submission): use the code step
        signin.complete_sign_in(request, user=user, device=device, method="enrolment")
        request.session[signin.RECOVERY_CODES_KEY] = codes
        return redirect("accounts:sign_in_recovery_codes")
    if form.is_bound:
        sign_in_failure_record(user=user, reason="bad-enrolment-code", request=request)
        signin.count_failed_code(request, user)
    return render(request, "accounts/enrol.html", {"form": form, "setup": authenticator_setup(device)})


def _setup_link_refused(request: HttpRequest) -> HttpResponse:
    """One neutral page for every link that does not work: unknown, used, revoked or expired."""
    return render(request, "accounts/setup_invalid.html", status=410)


@public_view
@require_http_methods(["GET"])
def setup_link_use(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time set-up link. Its token leaves the address bar at once: the browser's session
    keeps the link's id and the person goes on to a token-less page to create their password.

    A token that matches no link is not recorded (anyone could send those and fill the
    audit log); a real link that no longer works is.
    """
    link = SetupLink.objects.for_token(token).select_related("user").first()
    if link is None:
        return _setup_link_refused(request)
    if link.state() != "usable":
        setup_link_failure_record(link=link, request=request)
        return _setup_link_refused(request)
    signin.setup_link_remember(request, link)
    response = redirect("accounts:setup_link_enter")
    response.status_code = 303
    return response


@public_view
@sensitive_post_parameters("new_password", "confirm_password")
@require_http_methods(["GET", "POST"])
def setup_link_enter(request: HttpRequest) -> HttpResponse:
    """The person creates their password for the set-up link this browser opened, then goes on to the
    authenticator step."""
    link = signin.setup_link_remembered(request)
    if link is None:
        return _setup_link_refused(request)
    if link.state() != "usable":
        signin.setup_link_forget(request)
        if request.method == "POST":
            setup_link_failure_record(link=link, request=request)
        return _setup_link_refused(request)
    form = NewPasswordForm(posted(request), user=link.user)
    if form.is_valid():
        user = services.setup_link_use(link=link, password=form.cleaned_data["new_password"], request=request)
        signin.setup_link_forget(request)
        if user is None:
            return _setup_link_refused(request)
        return redirect(signin.pending_start_after_setup(request, user=user))
    if form.is_bound:
        setup_link_failure_record(link=link, reason="password-refused", request=request)
    return render(request, "accounts/setup.html", {"form": form, "link": link})


@require_permission("accounts.use_service")
@require_http_methods(["GET"])
def sign_in_recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(signin.RECOVERY_CODES_KEY, None)
    if not codes:
        raise Http404
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@public_view
@require_http_methods(["POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    signin.sign_out(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:sign_in_password")


@require_permission("accounts.use_service")
@require_http_methods(["GET"])
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": membership_rows(request.user),
            "work": my_work_rows(request.user),
            "cards": home_cards(request.user),
        },
    )


@require_permission("accounts.use_service")
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def code_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A fresh code from the user's app before a sensitive step, then back to it (``next``)."""
    if signin.is_locked_out(request, request.user):
        return locked_out(request)
    form = ConfirmCodeForm(posted(request), user=request.user)
    if form.is_bound:
        services.code_confirm_record(by=request.user, confirmed=form.is_valid(), request=request)
    if form.is_valid():
        signin.code_confirmed(request)
        return redirect(signin.safe_next(request, request.GET.get("next")) or "accounts:staff_home")
    if form.is_bound:
        signin.count_failed_code(request, request.user)
    return render(request, "accounts/confirm_code.html", {"form": form})


@require_permission("accounts.use_service")
@require_http_methods(["GET"])
def account_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    sessions = StaffSession.objects.for_user(user).open()
    has_authenticator = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    return render(
        request,
        "accounts/account.html",
        {
            "rows": account_rows(user, has_authenticator=has_authenticator),
            "sessions": sessions,
            "current_key": request.session.session_key,
            "this_session": THIS_SESSION,
            "has_other_sessions": sessions.exclude(session_key=request.session.session_key).exists(),
            "api_tokens_url": optional_url("api_tokens:token_list"),
        },
    )


@require_permission("accounts.use_service")
@require_http_methods(["POST"])
def session_end_others(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    count = sessions_end_all_for_user(user=user, by=user, keep_session_key=request.session.session_key, request=request)
    messages.success(request, f"You signed out of {count} other session{'s' if count != 1 else ''}")
    return redirect(reverse("accounts:account_detail"))
