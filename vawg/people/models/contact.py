"""Safe contact: each channel's preference history, and the messages that may only go out on a safe channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from vawg.core.dates import LONDON
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.people.models.choices import (
    MESSAGE_CHANNELS,
    Channel,
    MessageStatus,
    RefusalReason,
    SafeStatus,
)

# "Exactly one of created_by and system_job": a person made the change, or a named system job did.
from vawg.people.models.people import ONE_AUTHOR, Person


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
    """One recorded change to a person's safe contact on one channel (docs/security.md#da-5).

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
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = SafeContactPreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "channel", "version"], name="people_safe_contact_version"),
            models.CheckConstraint(condition=ONE_AUTHOR, name="people_safe_contact_one_author"),
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
    """A text, email, letter or voicemail script for a person: sent only by vawg/people/services/messaging.py."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outbound_messages")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    body = EncryptedTextField()  # message bodies can reveal: encrypted like an address
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    # Why it was refused or cancelled (a code, safe to audit).
    refused_reason = models.CharField(max_length=30, choices=RefusalReason.choices, blank=True)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was refused or cancelled")
    sender = models.CharField(max_length=200, blank=True, help_text="The sender class that handled it")

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=ONE_AUTHOR, name="people_message_one_author"),
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
