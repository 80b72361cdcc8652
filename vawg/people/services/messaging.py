"""The only path for outbound messages: texts, emails, letters and voicemail scripts (docs/security.md#da-5).

Nothing else in the platform may send to a person. Every message is queued
here, and ``message_send`` checks the person's safe contact preference for the
channel AT SEND TIME (preferences change when someone flees):

- only a channel whose current status is "safe" is used: "not known" counts as unsafe;
- if a safe time window is set, the send time (UK local time) must be inside it;
- a preference past its review date is not relied on;
- otherwise the message is refused, with a reason code, and nothing is sent.

Senders are pluggable: ``settings.MESSAGE_SENDERS`` maps a channel value
("sms", "email", "letter", "voicemail") to the dotted path of a class with a
``send(*, message, destination) -> str`` method (returning the gateway's
reference). No gateway is configured yet, so the default for every channel is
``RecordOnlySender``: it sends nothing and stores nothing beyond the message row
itself, which is marked sent. MESSAGE_SENDERS is a Python setting, not read
from the environment.

Audit entries hold ids and codes only: never a body, number, address or code word.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.people.models import (
    Channel,
    MessageStatus,
    OutboundMessage,
    Person,
    RefusalReason,
    SafeContactPreference,
    SafeStatus,
)

DEFAULT_SENDER = "vawg.people.services.messaging.RecordOnlySender"


class MessagingError(Exception):
    """A message cannot be handled as asked (for example: it is not queued)."""


class Sender(Protocol):
    def send(self, *, message: OutboundMessage, destination: str) -> str:
        """Hand the message to a gateway; return its reference. Raise to leave the message queued."""
        ...


class RecordOnlySender:
    """The default while no gateway is configured: sends nothing and keeps nothing more."""

    def send(self, *, message: OutboundMessage, destination: str) -> str:
        return ""


def sender_for(channel: Channel | str) -> tuple[str, Sender]:
    senders: dict[str, str] = getattr(settings, "MESSAGE_SENDERS", {}) or {}
    path = senders.get(str(channel), DEFAULT_SENDER)
    return path, import_string(path)()


def _destination(message: OutboundMessage, record: SafeContactPreference | None) -> str:
    """The number or address to use: the channel's own safe detail, else the person's."""
    if record is not None and record.contact_detail:
        return str(record.contact_detail)
    person = message.person
    if message.channel in (Channel.SMS, Channel.VOICEMAIL):
        return str(person.phone)
    if message.channel == Channel.EMAIL:
        return str(person.email)
    if message.channel == Channel.LETTER:
        return "\n".join(part for part in (person.address, person.postcode) if part)
    return ""


def _close(message: OutboundMessage, *, status: MessageStatus, reason: RefusalReason, at: datetime) -> None:
    message.status = status
    message.refused_reason = reason
    message.closed_at = at
    save_valid(message, update_fields=["status", "refused_reason", "closed_at", "updated_at"])


@transaction.atomic
def message_queue(
    *,
    person: Person,
    channel: Channel,
    body: str,
    by: Any = None,
    system_job: str = "",
) -> OutboundMessage:
    """Queue a message. It is refused at once if the channel is not marked safe now; sending checks again."""
    require_one_author(by=by, system_job=system_job)
    now = timezone.now()
    message = OutboundMessage(
        person=person,
        channel=channel,
        body=body,
        created_by=by,
        system_job=system_job,
        queued_at=now,
    )
    save_valid(message)
    audit_record(
        action="people.message.queue",
        obj=message,
        details={"person_id": str(person.pk), "channel": str(channel)},
        by=by,
        system_job=system_job,
    )
    status = SafeContactPreference.objects.current_preferences(person)[Channel(channel)].status
    if status != SafeStatus.SAFE:
        reason = RefusalReason.NOT_KNOWN if status == SafeStatus.NOT_KNOWN else RefusalReason.UNSAFE
        _refuse(message, reason=reason, at=now, by=by, system_job=system_job)
    return message


def _refuse(message: OutboundMessage, *, reason: RefusalReason, at: datetime, by: Any, system_job: str) -> None:
    _close(message, status=MessageStatus.REFUSED, reason=reason, at=at)
    audit_record(
        action="people.message.refuse",
        obj=message,
        details={"person_id": str(message.person_id), "channel": message.channel, "reason": str(reason)},
        by=by,
        system_job=system_job,
    )


@transaction.atomic
def message_send(
    *,
    message: OutboundMessage,
    at: datetime | None = None,
    by: Any = None,
    system_job: str = "",
) -> OutboundMessage:
    """Send a queued message if, at ``at`` (default now), its channel is safe; otherwise refuse it.

    ``by`` is the member of staff sending it, if any; otherwise ``system_job``
    (default "messaging.send") names the job.

    The person's row is locked first, so a preference being changed at the same
    moment is either seen here or cancels the message after this returns. A
    sender that raises leaves the message queued (the transaction rolls back).
    """
    at = at or timezone.now()
    if at.tzinfo is None:
        raise ValueError("Send times must be timezone-aware.")
    system_job = "" if by is not None else system_job or "messaging.send"
    require_one_author(by=by, system_job=system_job)
    Person.objects.select_for_update().filter(pk=message.person_id).first()
    message = OutboundMessage.objects.select_for_update().select_related("person").get(pk=message.pk)
    if message.status != MessageStatus.QUEUED:
        raise MessagingError(f"Message {message.pk} is {message.status}, not queued.")
    preference = SafeContactPreference.objects.current_preferences(message.person)[Channel(message.channel)]
    reason = preference.refusal_at(at)
    destination = _destination(message, preference.record) if reason is None else ""
    if reason is None and not destination.strip():
        reason = RefusalReason.NO_CONTACT_DETAIL
    if reason is not None:
        _refuse(message, reason=reason, at=at, by=by, system_job=system_job)
        return message
    path, sender = sender_for(message.channel)
    sender.send(message=message, destination=destination)
    message.status = MessageStatus.SENT
    message.sent_at = at
    message.sender = path
    save_valid(message, update_fields=["status", "sent_at", "sender", "updated_at"])
    audit_record(
        action="people.message.send",
        obj=message,
        details={"person_id": str(message.person_id), "channel": message.channel, "sender": path},
        by=by,
        system_job=system_job,
    )
    return message


def messages_cancel_on_unsafe_channel(
    *, person: Person, channel: Channel, reason: RefusalReason, by: Any = None, system_job: str = ""
) -> list[OutboundMessage]:
    """Cancel every queued message to ``person`` on ``channel`` (call inside the preference change's transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise MessagingError("Cancel queued messages inside the transaction that changes the preference.")
    require_one_author(by=by, system_job=system_job)
    now = timezone.now()
    cancelled = list(OutboundMessage.objects.select_for_update().queued().filter(person=person, channel=channel))
    for message in cancelled:
        _close(message, status=MessageStatus.CANCELLED, reason=reason, at=now)
        audit_record(
            action="people.message.cancel",
            obj=message,
            details={"person_id": str(person.pk), "channel": str(channel), "reason": str(reason)},
            by=by,
            system_job=system_job,
        )
    return cancelled
