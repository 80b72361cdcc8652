"""The outbound message layer: checked at send time, never on a channel not marked safe (docs/security.md#da-5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import ClassVar

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.core.dates import LONDON
from vawg.people.models import (
    MESSAGE_CHANNELS,
    Channel,
    MessageStatus,
    OutboundMessage,
    Person,
    RefusalReason,
    SafeStatus,
)
from vawg.people.services import safe_contact_set
from vawg.people.services.messaging import MessagingError, RecordOnlySender, message_queue, message_send
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

RECORDING = "vawg.people.tests.test_messaging.RecordingSender"
FAILING = "vawg.people.tests.test_messaging.FailingSender"
CHANNELS = sorted(MESSAGE_CHANNELS)


class RecordingSender:
    sent: ClassVar[list[tuple[str, str, str]]] = []

    def send(self, *, message: OutboundMessage, destination: str) -> str:
        RecordingSender.sent.append((str(message.pk), message.channel, destination))
        return "ref"


class FailingSender:
    def send(self, *, message: OutboundMessage, destination: str) -> str:
        raise ConnectionError("gateway down")


@pytest.fixture(autouse=True)
def recording_sender(settings: object) -> Iterator[list[tuple[str, str, str]]]:
    settings.MESSAGE_SENDERS = {channel.value: RECORDING for channel in Channel}  # type: ignore[attr-defined]
    RecordingSender.sent.clear()
    yield RecordingSender.sent
    RecordingSender.sent.clear()


def make_safe(person: Person, channel: Channel = Channel.SMS, **extra: object) -> None:
    safe_contact_set(person=person, channel=channel, status=SafeStatus.SAFE, system_job="tests", **extra)  # type: ignore[arg-type]


def test_it_sends_on_a_safe_channel_to_the_persons_number(idva_a: User, recording_sender: list) -> None:
    person = PersonFactory(phone="07700 900321")
    make_safe(person)
    message = message_queue(person=person, channel=Channel.SMS, body="Your appointment is at 10", by=idva_a)
    assert message.status == MessageStatus.QUEUED
    sent = message_send(message=message, at=timezone.now())
    assert sent.status == MessageStatus.SENT and sent.sent_at is not None
    assert sent.sender == RECORDING
    assert recording_sender == [(str(message.pk), "sms", "07700 900321")]


def test_it_prefers_the_channels_own_safe_contact_detail(idva_a: User, recording_sender: list) -> None:
    person = PersonFactory(email="home@example.invalid")
    make_safe(person, Channel.EMAIL, contact_detail="friend@example.invalid")
    message = message_queue(person=person, channel=Channel.EMAIL, body="Hello", by=idva_a)
    message_send(message=message)
    assert recording_sender == [(str(message.pk), "email", "friend@example.invalid")]


@pytest.mark.parametrize("status", [SafeStatus.UNSAFE, SafeStatus.NOT_KNOWN])
def test_it_refuses_at_once_a_message_queued_on_a_channel_not_marked_safe(
    idva_a: User, recording_sender: list, status: SafeStatus
) -> None:
    person = PersonFactory()
    if status == SafeStatus.UNSAFE:
        safe_contact_set(person=person, channel=Channel.SMS, status=status, by=idva_a)
    message = message_queue(person=person, channel=Channel.SMS, body="Hello", by=idva_a)
    assert message.status == MessageStatus.REFUSED
    assert message.refused_reason == (RefusalReason.UNSAFE if status == SafeStatus.UNSAFE else RefusalReason.NOT_KNOWN)
    with pytest.raises(MessagingError, match="not queued"):
        message_send(message=message)
    assert recording_sender == []


def test_it_checks_at_send_time_even_for_a_row_queued_around_the_service(recording_sender: list) -> None:
    person = PersonFactory()
    message = OutboundMessage.objects.create(
        person=person, channel=Channel.SMS, body="Hi", system_job="tests", queued_at=timezone.now()
    )
    refused = message_send(message=message)
    assert (refused.status, refused.refused_reason) == (MessageStatus.REFUSED, RefusalReason.NOT_KNOWN)
    assert recording_sender == []


def test_it_refuses_outside_the_safe_window_in_uk_time(idva_a: User, recording_sender: list) -> None:
    person = PersonFactory()
    make_safe(person, safe_from=time(9), safe_until=time(12))
    early = message_queue(person=person, channel=Channel.SMS, body="Hello", by=idva_a)
    on_time = message_queue(person=person, channel=Channel.SMS, body="Hello", by=idva_a)
    # 08:30 UTC on 1 June is 09:30 in London; 07:30 UTC is 08:30 in London.
    assert message_send(message=early, at=datetime(2026, 6, 1, 7, 30, tzinfo=UTC)).refused_reason == (
        RefusalReason.OUTSIDE_WINDOW
    )
    assert message_send(message=on_time, at=datetime(2026, 6, 1, 8, 30, tzinfo=UTC)).status == MessageStatus.SENT
    assert [row[0] for row in recording_sender] == [str(on_time.pk)]


def test_it_refuses_once_the_review_date_has_passed(idva_a: User, recording_sender: list) -> None:
    person = PersonFactory()
    with time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=UTC), tick=False):
        make_safe(person, review_on=date(2026, 6, 30))
        message = message_queue(person=person, channel=Channel.SMS, body="Hello", by=idva_a)
    with time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=UTC), tick=False):
        refused = message_send(message=message)
    assert refused.refused_reason == RefusalReason.REVIEW_OVERDUE
    assert recording_sender == []


def test_it_refuses_when_there_is_nowhere_to_send(idva_a: User, recording_sender: list) -> None:
    person = PersonFactory(address="", postcode="")
    make_safe(person, Channel.LETTER)
    message = message_queue(person=person, channel=Channel.LETTER, body="Dear Amira", by=idva_a)
    assert message_send(message=message).refused_reason == RefusalReason.NO_CONTACT_DETAIL
    assert recording_sender == []


def test_it_leaves_the_message_queued_when_the_sender_fails(idva_a: User, settings: object) -> None:
    settings.MESSAGE_SENDERS = {"sms": FAILING}  # type: ignore[attr-defined]
    person = PersonFactory()
    make_safe(person)
    message = message_queue(person=person, channel=Channel.SMS, body="Hello", by=idva_a)
    with pytest.raises(ConnectionError):
        message_send(message=message)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert not AuditEntry.objects.filter(action="people.message.send").exists()


def test_it_uses_the_record_only_sender_when_no_gateway_is_configured(idva_a: User, settings: object) -> None:
    settings.MESSAGE_SENDERS = {}  # type: ignore[attr-defined]
    person = PersonFactory()
    make_safe(person)
    message = message_send(message=message_queue(person=person, channel=Channel.SMS, body="Hi", by=idva_a))
    assert message.status == MessageStatus.SENT
    assert message.sender == "vawg.people.services.messaging.RecordOnlySender"
    assert RecordOnlySender().send(message=message, destination="x") == ""


@pytest.mark.parametrize("channel", [Channel.PHONE_CALL, Channel.VISIT])
def test_it_sends_only_on_message_channels(idva_a: User, channel: Channel) -> None:
    with pytest.raises(ValidationError, match="text, email, letter or voicemail"):
        message_queue(person=PersonFactory(), channel=channel, body="Hello", by=idva_a)


@pytest.mark.parametrize("status", [SafeStatus.UNSAFE, SafeStatus.NOT_KNOWN])
def test_it_cancels_queued_messages_when_a_channel_stops_being_safe(
    idva_a: User, recording_sender: list, status: SafeStatus
) -> None:
    person = PersonFactory()
    make_safe(person, Channel.SMS)
    make_safe(person, Channel.EMAIL)
    texts = [message_queue(person=person, channel=Channel.SMS, body=f"Text {n}", by=idva_a) for n in range(2)]
    email = message_queue(person=person, channel=Channel.EMAIL, body="Email", by=idva_a)
    _, cancelled = safe_contact_set(person=person, channel=Channel.SMS, status=status, by=idva_a)
    assert {m.pk for m in cancelled} == {m.pk for m in texts}
    for message in texts:
        message.refresh_from_db()
        assert message.status == MessageStatus.CANCELLED
        assert message.closed_at is not None
    email.refresh_from_db()
    assert email.status == MessageStatus.QUEUED
    assert AuditEntry.objects.filter(action="people.message.cancel").count() == 2
    # Marking the channel safe again does not bring cancelled messages back.
    make_safe(person, Channel.SMS)
    with pytest.raises(MessagingError):
        message_send(message=texts[0])
    assert recording_sender == []


def test_it_keeps_bodies_numbers_and_code_words_out_of_the_audit_log(idva_a: User) -> None:
    person = PersonFactory(phone="CANARY-PHONE-111", email="canary-mail@example.invalid")
    safe_contact_set(
        person=person,
        channel=Channel.SMS,
        status=SafeStatus.SAFE,
        code_word="CANARY-CODEWORD",
        contact_detail="CANARY-DETAIL-222",
        by=idva_a,
    )
    sent = message_queue(person=person, channel=Channel.SMS, body="CANARY-BODY-SENT", by=idva_a)
    message_send(message=sent)
    message_queue(person=person, channel=Channel.EMAIL, body="CANARY-BODY-REFUSED", by=idva_a)
    message_queue(person=person, channel=Channel.SMS, body="CANARY-BODY-CANCELLED", by=idva_a)
    safe_contact_set(person=person, channel=Channel.SMS, status=SafeStatus.UNSAFE, by=idva_a)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"people.message.send", "people.message.refuse", "people.message.cancel"} <= actions
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry")
        dump = repr(cursor.fetchall()).upper()
    assert "CANARY" not in dump
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM people_outboundmessage")
        bodies = [row[0] for row in cursor.fetchall()]
    assert bodies and all(body.startswith("enc1:") and "CANARY" not in body for body in bodies)


# --- The property: no message is ever sent on a channel not marked safe at send time. -------------------

# Two channels and a bias towards "safe", so that sends, refusals and cancellations all come up often.
PROPERTY_CHANNELS = [Channel.SMS.value, Channel.EMAIL.value]
windows = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 23), st.integers(1, 23)).map(lambda w: (w[0], (w[0] + w[1]) % 24)),
)
statuses = st.sampled_from([SafeStatus.SAFE, SafeStatus.SAFE, SafeStatus.UNSAFE, SafeStatus.NOT_KNOWN])
changes = st.tuples(st.sampled_from(PROPERTY_CHANNELS), statuses, windows)
send_times = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def expected_state(history: list[tuple[str, SafeStatus, tuple[int, int] | None]], channel: str) -> tuple:
    """The oracle: the last change on the channel, or not known."""
    for changed_channel, status, window in reversed(history):
        if changed_channel == channel:
            return status, window
    return SafeStatus.NOT_KNOWN, None


def allowed_at(status: SafeStatus, window: tuple[int, int] | None, at: datetime) -> bool:
    if status != SafeStatus.SAFE:
        return False
    if window is None:
        return True
    hour = at.astimezone(LONDON).hour
    start, end = window
    return start <= hour < end if start < end else hour >= start or hour < end


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.tuples(statuses, windows),
    before=st.lists(changes, max_size=6),
    after=st.lists(changes, max_size=6),
    channel=st.sampled_from(PROPERTY_CHANNELS),
    at=send_times,
)
def test_it_never_sends_on_a_channel_not_safe_at_send_time(
    recording_sender: list,
    first: tuple,
    before: list,
    after: list,
    channel: str,
    at: datetime,
) -> None:
    with transaction.atomic():
        RecordingSender.sent.clear()
        person = PersonFactory()

        def apply(history: list) -> None:
            for changed_channel, status, window in history:
                hours = {"safe_from": time(window[0]), "safe_until": time(window[1])} if window else {}
                if status != SafeStatus.SAFE:
                    hours = {}
                safe_contact_set(person=person, channel=changed_channel, status=status, system_job="tests", **hours)

        before = [(channel, *first), *before]
        apply(before)
        message = message_queue(person=person, channel=Channel(channel), body="Hello", system_job="tests")
        apply(after)
        message.refresh_from_db()
        if message.status == MessageStatus.QUEUED:
            message = message_send(message=message, at=at)

        history = [(c, s, w if s == SafeStatus.SAFE else None) for c, s, w in before + after]
        status, window = expected_state(history, channel)
        safe_at_queue = expected_state(before, channel)[0] == SafeStatus.SAFE
        stayed_safe = all(s == SafeStatus.SAFE for c, s, _ in after if c == channel)
        should_send = safe_at_queue and stayed_safe and allowed_at(status, window, at)

        event(f"{message.status} {message.refused_reason}".strip())
        was_sent = message.status == MessageStatus.SENT
        # The safety property: anything sent was on a channel safe, and in its window, at send time.
        assert not was_sent or allowed_at(status, window, at)
        assert was_sent is should_send
        assert len(RecordingSender.sent) == int(was_sent)
        transaction.set_rollback(True)


def test_it_counts_the_send_time_window_across_the_clock_change(idva_a: User) -> None:
    person = PersonFactory()
    make_safe(person, safe_from=time(1), safe_until=time(2))
    # 25 October 2026: clocks go back from 02:00 BST to 01:00 GMT at 01:00 UTC.
    # 00:30 UTC is 01:30 BST and 01:30 UTC is 01:30 GMT: both inside; 02:30 UTC is 02:30 GMT: outside.
    for hour, minute, status in (
        (0, 30, MessageStatus.SENT),
        (1, 30, MessageStatus.SENT),
        (2, 30, MessageStatus.REFUSED),
    ):
        message = message_queue(person=person, channel=Channel.SMS, body="Hello", by=idva_a)
        at = datetime(2026, 10, 25, hour, minute, tzinfo=UTC)
        assert message_send(message=message, at=at).status == status
