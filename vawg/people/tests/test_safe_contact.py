"""Safe contact preferences: history rows, "not known counts as unsafe", windows and review dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.core import crypto
from vawg.people.models import Channel, Preference, RefusalReason, SafeContactPreference, SafeStatus, in_window
from vawg.people.services import safe_contact_set
from vawg.people.tests.factories import PersonFactory, SafeContactPreferenceFactory

pytestmark = pytest.mark.django_db


def test_it_treats_every_channel_as_not_known_until_something_is_recorded() -> None:
    current = SafeContactPreference.objects.current_preferences(PersonFactory())
    assert set(current) == set(Channel)
    assert all(p.status == SafeStatus.NOT_KNOWN and not p.is_safe and p.record is None for p in current.values())


def test_it_keeps_every_change_and_uses_the_latest(idva_a: User) -> None:
    person = PersonFactory()
    first, _ = safe_contact_set(person=person, channel=Channel.SMS, status=SafeStatus.SAFE, by=idva_a)
    second, _ = safe_contact_set(person=person, channel=Channel.SMS, status=SafeStatus.UNSAFE, by=idva_a)
    safe_contact_set(person=person, channel=Channel.EMAIL, status=SafeStatus.SAFE, by=idva_a)
    assert (first.version, second.version) == (1, 2)
    assert SafeContactPreference.objects.for_person(person).count() == 3
    current = SafeContactPreference.objects.current_preferences(person)
    assert current[Channel.SMS].record == second
    assert current[Channel.SMS].status == SafeStatus.UNSAFE
    assert current[Channel.EMAIL].is_safe
    assert current[Channel.LETTER].status == SafeStatus.NOT_KNOWN


def test_it_never_changes_or_deletes_history() -> None:
    row = SafeContactPreferenceFactory()
    row.status = SafeStatus.UNSAFE
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        SafeContactPreference.objects.filter(pk=row.pk).update(status=SafeStatus.UNSAFE)
    with pytest.raises(PermissionError):
        SafeContactPreference.objects.filter(pk=row.pk).delete()


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (SafeStatus.NOT_KNOWN, RefusalReason.NOT_KNOWN),
        (SafeStatus.UNSAFE, RefusalReason.UNSAFE),
        (SafeStatus.SAFE, None),
    ],
)
def test_it_counts_not_known_as_unsafe(status: SafeStatus, reason: RefusalReason | None) -> None:
    preference = Preference(channel=Channel.SMS, status=status)
    assert preference.refusal_at(datetime(2026, 6, 1, 12, tzinfo=UTC)) == reason
    assert preference.is_safe is (status == SafeStatus.SAFE)


@pytest.mark.parametrize(
    ("start", "end", "moment", "inside"),
    [
        (time(9), time(17), time(9), True),
        (time(9), time(17), time(16, 59), True),
        (time(9), time(17), time(17), False),
        (time(9), time(17), time(8, 59), False),
        (time(22), time(6), time(23, 30), True),
        (time(22), time(6), time(5, 59), True),
        (time(22), time(6), time(12), False),
        (None, None, time(3), True),
    ],
)
def test_it_checks_safe_windows(start: time | None, end: time | None, moment: time, inside: bool) -> None:
    assert in_window(moment, start, end) is inside


def test_it_reads_the_window_in_uk_local_time() -> None:
    preference = Preference(channel=Channel.SMS, status=SafeStatus.SAFE, safe_from=time(9), safe_until=time(10))
    # 08:30 UTC in June is 09:30 in London (BST): inside. In January it is 08:30 in London: outside.
    assert preference.refusal_at(datetime(2026, 6, 1, 8, 30, tzinfo=UTC)) is None
    assert preference.refusal_at(datetime(2026, 1, 5, 8, 30, tzinfo=UTC)) == RefusalReason.OUTSIDE_WINDOW
    with pytest.raises(ValueError, match="timezone-aware"):
        preference.refusal_at(datetime(2026, 6, 1, 9, 30))  # noqa: DTZ001


def test_it_does_not_rely_on_a_preference_past_its_review_date() -> None:
    preference = Preference(channel=Channel.SMS, status=SafeStatus.SAFE, review_on=date(2026, 6, 1))
    assert preference.refusal_at(datetime(2026, 6, 1, 22, tzinfo=UTC)) is None  # 23:00 on the day, London
    assert preference.refusal_at(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == RefusalReason.REVIEW_OVERDUE


def test_it_needs_both_ends_of_a_window(idva_a: User) -> None:
    with pytest.raises(ValidationError, match="both the start and the end"):
        safe_contact_set(
            person=PersonFactory(), channel=Channel.SMS, status=SafeStatus.SAFE, safe_from=time(9), by=idva_a
        )


def test_it_refuses_safe_times_on_a_channel_that_is_not_safe(idva_a: User) -> None:
    with pytest.raises(ValidationError, match="Only give safe times"):
        safe_contact_set(
            person=PersonFactory(),
            channel=Channel.SMS,
            status=SafeStatus.UNSAFE,
            safe_from=time(9),
            safe_until=time(10),
            by=idva_a,
        )


def test_it_needs_exactly_one_author_in_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SafeContactPreferenceFactory(system_job="")


def test_it_encrypts_code_words_and_contact_details_and_keeps_them_out_of_the_audit_log(idva_a: User) -> None:
    person = PersonFactory()
    row, _ = safe_contact_set(
        person=person,
        channel=Channel.SMS,
        status=SafeStatus.SAFE,
        code_word="CANARY-BLUEBELL",
        contact_detail="CANARY-07700900111",
        what_may_be_said="No organisation name",
        by=idva_a,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code_word, contact_detail FROM people_safecontactpreference WHERE id = %s",
            [SafeContactPreference._meta.pk.get_db_prep_value(row.pk, connection)],
        )
        stored = cursor.fetchone()
    assert stored is not None and all(value.startswith("enc1:") and "CANARY" not in value for value in stored)
    fresh = SafeContactPreference.objects.current_preferences(person)[Channel.SMS].record
    assert fresh is not None and fresh.code_word == "CANARY-BLUEBELL"
    entry = AuditEntry.objects.get(action="people.safe_contact.set")
    assert entry.details == {"person_id": str(person.pk), "channel": "sms", "status": "safe", "version": 1}


def test_it_lets_key_rotation_re_encrypt_history_rows(idva_a: User, settings: Any) -> None:
    person = PersonFactory()
    safe_contact_set(person=person, channel=Channel.SMS, status=SafeStatus.SAFE, code_word="Bluebell", by=idva_a)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS + ",t2:" + crypto.generate_key()
    call_command("rotate_keys", stdout=StringIO())
    row = SafeContactPreference.objects.get(person=person)
    assert SafeContactPreference._meta.get_field("code_word").stored_value(row).startswith("enc1:t2:")  # type: ignore[union-attr]
    assert row.code_word == "Bluebell"
