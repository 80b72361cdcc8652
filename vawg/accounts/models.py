"""Agencies, the people who work there, and their roles."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from vawg.accounts.roles import Role, holders_of
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel


class District(BaseModel):
    """A district or borough the partnership covers (configurable per partnership)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationType(models.TextChoices):
    POLICE = "police", "Police"
    COUNTY_COUNCIL = "county-council", "County council"
    DISTRICT_COUNCIL = "district-council", "District or borough council"
    NHS = "nhs", "NHS trust or integrated care board"
    GP = "gp", "GP practice"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult-social-care", "Adult social care"
    HOUSING = "housing", "Housing provider"
    PROBATION = "probation", "Probation"
    EDUCATION = "education", "Education"
    SPECIALIST_SERVICE = "specialist-service", "Specialist domestic abuse or sexual violence service"
    REFUGE_PROVIDER = "refuge-provider", "Refuge provider"
    PROGRAMME_PROVIDER = "programme-provider", "Perpetrator programme provider"
    VOLUNTARY_SECTOR = "voluntary-sector", "Voluntary sector"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)


class Organisation(BaseModel):
    """A partner agency."""

    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=40, choices=OrganisationType.choices)
    districts = models.ManyToManyField(District, blank=True, related_name="organisations")
    is_active = models.BooleanField(default=True)
    # Location-critical: a refuge's address is never shown, exported or logged in clear.
    confidential_address = EncryptedTextField(
        help_text="Only for refuges and other confidential sites. Stored encrypted; never shown in lists."
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        # Nobody is a superuser: a superuser would bypass need-to-know rules.
        raise NotImplementedError("Superusers are not used. Give a user the System administrator role instead.")


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A member of staff. Signs in with email, password and a TOTP code."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    @property
    def is_staff(self) -> bool:  # The admin site asks this.
        return self.is_active and self.has_perm("accounts.access_admin_site")

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.active().select_related("organisation")

    def active_roles(self) -> frozenset[str]:
        """Roles held through active memberships of active agencies (cached per request object)."""
        cached: frozenset[str] | None = getattr(self, "_active_roles_cache", None)
        if cached is None:
            cached = frozenset(self.memberships.active().values_list("role", flat=True))
            self._active_roles_cache = cached
        return cached

    def organisation_ids(self) -> frozenset[Any]:
        return frozenset(self.memberships.active().values_list("organisation_id", flat=True))


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        now = timezone.now()
        return self.filter(models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=now), organisation__is_active=True)

    def of_active_user(self, user: User) -> MembershipQuerySet:
        """Memberships of ``user`` while the account is active (chain after ``active()``)."""
        return self.filter(user=user.pk, user__is_active=True)

    def holding(self, perm: str) -> MembershipQuerySet:
        """Memberships whose role holds ``perm`` (vawg/accounts/roles.py)."""
        return self.filter(role__in=holders_of(perm))


class Membership(BaseModel):
    """A user's role at an agency. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.organisation}"


class StaffSessionEndReason(models.TextChoices):
    SIGNED_OUT = "signed-out", "Signed out"
    IDLE = "idle", "No activity for too long"
    ABSOLUTE = "absolute", "Reached the longest time a session may last"
    ENDED_BY_USER = "ended-by-user", "Ended by the user from another session"
    ENDED_BY_ADMIN = "ended-by-admin", "Ended by an administrator"
    USER_DISABLED = "user-disabled", "The user was disabled"
    MFA_RESET = "mfa-reset", "The user's authenticator was reset"
    NO_ACCESS = "no-access", "The user no longer holds a role that may use the service"
    PASSWORD_SET = "password-set", "The user set a new password with a set-up link"


class StaffSessionQuerySet(models.QuerySet["StaffSession"]):
    def open(self) -> StaffSessionQuerySet:
        return self.filter(ended_at__isnull=True)

    def for_user(self, user: User) -> StaffSessionQuerySet:
        return self.filter(user=user)

    def for_session_key(self, session_key: str | None) -> StaffSessionQuerySet:
        return self.filter(session_key=session_key or "")


class StaffSession(BaseModel):
    """A signed-in (password + TOTP) browser session. Ending it ends the session at once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="staff_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=20, choices=StaffSessionEndReason.choices, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = StaffSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Session of {self.user} from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


# One-time set-up links ------------------------------------------------------------------------


def setup_token_hash(token: str) -> str:
    """What is stored for a set-up link token: its SHA-256 (the token itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


def setup_link_expiry() -> datetime:
    return timezone.now() + timedelta(hours=settings.SETUP_LINK_HOURS)


class SetupLinkPurpose(models.TextChoices):
    NEW_ACCOUNT = "new-account", "Set up a new account"
    RESET = "reset", "Reset password and authenticator"


class SetupLinkQuerySet(models.QuerySet["SetupLink"]):
    def for_token(self, token: str) -> SetupLinkQuerySet:
        return self.filter(token_hash=setup_token_hash(token))

    def unused(self) -> SetupLinkQuerySet:
        """Neither used nor revoked (it may have expired)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)

    def usable(self) -> SetupLinkQuerySet:
        """Links that still work: unused, unrevoked, unexpired, for an active user."""
        return self.unused().filter(expires_at__gt=timezone.now(), user__is_active=True)


class SetupLink(BaseModel):
    """A one-time link with which a person sets their own password (then sets up an authenticator).

    Administrators create them and pass them on; they never see or set a password.
    Only the SHA-256 of the token is stored, so the database alone cannot open a link.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="setup_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    purpose = models.CharField(max_length=20, choices=SetupLinkPurpose.choices)
    # Who made it: an administrator, or a system job (then created_by is empty).
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by_label = models.CharField(max_length=254)
    expires_at = models.DateTimeField(default=setup_link_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SetupLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.user} from {self.created_at:%Y-%m-%d %H:%M}"

    def state(self) -> str:
        """Why a link does or does not work: "usable", "used", "revoked", "expired" or "user-disabled"."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        if not self.user.is_active:
            return "user-disabled"
        return "usable"
