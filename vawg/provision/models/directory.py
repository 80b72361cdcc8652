"""The service directory: each agency keeps its own entries; every change is kept as a dated version."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vawg.accounts.models import Membership, Organisation, User
from vawg.accounts.roles import holders_of
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.provision.config import (
    KEEP_SERVICES,
    LANGUAGES,
    STALE_AFTER,
    AccessRoute,
    Gender,
    ServiceStatus,
    ServiceType,
    Specialism,
)
from vawg.referrals.models import FormOfAbuse, RiskGrade

# The levels of risk a service can say it serves (not "not assessed": every service takes unassessed people).
RISK_LEVELS = [RiskGrade.STANDARD, RiskGrade.MEDIUM, RiskGrade.HIGH]


# System administrators keep every agency's entries (docs/access-control.md).
MANAGE_USERS = "accounts.manage_users"


def agencies_kept_by(user: User) -> models.QuerySet[Organisation]:
    """The active agencies whose directory entries ``user`` keeps through a membership (not as administrator)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
        return Organisation.objects.none()
    memberships = Membership.objects.active().filter(user=user.pk, role__in=holders_of(KEEP_SERVICES))
    return Organisation.objects.filter(is_active=True, pk__in=memberships.values("organisation_id"))


def keeps_every_agency(user: User) -> bool:
    """Whether ``user`` is a system administrator, who keeps every agency's entries."""
    return bool(getattr(user, "is_active", False) and user.has_perm(MANAGE_USERS) and user.has_perm(KEEP_SERVICES))


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(status=ServiceStatus.ACTIVE, organisation__is_active=True)

    def listed(self) -> ServiceQuerySet:
        """Services on the public finder and the Open Referral UK feed: listed and not closed."""
        return self.filter(listed_publicly=True, organisation__is_active=True).exclude(status=ServiceStatus.INACTIVE)

    def for_survivors(self) -> ServiceQuerySet:
        """Not services that help people stop harming: a survivor looking for help must never be pointed to
        the programme their abuser may attend (those are reached through "worried about my own behaviour")."""
        return self.exclude(service_types__icontains=f'"{ServiceType.BEHAVIOUR_CHANGE}"')

    def kept_by(self, user: User) -> ServiceQuerySet:
        """Services ``user`` may change: their agencies' (where they hold provision.keep_services), and every
        agency's for a system administrator (who manages users and agencies)."""
        if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
            return self.none()
        if keeps_every_agency(user):
            return self.all()
        return self.at_agencies_of(user)

    def at_agencies_of(self, user: User) -> ServiceQuerySet:
        """Services of the agencies where ``user`` holds provision.keep_services ("Your agency's services")."""
        return self.filter(organisation__in=agencies_kept_by(user).values("pk"))

    def stale(self, *, now: datetime | None = None) -> ServiceQuerySet:
        """Services not checked for ``STALE_AFTER`` (about 6 months)."""
        return self.exclude(status=ServiceStatus.INACTIVE).filter(
            last_checked_at__lt=(now or timezone.now()) - STALE_AFTER
        )


class Service(BaseModel):
    """One service an agency offers, as professionals and the public find it.

    A service at a confidential site (a refuge or safe house) never has an address, and its districts are
    never shown publicly: only how to reach it (``confidential_location``)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(help_text="What the service offers, in plain words")
    service_types = models.JSONField(default=list)  # ServiceType values
    forms_of_abuse = models.JSONField(default=list)  # FormOfAbuse values
    risk_levels = models.JSONField(default=list)  # RISK_LEVELS values
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    genders = models.JSONField(default=list)  # Gender values (all of them: anyone)
    countywide = models.BooleanField(default=False)
    districts = models.ManyToManyField("accounts.District", blank=True, related_name="services")
    languages = models.JSONField(default=list, blank=True)  # LANGUAGES codes
    interpreters_available = models.BooleanField(default=False)
    nrpf_accepted = models.BooleanField("Takes people with no recourse to public funds", default=False)
    specialisms = models.JSONField(default=list, blank=True)  # Specialism values (by-and-for)
    access_route = models.CharField(max_length=30, choices=AccessRoute.choices)
    public_phone = models.CharField(max_length=40, blank=True)
    public_url = models.URLField(blank=True)
    public_email = models.EmailField(blank=True)
    opening_times = models.TextField(blank=True)
    waiting_time_days = models.PositiveSmallIntegerField(null=True, blank=True)
    confidential_location = models.BooleanField(
        default=False, help_text="A refuge or safe house: never an address or district in public"
    )
    public_address = models.TextField(blank=True, help_text="Only for a public site such as a drop-in centre")
    status = models.CharField(max_length=30, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    listed_publicly = models.BooleanField(default=True)
    last_checked_at = models.DateTimeField(default=timezone.now)
    last_checked_by = user_who(optional=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="provision_one_service_name_per_agency"),
            models.CheckConstraint(
                condition=Q(confidential_location=False) | Q(public_address=""),
                name="provision_no_address_for_confidential_service",
                violation_error_message="A refuge or safe house never has a public address",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        vocabularies = {
            "service_types": (ServiceType.values, True),
            "forms_of_abuse": (FormOfAbuse.values, True),
            "risk_levels": ([str(level) for level in RISK_LEVELS], True),
            "genders": (Gender.values, True),
            "languages": (list(LANGUAGES), False),
            "specialisms": (Specialism.values, False),
        }
        for field, (allowed, required) in vocabularies.items():
            values = getattr(self, field)
            if not isinstance(values, list) or any(value not in allowed for value in values):
                errors[field] = "Select from the list"
            elif required and not values:
                errors[field] = "Select at least one"
        if self.minimum_age is not None and self.maximum_age is not None and self.minimum_age > self.maximum_age:
            errors["maximum_age"] = "The oldest age must be the same as or more than the youngest"
        if self.confidential_location and self.public_address:
            errors["public_address"] = "A refuge or safe house never has a public address"
        if not (self.public_phone or self.public_url or self.public_email):
            errors["public_phone"] = "Enter at least one way to reach the service: a phone number, web page or email"
        if errors:
            raise ValidationError(errors)

    @property
    def is_stale(self) -> bool:
        return self.last_checked_at < timezone.now() - STALE_AFTER


class ServiceVersion(ImmutableModel):
    """A dated snapshot of a directory entry after one change or check (who, when and what)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="provision_one_row_per_service_version")
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.version}"


class RoutingRuleService(BaseModel):
    """The directory entry a routing rule names: referrals it routes are shown with this service."""

    rule = models.OneToOneField("referrals.RoutingRule", on_delete=models.PROTECT, related_name="named_service")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="routing_rules")
    created_by = user_who(optional=True)

    def __str__(self) -> str:
        return f"{self.rule} names {self.service}"
