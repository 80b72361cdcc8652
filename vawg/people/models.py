"""People (victims/survivors, persons causing harm, children), their safe contact, and outbound messages.

Location-critical values (address, postcode, phone, email, code words, safe
contact details, message bodies) are EncryptedTextFields: ciphertext in the
database, never filtered on, never written to the audit log.

Writes go through vawg/people/services.py and vawg/people/messaging.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vawg.core.dates import LONDON
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet
from vawg.people.choices import (
    MESSAGE_CHANNELS,
    AliasKind,
    Channel,
    Disability,
    Ethnicity,
    Gender,
    MessageStatus,
    RefusalReason,
    RelationshipKind,
    SafeStatus,
    SexualOrientation,
    TransStatus,
)

# Safe time windows are agreed in local (UK) time, whatever time zone a caller passes.

# "Exactly one of created_by and system_job": a person made the change, or a named system job did.
_ONE_AUTHOR = Q(created_by__isnull=False, system_job="") | (Q(created_by__isnull=True) & ~Q(system_job=""))


class PersonQuerySet(models.QuerySet["Person"]):
    def in_district(self, district: Any) -> PersonQuerySet:
        return self.filter(district=district)


class Person(BaseModel):
    """A victim/survivor, a person causing harm, or a child in the household (one model for all)."""

    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only when the date of birth is not known: age when the record was made."
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)

    # Equality data: for monitoring only, never required ("" = not recorded).
    ethnicity = models.CharField(max_length=30, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=30, choices=Disability.choices, blank=True)
    sexual_orientation = models.CharField(max_length=30, choices=SexualOrientation.choices, blank=True)
    trans_status = models.CharField(max_length=30, choices=TransStatus.choices, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(null=True, blank=True)

    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    # Location-critical (security.md 3.1): encrypted at rest.
    address = EncryptedTextField()
    postcode = EncryptedTextField()
    phone = EncryptedTextField()
    email = EncryptedTextField()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(approximate_age__isnull=True),
                name="people_person_dob_or_approximate_age",
                violation_error_message="Enter either a date of birth or an approximate age, not both",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and error reports.
        return f"Person {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def clean(self) -> None:
        super().clean()
        if not (self.given_name.strip() or self.family_name.strip()):
            raise ValidationError({"given_name": "Enter a given name or a family name"})
        if self.date_of_birth is not None and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past"})
        if self.approximate_age is not None and self.approximate_age > 120:
            raise ValidationError({"approximate_age": "Approximate age must be 120 or less"})

    def age_on(self, on: date) -> int | None:
        """Age in whole years on ``on``: from the date of birth, or the approximate age moved on since recording."""
        if self.date_of_birth is not None:
            dob = self.date_of_birth
            return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
        if self.approximate_age is not None:
            recorded = self.created_at.date() if self.created_at else on
            return self.approximate_age + max(0, on.year - recorded.year)
        return None


class PersonAlias(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "name", "kind"], name="people_alias_unique"),
        ]

    def __str__(self) -> str:
        return f"Alias {self.pk}"


class PersonRelationship(BaseModel):
    """``person`` is the ``kind`` of ``other`` (e.g. person is the ex-partner of other)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=40, choices=RelationshipKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="people_relationship_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("other")),
                name="people_relationship_not_self",
                violation_error_message="A person cannot be related to themselves",
            ),
        ]

    def __str__(self) -> str:
        return f"Relationship {self.pk}"


@dataclass(frozen=True)
class Preference:
    """A channel's current safe contact preference (``record`` is None when nothing is recorded)."""

    channel: Channel
    status: SafeStatus
    safe_from: time | None = None
    safe_until: time | None = None
    review_on: date | None = None
    record: SafeContactPreference | None = None

    @property
    def is_safe(self) -> bool:
        """Only "safe" is safe: not known counts as unsafe."""
        return self.status == SafeStatus.SAFE

    def refusal_at(self, at: datetime) -> RefusalReason | None:
        """Why nothing may be sent on this channel at ``at`` (None: sending is allowed)."""
        if at.tzinfo is None:
            raise ValueError("Send times must be timezone-aware.")
        if self.status == SafeStatus.NOT_KNOWN:
            return RefusalReason.NOT_KNOWN
        if self.status != SafeStatus.SAFE:
            return RefusalReason.UNSAFE
        local = at.astimezone(LONDON)
        if self.review_on is not None and local.date() > self.review_on:
            return RefusalReason.REVIEW_OVERDUE
        if not in_window(local.time(), self.safe_from, self.safe_until):
            return RefusalReason.OUTSIDE_WINDOW
        return None


def in_window(moment: time, start: time | None, end: time | None) -> bool:
    """Whether a local time is in [start, end); a window may run past midnight (22:00 to 06:00)."""
    if start is None or end is None:
        return True
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


class SafeContactPreferenceQuerySet(ImmutableQuerySet):
    def for_person(self, person: Person) -> SafeContactPreferenceQuerySet:
        return self.filter(person=person)

    def current_preferences(self, person: Person) -> dict[Channel, Preference]:
        """Every channel's current preference: the latest row, or "not known" when there is none."""
        current: dict[Channel, Preference] = {
            channel: Preference(channel=channel, status=SafeStatus.NOT_KNOWN) for channel in Channel
        }
        seen: set[str] = set()
        for row in self.filter(person=person).order_by("channel", "-version"):
            if row.channel in seen:
                continue
            seen.add(row.channel)
            channel = Channel(row.channel)
            current[channel] = Preference(
                channel=channel,
                status=SafeStatus(row.status),
                safe_from=row.safe_from,
                safe_until=row.safe_until,
                review_on=row.review_on,
                record=row,
            )
        return current


class SafeContactPreference(ImmutableModel):
    """One recorded change to a person's safe contact on one channel (security.md 3.5).

    Rows are never changed: the current preference is the row with the highest
    ``version`` for the person and channel, and no row means "not known".
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="safe_contact_preferences")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    version = models.PositiveIntegerField(editable=False)
    status = models.CharField(max_length=20, choices=SafeStatus.choices)
    safe_from = models.TimeField(null=True, blank=True, help_text="Start of the safe window, UK time")
    safe_until = models.TimeField(null=True, blank=True, help_text="End of the safe window, UK time")
    what_may_be_said = models.CharField(max_length=500, blank=True, help_text='For example "no organisation name"')
    code_word = EncryptedTextField()
    contact_detail = EncryptedTextField(help_text="The number or address for this channel, if not the person's own")
    review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    objects = SafeContactPreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "channel", "version"], name="people_safe_contact_version"),
            models.CheckConstraint(condition=_ONE_AUTHOR, name="people_safe_contact_one_author"),
            models.CheckConstraint(
                condition=Q(safe_from__isnull=True, safe_until__isnull=True)
                | (Q(safe_from__isnull=False, safe_until__isnull=False) & ~Q(safe_from=models.F("safe_until"))),
                name="people_safe_contact_window",
                violation_error_message="Enter both the start and the end of the safe time, and make them different",
            ),
        ]

    def __str__(self) -> str:
        return f"Safe contact {self.pk}"


class OutboundMessageQuerySet(models.QuerySet["OutboundMessage"]):
    def queued(self) -> OutboundMessageQuerySet:
        return self.filter(status=MessageStatus.QUEUED)

    def sent(self) -> OutboundMessageQuerySet:
        return self.filter(status=MessageStatus.SENT)

    def for_person(self, person: Person) -> OutboundMessageQuerySet:
        return self.filter(person=person)


class OutboundMessage(BaseModel):
    """A text, email, letter or voicemail script for a person: sent only by vawg/people/messaging.py."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outbound_messages")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    body = EncryptedTextField()  # message bodies can reveal: encrypted like an address
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    # Why it was refused or cancelled (a code, safe to audit).
    refused_reason = models.CharField(max_length=30, choices=RefusalReason.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was refused or cancelled")
    sender = models.CharField(max_length=200, blank=True, help_text="The sender class that handled it")

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_ONE_AUTHOR, name="people_message_one_author"),
            models.CheckConstraint(
                condition=Q(status=MessageStatus.SENT, sent_at__isnull=False)
                | (~Q(status=MessageStatus.SENT) & Q(sent_at__isnull=True)),
                name="people_message_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.channel and self.channel not in MESSAGE_CHANNELS:
            raise ValidationError({"channel": "Messages are sent by text, email, letter or voicemail only"})
        if not self.body.strip():
            raise ValidationError({"body": "Enter the message"})
