"""Safe accommodation: units with immutable availability, requests, reservations and placements.

A unit's address is location-critical: encrypted, shown only to its provider's staff, never in a list,
export, API answer, minutes or log elsewhere. ``Unit.objects.visible_to(user)`` and
``AccommodationRequest.objects.visible_to(user)`` are the only ways to reach these records.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.cases.models import Case
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, StateChange, user_who
from vawg.provision.config import (
    KEEP_UNITS,
    LANGUAGES,
    LIVE_RESERVATION_STATES,
    MOVE_ON_DESTINATIONS,
    REQUEST_ACCOMMODATION,
    SPECIALIST_CHARACTERISTICS,
    SUPPORT_ENDED_REASONS,
    AccommodationType,
    ChildSex,
    Gender,
    RequestState,
    ReservationState,
    Specialism,
    UnitState,
    Urgency,
)


def _agencies_where(user: User, perm: str) -> models.QuerySet[Membership]:
    return Membership.objects.active().of_active_user(user).holding(perm)


def _signed_in(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.pk is not None and user.is_active)


def _check_codes(errors: dict[str, str], field: str, values: object, allowed: object) -> None:
    if not isinstance(values, list) or any(value not in allowed for value in values):  # type: ignore[operator]
        errors[field] = "Select from the list"


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: User) -> UnitQuerySet:
        """Units ``user`` may see: all of their own agency's (provision.keep_units), and every open unit for
        those who find places for survivors (provision.request_accommodation). Never the address: only
        ``kept_by`` gives that (to the provider's staff)."""
        if not _signed_in(user):
            return self.none()
        own = Q(organisation__in=_agencies_where(user, KEEP_UNITS).values("organisation_id"))
        finder = _agencies_where(user, REQUEST_ACCOMMODATION).exists()
        if not finder:
            return self.filter(own)
        return self.filter(own | Q(closed_on__isnull=True, organisation__is_active=True))

    def kept_by(self, user: User) -> UnitQuerySet:
        """Units of the provider(s) ``user`` works for as an accommodation manager: they see the address."""
        if not _signed_in(user):
            return self.none()
        return self.filter(organisation__in=_agencies_where(user, KEEP_UNITS).values("organisation_id"))

    def open_on(self, day: object) -> UnitQuerySet:
        """Units open on ``day`` (opened on or before it, not closed by it)."""
        return self.filter(opened_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Unit(BaseModel):
    """One unit of safe accommodation (a refuge room or flat, a dispersed property, a sanctuary scheme place)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="units")
    service = models.ForeignKey(
        "provision.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )
    name = models.CharField(max_length=100, help_text="A neutral label the provider uses, never the address")
    accommodation_type = models.CharField(max_length=40, choices=AccommodationType.choices)
    district = models.ForeignKey("accounts.District", on_delete=models.PROTECT, related_name="units")
    # Location-critical: encrypted, bound to this row; only the provider's staff see it.
    address = EncryptedTextField(help_text="Only the provider's staff see this. Stored encrypted.")
    bedspaces = models.PositiveSmallIntegerField(default=1)
    wheelchair_accessible = models.BooleanField(default=False)
    max_household = models.PositiveSmallIntegerField(help_text="Most people, adults and children, it can take")
    max_children = models.PositiveSmallIntegerField(default=0)
    boys_max_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Oldest boy accepted; empty for no limit"
    )
    genders = models.JSONField(default=list)  # Gender values accepted
    min_age = models.PositiveSmallIntegerField(default=16)
    pets = models.BooleanField(default=False)
    languages = models.JSONField(default=list, blank=True)  # staff's languages (LANGUAGES codes)
    nrpf_accepted = models.BooleanField(default=False)
    specialisms = models.JSONField(default=list, blank=True)  # Specialism values
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="provision_one_unit_name_per_provider"),
            models.CheckConstraint(condition=Q(max_household__gte=1), name="provision_unit_takes_someone"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        _check_codes(errors, "genders", self.genders, Gender.values)
        if not errors.get("genders") and not self.genders:
            errors["genders"] = "Select at least one"
        _check_codes(errors, "languages", self.languages, LANGUAGES)
        _check_codes(errors, "specialisms", self.specialisms, Specialism.values)
        if self.max_children >= self.max_household and self.max_household:
            errors["max_children"] = "Most children must be fewer than the largest household (an adult comes too)"
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "The date it closed must be on or after the date it opened"
        if errors:
            raise ValidationError(errors)


class UnitStatus(StateChange):
    """One change of a unit's availability. The latest row is the current state; a reservation row carries
    the time it lapses (``until``), after which the unit counts as vacant again."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=UnitState.choices)
    until = models.DateTimeField(null=True, blank=True)  # reserved until
    available_from = models.DateField(null=True, blank=True)  # vacant: from when

    class Meta:
        ordering = ["unit", "-created_at"]
        verbose_name_plural = "unit statuses"
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_state_display()}"

    def clean(self) -> None:
        super().clean()
        if self.state == UnitState.RESERVED and self.until is None:
            raise ValidationError({"until": "A reservation needs the time it lapses"})


class AccommodationRequestQuerySet(models.QuerySet["AccommodationRequest"]):
    def raised_for(self, user: User) -> AccommodationRequestQuerySet:
        """Requests on cases ``user`` may see, for holders of provision.request_accommodation (the full view)."""
        if not _signed_in(user) or not _agencies_where(user, REQUEST_ACCOMMODATION).exists():
            return self.none()
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))

    def offered_to(self, user: User) -> AccommodationRequestQuerySet:
        """Requests with a reservation on a unit of ``user``'s provider (the provider's view: the household and
        needs, never the case, the districts to avoid or anything else on the case)."""
        if not _signed_in(user):
            return self.none()
        units = Unit.objects.kept_by(user).values("pk")
        return self.filter(Exists(Reservation.objects.filter(request=OuterRef("pk"), unit__in=units)))

    def visible_to(self, user: User) -> AccommodationRequestQuerySet:
        """Every request ``user`` may reach (either view); a page picks the view with ``raised_for``."""
        return (self.raised_for(user) | self.offered_to(user)).distinct()

    def open(self) -> AccommodationRequestQuerySet:
        return self.filter(state=RequestState.OPEN)


class AccommodationRequest(BaseModel):
    """A household looking for safe accommodation, raised from a victim's case by an IDVA or housing officer."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="accommodation_requests")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    created_by = user_who()
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.OPEN)
    urgency = models.CharField(max_length=20, choices=Urgency.choices)
    needed_from = models.DateField(default=timezone.localdate)
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.JSONField(default=list, blank=True)  # [{"age": int, "sex": ChildSex}]
    survivor_age = models.PositiveSmallIntegerField()
    survivor_gender = models.CharField(max_length=20, choices=Gender.choices)
    wheelchair = models.BooleanField(default=False)
    pets = models.BooleanField(default=False)
    nrpf = models.BooleanField("No recourse to public funds", default=False)
    languages = models.JSONField(default=list, blank=True)
    specialisms = models.JSONField(default=list, blank=True)
    specialist_characteristics = models.JSONField(default=list, blank=True)  # SPECIALIST_CHARACTERISTICS keys
    # Where the person causing harm lives, works or has family: never shown to a provider.
    excluded_districts = models.ManyToManyField("accounts.District", blank=True, related_name="+")
    notes = models.TextField(blank=True, help_text="Anything else the worker needs to know; not shown to providers")

    objects = AccommodationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Accommodation request {str(self.pk)[:8]}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.adults < 1:
            errors["adults"] = "A household has at least one adult"
        children = self.children
        if not isinstance(children, list) or any(
            not isinstance(child, dict)
            or set(child) != {"age", "sex"}
            or not isinstance(child["age"], int)
            or isinstance(child["age"], bool)
            or not 0 <= child["age"] <= 17
            or child["sex"] not in ChildSex.values
            for child in children
        ):
            errors["children"] = "Give each child's age (0 to 17) and sex"
        _check_codes(errors, "languages", self.languages, LANGUAGES)
        _check_codes(errors, "specialisms", self.specialisms, Specialism.values)
        _check_codes(errors, "specialist_characteristics", self.specialist_characteristics, SPECIALIST_CHARACTERISTICS)
        if self.survivor_age is not None and not 16 <= self.survivor_age <= 120:
            errors["survivor_age"] = "Enter the survivor's age, from 16 to 120"
        if errors:
            raise ValidationError(errors)

    @property
    def household_size(self) -> int:
        return self.adults + len(self.children)


class RequestStateChange(StateChange):
    """One change of a request's state; closing without a placement carries an "unable to support" code."""

    request = models.ForeignKey(AccommodationRequest, on_delete=models.PROTECT, related_name="state_changes")
    state = models.CharField(max_length=20, choices=RequestState.choices)
    reason_code = models.CharField(max_length=40, blank=True)  # UNABLE_TO_SUPPORT_REASONS key when closed

    class Meta:
        ordering = ["request", "created_at"]

    def __str__(self) -> str:
        return f"{self.request}: {self.get_state_display()}"


class ReservationQuerySet(models.QuerySet["Reservation"]):
    def live(self, *, now: datetime | None = None) -> ReservationQuerySet:
        """Reservations holding their unit now (held or accepted, and not lapsed)."""
        return self.filter(state__in=LIVE_RESERVATION_STATES, expires_at__gt=now or timezone.now())


class Reservation(BaseModel):
    """A unit held for a request. The database allows one live (held or accepted) reservation per unit;
    it lapses at ``expires_at`` unless a placement starts."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reservations")
    request = models.ForeignKey(AccommodationRequest, on_delete=models.PROTECT, related_name="reservations")
    state = models.CharField(max_length=20, choices=ReservationState.choices, default=ReservationState.HELD)
    expires_at = models.DateTimeField()
    created_by = user_who()

    objects = ReservationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(state__in=["held", "accepted"]),
                name="provision_one_live_reservation_per_unit",
                violation_error_message="This unit is already reserved",
            )
        ]

    def __str__(self) -> str:
        return f"Reservation of {self.unit}"


class ReservationStateChange(StateChange):
    """One change of a reservation's state; a decline carries its reason code (provider: an
    UNABLE_TO_SUPPORT_REASONS key; survivor: a SURVIVOR_DECLINE_REASONS key)."""

    reservation = models.ForeignKey(Reservation, on_delete=models.PROTECT, related_name="state_changes")
    state = models.CharField(max_length=20, choices=ReservationState.choices)
    reason_code = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["reservation", "created_at"]

    def __str__(self) -> str:
        return f"{self.reservation}: {self.get_state_display()}"


class Placement(BaseModel):
    """A household supported in a unit, from the day it moved in to the day support ended (with a reason and
    where they moved on to). The household is copied from the request when it starts."""

    request = models.ForeignKey(AccommodationRequest, on_delete=models.PROTECT, related_name="placements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    reservation = models.OneToOneField(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="placement"
    )
    started_on = models.DateField()
    started_by = user_who()
    adults = models.PositiveSmallIntegerField()
    children = models.PositiveSmallIntegerField()
    ended_on = models.DateField(null=True, blank=True)
    ended_by = user_who(optional=True)
    end_reason = models.CharField(max_length=40, blank=True, choices=list(SUPPORT_ENDED_REASONS.items()))
    move_on = models.CharField(max_length=40, blank=True, choices=list(MOVE_ON_DESTINATIONS.items()))
    end_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(ended_on__isnull=True),
                name="provision_one_open_placement_per_unit",
                violation_error_message="This unit already has a household in it",
            )
        ]

    def __str__(self) -> str:
        return f"Placement in {self.unit}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.ended_on is not None:
            if self.started_on and self.ended_on < self.started_on:
                errors["ended_on"] = "The date support ended must be on or after the day it started"
            if not self.end_reason:
                errors["end_reason"] = "Select why support ended"
            if not self.move_on:
                errors["move_on"] = "Select where they moved on to"
        if errors:
            raise ValidationError(errors)
