"""people_create_bulk and person_details_fill: many people at once with person_create's checks, and filling
only what is empty."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from vawg.audit.models import AuditEntry
from vawg.people.models import Person
from vawg.people.services import PersonDraft, people_create_bulk, person_create, person_details_fill

pytestmark = pytest.mark.django_db


def test_it_records_people_in_batches_with_one_audit_entry_each() -> None:
    drafts = [PersonDraft(given_name=f" Given{n} ", family_name="Example", postcode="ZZ1 1ZZ") for n in range(5)]
    people = people_create_bulk(drafts=drafts, system_job="tests", batch_size=2)
    assert [person.given_name for person in people] == [f"Given{n}" for n in range(5)]
    assert Person.objects.count() == 5
    entries = AuditEntry.objects.filter(action="people.person.create").order_by("seq")
    assert [entry.details["count"] for entry in entries] == [2, 2, 1]
    ids = [person_id for entry in entries for person_id in entry.details["person_ids"]]
    assert ids == [str(person.pk) for person in people]
    assert "Given" not in str([entry.details for entry in entries])


def test_it_encrypts_the_postcode_of_each_row() -> None:
    (person,) = people_create_bulk(drafts=[PersonDraft(family_name="Example", postcode="ZZ1 1ZZ")], system_job="t")
    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode FROM people_person")
        (stored,) = cursor.fetchone()
    assert "ZZ1" not in stored
    assert Person.objects.get(pk=person.pk).postcode == "ZZ1 1ZZ"


@pytest.mark.parametrize(
    "bad",
    [
        PersonDraft(given_name=" ", family_name=""),
        PersonDraft(given_name="A", date_of_birth=date(2999, 1, 1)),
        PersonDraft(given_name="N" * 101),
    ],
)
def test_it_checks_every_draft_before_writing_any(bad: PersonDraft) -> None:
    with pytest.raises(ValidationError):
        people_create_bulk(drafts=[PersonDraft(given_name="Fine"), bad], system_job="tests")
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="people.person.create").exists()


def test_it_fills_only_empty_fields() -> None:
    person = person_create(given_name="Ann", family_name="", system_job="tests")
    filled = person_details_fill(
        person=person,
        given_name="Anne",
        family_name="Example",
        date_of_birth=timezone.localdate() - timedelta(days=9000),
        postcode="ZZ2 2ZZ",
        system_job="tests",
    )
    assert filled == ["family_name", "date_of_birth", "postcode"]
    person = Person.objects.get(pk=person.pk)
    assert (person.given_name, person.family_name, person.postcode) == ("Ann", "Example", "ZZ2 2ZZ")
    entry = AuditEntry.objects.get(action="people.person.fill")
    assert entry.details == {"fields": filled}
    assert person_details_fill(person=person, given_name="Other", system_job="tests") == []
    assert AuditEntry.objects.filter(action="people.person.fill").count() == 1
