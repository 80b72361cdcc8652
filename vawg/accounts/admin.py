"""The administration site: agencies, districts, users and their memberships.

Only reachable with a full staff session (password + TOTP) and the
"accounts.access_admin_site" permission; its own password-only login page is
replaced by a redirect to our sign-in. Every write goes through
vawg/accounts/services/ (and so into the audit log). None of our records is deleted here:
users are disabled, memberships ended, agencies made inactive. No password field
is ever shown: administrators never see or set another user's password. They
create a one-time set-up link instead, which the person opens to set their own
password (and then an authenticator). Authenticators themselves are not on this
site (nobody may see a TOTP secret or recovery codes): "Reset password and
authenticator" (a "reset" set-up link) is the only MFA operation. There is no reset
of the authenticator alone: with the password left, whoever knew it could set up
their own authenticator. Sign-in
lockouts (django-axes) can be lifted early, and each lifting is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlencode

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts import services, signin, views
from vawg.accounts.models import District, Membership, Organisation, SetupLinkPurpose, User
from vawg.core.access import public_view

DISABLE_REASON = "Disabled by an administrator on the administration site"
SETUP_LINKS_TEMPLATE = "admin/accounts/user/setup_links.html"
SETUP_CONFIRM_TEMPLATE = "admin/accounts/user/setup_link_confirm.html"


@public_view
def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Replaces the admin's own login form: there is no password-only way in."""
    next_url = signin.safe_next(request, request.GET.get("next")) or reverse("admin:index")
    user = request.user
    if user.is_authenticated and user.is_verified():  # type: ignore[attr-defined]
        if user.is_staff:
            return redirect(next_url)
        raise Http404
    return redirect(reverse("accounts:sign_in_password") + "?" + urlencode({"next": next_url}))


def admin_password_change(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's own password change is not a journey of this service (staff-only view)."""
    return redirect("accounts:account_detail")


def admin_logout(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's "Log out" button: our sign-out (POST only). Not public, unlike sign_out itself,
    so the staff middleware and the admin permission still guard this admin URL."""
    return views.sign_out(request)


admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.password_change = admin_password_change  # type: ignore[method-assign, assignment]
admin.site.password_change_done = admin_password_change  # type: ignore[method-assign, assignment]
admin.site.logout = admin_logout  # type: ignore[method-assign, assignment]
admin.site.site_header = "Administration"
admin.site.site_title = "Administration"
admin.site.index_title = "Agencies, districts and users"

# Not on this site: groups and direct permissions (roles come from memberships), authenticators
# (a TOTP secret or recovery code is never shown to anyone but its owner, once), and axes' own
# attempt admins (replaced by LockoutAdmin below; the access logs are not needed here).
for _model in (Group, TOTPDevice, StaticDevice, AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _actor(request: HttpRequest) -> User:
    """The signed-in administrator (the staff middleware guarantees one on every admin page)."""
    return cast(User, request.user)


def _adopt(target: Model, created: Model) -> None:
    """Make the admin's unsaved instance the row a service just created (so inlines and redirects use it)."""
    target.__dict__.update(created.__dict__)


class AuditedAdmin(admin.ModelAdmin[Any]):  # a base for the models below
    """Nothing is deleted from the admin; the site's index needs the admin permission, not Django's model perms."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.access_admin_site")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionError("Records are ended or disabled, never deleted.")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        raise PermissionError("Records are ended or disabled, never deleted.")


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    fields = ("name", "slug")

    def save_model(self, request: HttpRequest, obj: District, form: forms.ModelForm[District], change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.district_update(district=obj, name=data["name"], slug=data["slug"], by=_actor(request))
        else:
            _adopt(obj, services.district_create(name=data["name"], slug=data["slug"], by=_actor(request)))


class OrganisationForm(forms.ModelForm[Organisation]):
    """The confidential address is write-only: the stored value is never shown, here or in lists."""

    new_confidential_address = forms.CharField(
        label="New confidential address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text="Only for refuges and other confidential sites. Leave blank to keep the stored address. "
        "The stored address is never shown here.",
    )
    remove_confidential_address = forms.BooleanField(label="Remove the stored confidential address", required=False)

    class Meta:
        model = Organisation
        fields = ("name", "type", "districts", "is_active")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_confidential_address", "").strip() and cleaned.get("remove_confidential_address"):
            raise forms.ValidationError("Enter a new confidential address or remove the stored one, not both")
        return cleaned

    def confidential_address(self) -> str | None:
        """The value for the services: None keeps the stored address, "" removes it."""
        if self.cleaned_data.get("remove_confidential_address"):
            return ""
        new = self.cleaned_data.get("new_confidential_address", "").strip()
        return new or None


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    form = OrganisationForm
    list_display = ("name", "type", "is_active")  # never the confidential address
    list_filter = ("type", "is_active", "districts")
    search_fields = ("name",)
    filter_horizontal = ("districts",)
    readonly_fields = ("has_confidential_address",)
    fields = (
        "name",
        "type",
        "districts",
        "is_active",
        "has_confidential_address",
        "new_confidential_address",
        "remove_confidential_address",
    )

    @admin.display(description="Confidential address stored")
    def has_confidential_address(self, obj: Organisation) -> str:
        return "Yes" if obj.pk and obj.confidential_address else "No"

    def save_model(self, request: HttpRequest, obj: Organisation, form: OrganisationForm, change: bool) -> None:
        data = form.cleaned_data
        common = {"name": data["name"], "type": data["type"], "districts": data["districts"]}
        if change:
            services.organisation_update(
                organisation=obj,
                by=_actor(request),
                is_active=data["is_active"],
                confidential_address=form.confidential_address(),
                **common,
            )
        else:
            created = services.organisation_create(
                by=_actor(request),
                is_active=data["is_active"],
                confidential_address=form.confidential_address() or "",
                **common,
            )
            _adopt(obj, created)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm[Organisation], formsets: Any, change: bool
    ) -> None:
        # Districts were saved by the service; there are no inlines.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class MembershipFormSet(BaseInlineFormSet[Membership, User, forms.ModelForm[Membership]]):
    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if form.instance._state.adding or not form.has_changed():
                continue
            if {"organisation", "role"} & set(form.changed_data):
                raise forms.ValidationError("To change an agency or role, end the membership and add a new one")
            if "ended_at" in form.changed_data and not form.cleaned_data.get("ended_at"):
                raise forms.ValidationError("An ended membership cannot be restarted: add a new one")


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    formset = MembershipFormSet
    fields = ("organisation", "role", "ended_at")
    extra = 1
    can_delete = False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # Two-person rule: on your own user page the memberships are read-only (the services refuse too).
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_self(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_self(request, obj) and super().has_change_permission(request, obj)


def _is_self(request: HttpRequest, user: Any) -> bool:
    return isinstance(user, User) and user.pk is not None and user.pk == request.user.pk


@dataclass(frozen=True)
class IssuedLink:
    """A set-up link as shown to the administrator, once."""

    user: User
    url: str
    expires_at: datetime
    purpose: str


@admin.register(User)
class UserAdmin(AuditedAdmin):
    list_display = ("email", "full_name", "is_active", "disabled_at", "last_login")
    list_filter = ("is_active", "memberships__role", "memberships__organisation")
    search_fields = ("email", "full_name")
    # No password, no superuser flag, no groups or direct permissions: roles come from memberships.
    fields = ("email", "full_name", "is_active", "disabled_at", "last_login", "authenticator")
    readonly_fields = ("is_active", "disabled_at", "last_login", "authenticator")
    inlines = (MembershipInline,)
    actions = (
        "create_setup_links",
        "reset_password_and_authenticator",
        "disable_users",
        "enable_users",
        "end_sessions",
    )
    change_form_template = "admin/accounts/user/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.setup_link_view))
        return [
            path(
                "<path:object_id>/set-up-link/",
                view,
                {"purpose": SetupLinkPurpose.NEW_ACCOUNT},
                name="accounts_user_setup_link",
            ),
            path(
                "<path:object_id>/reset-password/",
                view,
                {"purpose": SetupLinkPurpose.RESET},
                name="accounts_user_reset_password",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Authenticator app")
    def authenticator(self, obj: User) -> str:
        if obj.pk and TOTPDevice.objects.devices_for_user(obj, confirmed=True).exists():
            return "Set up"
        return "Not set up: the user sets one up straight after using a set-up link"

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm[User], change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.user_update(user=obj, email=data["email"], full_name=data["full_name"], by=_actor(request))
        else:
            created = services.user_create(email=data["email"], full_name=data["full_name"], by=_actor(request))
            _adopt(obj, created)

    def save_formset(self, request: HttpRequest, form: forms.ModelForm[User], formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            raise PermissionError("Unexpected inline on the user admin.")
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            if inline_form.instance._state.adding:
                membership = services.membership_add(
                    user=form.instance, organisation=data["organisation"], role=data["role"], by=_actor(request)
                )
                formset.new_objects.append(membership)
            elif data.get("ended_at"):
                membership = services.membership_end(
                    membership=inline_form.instance, by=_actor(request), at=data["ended_at"]
                )
                formset.changed_objects.append((membership, ["ended_at"]))

    def _each_other_user(self, request: HttpRequest, queryset: QuerySet[User], verb: str) -> list[User]:
        users = list(queryset)
        if any(user.pk == request.user.pk for user in users):
            self.message_user(request, f"You cannot {verb} your own account here.", messages.WARNING)
        return [user for user in users if user.pk != request.user.pk]

    @admin.action(description="Disable selected users (ends their sessions and API tokens)", permissions=["change"])
    def disable_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = [user for user in self._each_other_user(request, queryset, "disable") if user.is_active]
        for user in users:
            services.user_disable(user=user, by=_actor(request), reason=DISABLE_REASON, request=request)
        self.message_user(request, f"Disabled {len(users)} user(s). Their sessions and API tokens have ended.")

    @admin.action(description="Enable selected users", permissions=["change"])
    def enable_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = [user for user in queryset if not user.is_active]
        for user in users:
            services.user_enable(user=user, by=_actor(request), request=request)
        self.message_user(request, f"Enabled {len(users)} user(s).")

    @admin.action(description="Sign out selected users everywhere", permissions=["change"])
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        ended = sum(
            services.sessions_end_all_for_user(user=user, by=_actor(request), request=request)
            for user in self._each_other_user(request, queryset, "sign out")
        )
        self.message_user(request, f"Ended {ended} session(s).")

    # Set-up links: the person sets their own password; the link is shown here once.

    def _issue_links(self, request: HttpRequest, users: Iterable[User], purpose: str) -> HttpResponse | None:
        issued = []
        for user in users:
            try:
                link, token = services.setup_link_create(
                    user=user, purpose=purpose, by=_actor(request), request=request
                )
            except ValidationError as error:
                self.message_user(request, f"{user.email}: {error.messages[0]}", messages.WARNING)
                continue
            url = request.build_absolute_uri(reverse("accounts:setup_link_use", kwargs={"token": token}))
            purpose_label = link.get_purpose_display()
            issued.append(IssuedLink(user=user, url=url, expires_at=link.expires_at, purpose=purpose_label))
        if not issued:
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Set-up link" if len(issued) == 1 else "Set-up links",
            "links": issued,
        }
        return TemplateResponse(request, SETUP_LINKS_TEMPLATE, context)

    @admin.action(description="Create a set-up link (users who have not set a password yet)", permissions=["change"])
    def create_setup_links(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        users = self._each_other_user(request, queryset, "create a set-up link for")
        not_set_up = [user for user in users if not user.has_usable_password()]
        if len(not_set_up) < len(users):
            self.message_user(
                request,
                f"{len(users) - len(not_set_up)} user(s) already have a password: "
                'use "Reset password and authenticator" for them.',
                messages.WARNING,
            )
        return self._issue_links(request, not_set_up, SetupLinkPurpose.NEW_ACCOUNT)

    @admin.action(description="Reset password and authenticator (creates a set-up link)", permissions=["change"])
    def reset_password_and_authenticator(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        users = self._each_other_user(request, queryset, "reset the password of")
        return self._issue_links(request, users, SetupLinkPurpose.RESET)

    def setup_link_view(self, request: HttpRequest, object_id: str, purpose: str) -> HttpResponse:
        """The change page's buttons: GET asks to confirm, POST creates the link and shows it once."""
        user = self.get_object(request, unquote(object_id))
        if user is None or not self.has_change_permission(request, user):
            raise Http404
        change_url = reverse("admin:accounts_user_change", args=[user.pk])
        if user.pk == request.user.pk:
            self.message_user(request, "You cannot do this to your own account here.", messages.WARNING)
            return redirect(change_url)
        if request.method == "POST":
            return self._issue_links(request, [user], purpose) or redirect(change_url)
        is_reset = purpose == SetupLinkPurpose.RESET
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": "Reset password and authenticator" if is_reset else "Create a set-up link",
            "is_reset": is_reset,
            "change_url": change_url,
            "hours": settings.SETUP_LINK_HOURS,
        }
        return TemplateResponse(request, SETUP_CONFIRM_TEMPLATE, context)


# Sign-in lockouts -------------------------------------------------------------------------------


@admin.register(AccessAttempt)
class LockoutAdmin(admin.ModelAdmin[AccessAttempt]):
    """django-axes' failed sign-in records. Deleting one lifts the account's lockout (services.lockout_clear).

    Only the account is shown, and only if it exists: the email someone typed for no
    account, what they posted, and their browser are not shown.
    """

    list_display = ("account", "failures_since_start", "attempt_time", "status")
    fields = ("account", "failures_since_start", "attempt_time", "status")
    readonly_fields = fields
    search_fields = ("=username",)
    ordering = ("-attempt_time",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.access_admin_site") and self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("axes.view_accessattempt")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("axes.delete_accessattempt")

    @admin.display(description="Account")
    def account(self, obj: AccessAttempt) -> str:
        user = User.objects.filter(email=obj.username).first() if obj.username else None
        return f"{user.full_name} ({user.email})" if user is not None else "Not an account on this service"

    @admin.display(description="Status")
    def status(self, obj: AccessAttempt) -> str:
        until = obj.attempt_time + settings.AXES_COOLOFF_TIME
        if obj.failures_since_start >= settings.LOGIN_FAILURE_LIMIT and until > timezone.now():
            return f"Locked out until {timezone.localtime(until):%H:%M on %d %b %Y}"
        return "Not locked out"

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        services.lockout_clear(attempt=obj, by=_actor(request), request=request)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        done: set[str] = set()
        for attempt in queryset:
            if attempt.username not in done:
                services.lockout_clear(attempt=attempt, by=_actor(request), request=request)
                done.add(attempt.username)
