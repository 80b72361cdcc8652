"""Writes to people and their safe contact. Outbound messages: vawg/people/services/messaging.py.

Audit details hold ids and codes only: never a name, address, number or code word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.people.models import (
    AliasKind,
    Channel,
    Gender,
    OutboundMessage,
    Person,
    PersonAlias,
    PersonRelationship,
    RefusalReason,
    RelationshipKind,
    SafeContactPreference,
    SafeStatus,
)
from vawg.people.services.messaging import messages_cancel_on_unsafe_channel


@transaction.atomic
def person_create(
    *,
    by: Any = None,
    system_job: str = "",
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    approximate_age: int | None = None,
    gender: str = Gender.NOT_KNOWN,
    district: Any = None,
    address: str = "",
    postcode: str = "",
    phone: str = "",
    email: str = "",
    equality: dict[str, Any] | None = None,
) -> Person:
    """Record a person. ``equality`` may hold ethnicity, disability, sexual_orientation, trans_status,
    first_language and interpreter_needed; none is required."""
    require_one_author(by=by, system_job=system_job)
    equality = _equality_fields(equality)
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        approximate_age=approximate_age,
        gender=gender,
        district=district,
        address=address,
        postcode=postcode,
        phone=phone,
        email=email,
        **equality,
    )
    save_valid(person)
    audit_record(action="people.person.create", obj=person, by=by, system_job=system_job)
    return person


@dataclass(frozen=True)
class PersonDraft:
    """A person to record in bulk: only what an extract from another system carries."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""


@transaction.atomic
def people_create_bulk(
    *, drafts: Sequence[PersonDraft], by: Any = None, system_job: str = "", batch_size: int = 2000
) -> list[Person]:
    """Record many people at once (a police extract brings hundreds of thousands), in ``drafts`` order.

    The same checks as ``person_create`` (every field, and the model's ``clean()``: a name, a date of birth
    in the past), all of them before anything is written; the same encryption of the postcode (the
    model's field seals each value for its row on insert). The table's one constraint, a date of birth or
    an approximate age but not both, holds by construction (a draft has no approximate age), so it is not
    asked of the database row by row. One ``people.person.create`` audit entry per batch lists the ids.
    """
    require_one_author(by=by, system_job=system_job)
    people = [
        Person(
            given_name=draft.given_name.strip(),
            family_name=draft.family_name.strip(),
            date_of_birth=draft.date_of_birth,
            postcode=draft.postcode,
        )
        for draft in drafts
    ]
    for person in people:
        # No query per row: the id is a new UUID, and the constraint holds by construction (above).
        person.full_clean(validate_unique=False, validate_constraints=False)
    for start in range(0, len(people), batch_size):
        batch = people[start : start + batch_size]
        Person.objects.bulk_create(batch)
        audit_record(
            action="people.person.create",
            object_type=Person._meta.label_lower,
            by=by,
            system_job=system_job,
            details={"person_ids": [str(person.pk) for person in batch], "count": len(batch)},
        )
    return people


@transaction.atomic
def person_details_fill(
    *,
    person: Person,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: date | None = None,
    postcode: str = "",
    by: Any = None,
    system_job: str = "",
) -> list[str]:
    """Fill the person's name, date of birth or postcode where what is stored is empty; never change a
    value already stored. Returns the names of the fields filled (one audit entry names them; none when
    nothing was empty)."""
    require_one_author(by=by, system_job=system_job)
    offered = {
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "date_of_birth": date_of_birth,
        "postcode": postcode,
    }
    filled = [name for name, value in offered.items() if value and not getattr(person, name)]
    if not filled:
        return []
    for name in filled:
        setattr(person, name, offered[name])
    save_valid(person, update_fields=[*filled, "updated_at"])
    audit_record(action="people.person.fill", obj=person, by=by, system_job=system_job, details={"fields": filled})
    return filled


# The equality-monitoring fields of a person (docs/domain/equality-data.md): never required.
EQUALITY_FIELDS = frozenset(
    {"ethnicity", "disability", "sexual_orientation", "trans_status", "first_language", "interpreter_needed"}
)


def _equality_fields(equality: dict[str, Any] | None) -> dict[str, Any]:
    equality = dict(equality or {})
    unknown = set(equality) - EQUALITY_FIELDS
    if unknown:
        raise ValueError(f"Not equality fields: {sorted(unknown)}")
    return equality


@transaction.atomic
def person_equality_record(*, person: Person, equality: dict[str, Any], by: Any = None, system_job: str = "") -> Person:
    """Record the equality-monitoring answers in ``equality`` (any of EQUALITY_FIELDS; others are left as
    they are). The audit entry names the fields recorded, never the answers (special category data)."""
    require_one_author(by=by, system_job=system_job)
    equality = _equality_fields(equality)
    for field, value in equality.items():
        setattr(person, field, value)
    save_valid(person)
    audit_record(
        action="people.equality.record",
        obj=person,
        by=by,
        system_job=system_job,
        details={"fields": sorted(equality)},
    )
    return person


@transaction.atomic
def person_alias_add(
    *, person: Person, name: str, kind: AliasKind = AliasKind.ALIAS, by: Any = None, system_job: str = ""
) -> PersonAlias:
    require_one_author(by=by, system_job=system_job)
    alias = PersonAlias(person=person, name=name.strip(), kind=kind)
    save_valid(alias)
    audit_record(
        action="people.alias.add",
        obj=alias,
        details={"person_id": str(person.pk), "kind": str(kind)},
        by=by,
        system_job=system_job,
    )
    return alias


@transaction.atomic
def person_relationship_add(
    *, person: Person, other: Person, kind: RelationshipKind, by: Any = None, system_job: str = ""
) -> PersonRelationship:
    """Record that ``person`` is the ``kind`` of ``other``."""
    require_one_author(by=by, system_job=system_job)
    relationship = PersonRelationship(person=person, other=other, kind=kind)
    save_valid(relationship)
    audit_record(
        action="people.relationship.add",
        obj=relationship,
        details={"person_id": str(person.pk), "other_id": str(other.pk), "kind": str(kind)},
        by=by,
        system_job=system_job,
    )
    return relationship


@transaction.atomic
def safe_contact_set(
    *,
    person: Person,
    channel: Channel,
    status: SafeStatus,
    safe_from: time | None = None,
    safe_until: time | None = None,
    what_may_be_said: str = "",
    code_word: str = "",
    contact_detail: str = "",
    review_on: date | None = None,
    by: Any = None,
    system_job: str = "",
) -> tuple[SafeContactPreference, list[OutboundMessage]]:
    """Record a person's new safe contact preference for one channel (a new history row).

    When the channel is no longer safe, every queued message on it is cancelled in
    the same transaction. Returns the new row and the cancelled messages.
    """
    require_one_author(by=by, system_job=system_job)
    # Lock the person: message_send takes the same lock, so a send and a change never interleave.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    latest = SafeContactPreference.objects.filter(person=person, channel=channel).aggregate(v=Max("version"))["v"]
    preference = SafeContactPreference(
        person=person,
        channel=channel,
        version=(latest or 0) + 1,
        status=status,
        safe_from=safe_from,
        safe_until=safe_until,
        what_may_be_said=what_may_be_said.strip(),
        code_word=code_word,
        contact_detail=contact_detail,
        review_on=review_on,
        created_by=by,
        system_job=system_job,
    )
    if status != SafeStatus.SAFE and (safe_from or safe_until):
        raise ValidationError({"safe_from": "Only give safe times for a channel that is safe"})
    preference.full_clean(exclude=["version"])
    preference.save()
    audit_record(
        action="people.safe_contact.set",
        obj=preference,
        details={
            "person_id": str(person.pk),
            "channel": str(channel),
            "status": str(status),
            "version": preference.version,
        },
        by=by,
        system_job=system_job,
    )
    cancelled: list[OutboundMessage] = []
    if status != SafeStatus.SAFE:
        reason = RefusalReason.NOT_KNOWN if status == SafeStatus.NOT_KNOWN else RefusalReason.UNSAFE
        cancelled = messages_cancel_on_unsafe_channel(
            person=person, channel=channel, reason=reason, by=by, system_job=system_job
        )
    return preference, cancelled
