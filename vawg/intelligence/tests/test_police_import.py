"""The police import service: all or nothing, idempotent, audited with the file's hash."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import DistrictFactory, MembershipFactory, OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import (
    ForceReference,
    HarmAgency,
    HarmAgencyReason,
    PersonCausingHarm,
    PoliceImport,
    PoliceIncident,
)
from vawg.intelligence.services.harm import person_causing_harm_ensure
from vawg.intelligence.services.police import PoliceImportRejected, police_import
from vawg.intelligence.tests.factories import POLICE_COLUMNS, police_csv, police_row
from vawg.people.models import Person
from vawg.people.services import person_create

pytestmark = pytest.mark.django_db

JOB = "tests"


@pytest.fixture
def force(agencies: Any) -> Any:
    return agencies.b


def run(force: Any, data: bytes, **kwargs: Any) -> PoliceImport:
    return police_import(organisation=force, file_name="extract.csv", data=data, system_job=JOB, **kwargs)


def snapshot() -> dict[str, Any]:
    """Every row count of the intelligence and people apps, and what the incidents and people hold."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("intelligence", "people")
        for model in apps.get_app_config(app).get_models()
    }
    return {
        "counts": counts,
        "incidents": sorted(
            PoliceIncident.objects.values_list(
                "incident_id", "occurred_on", "offence_code", "outcome_code", "updated_at"
            )
        ),
        "people": sorted(Person.objects.values_list("pk", "given_name", "family_name", "date_of_birth", "updated_at")),
    }


def two_incidents() -> bytes:
    return police_csv(
        police_row(),
        police_row(incident_id="INC-2", offence_code="NC", victim_force_ref="V-2", victim_given_name="Cara"),
    )


def test_it_imports_an_extract(force: Any) -> None:
    data = two_incidents()
    stored = run(force, data)
    assert (stored.rows, stored.incidents_created, stored.incidents_updated, stored.incidents_unchanged) == (2, 2, 0, 0)
    assert stored.people_created == 3
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.encoding == "utf-8"
    first = PoliceIncident.objects.get(organisation=force, incident_id="INC-1")
    assert (first.occurred_on, first.offence_code, first.is_crime) == (date(2025, 3, 5), "8N", True)
    assert PoliceIncident.objects.get(incident_id="INC-2").is_crime is False
    perpetrator = ForceReference.objects.get(organisation=force, reference="P-1").person
    assert (perpetrator.given_name, perpetrator.date_of_birth, perpetrator.postcode) == (
        "Adam",
        date(1980, 2, 1),
        "ZZ99 9ZZ",
    )
    record = PersonCausingHarm.objects.get(person=perpetrator)
    assert record.owning_organisation == force
    assert first.perpetrator == record
    assert HarmAgency.objects.filter(
        person_causing_harm=record, organisation=force, reason=HarmAgencyReason.POLICE_DATA, ended_at__isnull=True
    ).exists()
    victim = ForceReference.objects.get(organisation=force, reference="V-1").person
    assert first.victim == victim
    assert not PersonCausingHarm.objects.filter(person=victim).exists()


def test_it_stores_postcodes_encrypted(force: Any) -> None:
    run(force, police_csv(police_row(perpetrator_postcode="zz999zz")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode FROM people_person")
        stored = {value for (value,) in cursor.fetchall()}
    assert not any("ZZ99" in value for value in stored)
    assert ForceReference.objects.get(reference="P-1").person.postcode == "ZZ99 9ZZ"


def test_it_audits_an_import_with_the_files_hash_and_its_counts(force: Any) -> None:
    data = two_incidents()
    stored = run(force, data)
    entry = AuditEntry.objects.get(action="intelligence.police_import.create")
    assert entry.object_id == str(stored.pk)
    assert entry.agency_id == str(force.pk)
    assert entry.system_job == JOB
    assert entry.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert (entry.details["rows"], entry.details["incidents_created"], entry.details["people_created"]) == (2, 2, 3)
    people_entries = AuditEntry.objects.filter(action="people.person.create")
    assert sum(len(e.details["person_ids"]) for e in people_entries) == 3
    assert AuditEntry.objects.filter(action="intelligence.person_causing_harm.create").count() == 1
    assert AuditEntry.objects.filter(action="intelligence.harm_agency.add").count() == 1
    text = str(list(AuditEntry.objects.values_list("details", flat=True)))
    for value in ("Adam", "Beth", "Example", "ZZ99", "INC-1", "1980"):
        assert value not in text


def test_it_changes_nothing_when_the_same_file_comes_again(force: Any) -> None:
    data = two_incidents()
    run(force, data)
    before = snapshot()
    again = run(force, data)
    assert (again.incidents_created, again.incidents_updated, again.incidents_unchanged) == (0, 0, 2)
    assert (again.people_created, again.people_filled, again.people_differing) == (0, 0, 0)
    after = snapshot()
    after["counts"]["intelligence.PoliceImport"] -= 1  # the second import's own record
    assert after == before


def test_it_adds_only_new_incidents_and_updates_changed_outcomes_from_an_overlapping_extract(force: Any) -> None:
    first = run(force, two_incidents())
    overlap = police_csv(
        police_row(outcome_code="16"),
        police_row(incident_id="INC-2", offence_code="NC", victim_force_ref="V-2", victim_given_name="Cara"),
        police_row(incident_id="INC-3", occurred_on="06/03/2025", offence_code="8U"),
    )
    second = run(force, overlap)
    assert (second.incidents_created, second.incidents_updated, second.incidents_unchanged) == (1, 1, 1)
    assert second.people_created == 0
    assert PoliceIncident.objects.count() == 3
    updated = PoliceIncident.objects.get(incident_id="INC-1")
    assert (updated.outcome_code, updated.first_import, updated.last_import) == ("16", first, second)
    assert PoliceIncident.objects.get(incident_id="INC-2").last_import == first
    assert Person.objects.count() == 3
    entry = AuditEntry.objects.get(action="intelligence.police_incident.update")
    assert entry.details["police_incident_ids"] == [str(updated.pk)]


def test_it_keeps_what_is_stored_about_a_person_and_fills_only_what_was_empty(force: Any) -> None:
    run(force, police_csv(police_row(victim_date_of_birth="", victim_postcode="")))
    later = police_csv(
        police_row(
            incident_id="INC-2",
            perpetrator_given_name="Adrian",
            victim_date_of_birth="3/4/1990",
            victim_postcode="zz1 1zz",
        )
    )
    stored = run(force, later)
    assert (stored.people_created, stored.people_filled, stored.people_differing) == (0, 1, 1)
    perpetrator = ForceReference.objects.get(reference="P-1").person
    victim = ForceReference.objects.get(reference="V-1").person
    assert perpetrator.given_name == "Adam"
    assert (victim.date_of_birth, victim.postcode) == (date(1990, 4, 3), "ZZ1 1ZZ")
    fill = AuditEntry.objects.get(action="people.person.fill")
    assert (fill.object_id, fill.details) == (str(victim.pk), {"fields": ["date_of_birth", "postcode"]})


def test_it_counts_a_different_date_of_birth_on_record_and_keeps_it(force: Any) -> None:
    run(force, police_csv(police_row()))
    stored = run(force, police_csv(police_row(incident_id="INC-2", perpetrator_date_of_birth="02/02/1981")))
    assert (stored.people_differing, stored.people_filled) == (1, 0)
    assert ForceReference.objects.get(reference="P-1").person.date_of_birth == date(1980, 2, 1)


def test_it_adds_the_force_to_a_person_causing_harm_already_on_record(force: Any, agencies: Any) -> None:
    person = person_create(given_name="Adam", family_name="Example", system_job=JOB)
    record = person_causing_harm_ensure(
        person=person, organisation=agencies.a, reason=HarmAgencyReason.OWNS, system_job=JOB
    )
    ForceReference.objects.create(person=person, organisation=force, reference="P-1")
    run(force, police_csv(police_row()))
    record.refresh_from_db()
    assert record.owning_organisation == agencies.a
    assert set(HarmAgency.objects.filter(person_causing_harm=record).values_list("organisation", "reason")) == {
        (agencies.a.pk, HarmAgencyReason.OWNS),
        (force.pk, HarmAgencyReason.POLICE_DATA),
    }
    assert PoliceIncident.objects.get().perpetrator == record


def test_it_keeps_force_references_apart_between_forces(force: Any) -> None:
    other = OrganisationFactory(name="Another Constabulary (demo)", type=OrganisationType.POLICE)
    run(force, police_csv(police_row()))
    run(other, police_csv(police_row()))
    assert Person.objects.count() == 4
    assert PoliceIncident.objects.count() == 2


@pytest.mark.parametrize(
    ("encoding", "prefix", "recorded"),
    [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1252", b"", "windows-1252")],
)
def test_it_imports_accented_names_in_each_encoding(force: Any, encoding: str, prefix: bytes, recorded: str) -> None:
    data = prefix + police_csv(
        police_row(victim_given_name="Zoë", victim_family_name="Ó Súilleabháin"), encoding=encoding
    )
    stored = run(force, data)
    assert stored.encoding == recorded
    victim = ForceReference.objects.get(reference="V-1").person
    assert (victim.given_name, victim.family_name) == ("Zoë", "Ó Súilleabháin")


def test_it_finds_the_district_by_name(force: Any) -> None:
    district = DistrictFactory(name="North Vale")
    run(force, police_csv(police_row(district="north vale")))
    assert PoliceIncident.objects.get().district == district


BAD_ROWS = {
    "bad date": {"occurred_on": "31/02/2025"},
    "US-style date": {"occurred_on": "03/25/2025"},
    "two-digit year": {"occurred_on": "05/03/25"},
    "future date": {"occurred_on": "01/01/2999"},
    "unknown offence code": {"offence_code": "ZZ9"},
    "outcome on a non-crime": {"offence_code": "NC", "outcome_code": "16"},
    "bad outcome code": {"outcome_code": "99"},
    "formula in an id": {"incident_id": "=HYPERLINK(1)"},
    "formula in a date": {"occurred_on": "+05/03/2025"},
    "formula in a code": {"offence_code": "@SUM(1)"},
    "formula in a name": {"victim_given_name": "-Beth"},
    "formula in a postcode": {"victim_postcode": "\tZZ1 1ZZ"},
    "formula in a reference": {"perpetrator_force_ref": "\rP-1"},
    "empty names": {"victim_given_name": "", "victim_family_name": ""},
    "bad postcode": {"perpetrator_postcode": "ZZ99"},
}


@pytest.fixture
def on_record(force: Any) -> PoliceImport:
    return run(force, police_csv(police_row(incident_id="INC-0")))


@pytest.mark.parametrize("changes", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_it_rejects_the_whole_file_for_one_bad_row_and_changes_nothing(
    force: Any, on_record: PoliceImport, changes: dict[str, str]
) -> None:
    before = snapshot()
    data = police_csv(
        police_row(incident_id="INC-0", outcome_code="16"), police_row(**{"incident_id": "INC-2", **changes})
    )
    with pytest.raises(PoliceImportRejected) as caught:
        run(force, data)
    assert caught.value.report.total >= 1
    assert caught.value.report.problems[0].row == 3
    assert snapshot() == before


@pytest.mark.parametrize(
    "data",
    [
        police_csv(police_row(), columns=tuple(c for c in POLICE_COLUMNS if c != "district")),
        b"\xef\xbb\xbfincident_id\xff\xfe\r\n",
        b"\x00\x01\x02binary",
        police_csv(police_row(), police_row(outcome_code="16")),
    ],
    ids=["missing column", "bad encoding", "not text", "same incident with different content"],
)
def test_it_rejects_a_bad_file_and_changes_nothing(force: Any, on_record: PoliceImport, data: bytes) -> None:
    before = snapshot()
    with pytest.raises(PoliceImportRejected):
        run(force, data)
    assert snapshot() == before


def test_it_audits_a_rejected_file_with_its_hash_and_no_cell_contents(force: Any) -> None:
    data = police_csv(
        police_row(offence_code="ZZ9", victim_postcode="QQ9"), police_row(incident_id="INC-2", district="Nowhere")
    )
    with pytest.raises(PoliceImportRejected) as caught:
        run(force, data)
    assert caught.value.report.total == 3
    entry = AuditEntry.objects.get(action="intelligence.police_import.reject")
    assert entry.details == {"sha256": hashlib.sha256(data).hexdigest(), "problems": 3, "rows": 2, "encoding": "utf-8"}
    assert entry.agency_id == str(force.pk)
    assert not PoliceImport.objects.exists()


def test_it_refuses_an_organisation_that_is_not_a_police_force(agencies: Any) -> None:
    with pytest.raises(ValidationError):
        run(agencies.a, police_csv(police_row()))
    assert not AuditEntry.objects.filter(action__startswith="intelligence.police_import").exists()


def test_it_refuses_a_user_who_may_not_import_for_that_force(force: Any, police_b: Any, idva_a: Any) -> None:
    other = OrganisationFactory(name="Another Constabulary (demo)", type=OrganisationType.POLICE)
    with pytest.raises(ValidationError):
        police_import(organisation=other, file_name="x.csv", data=police_csv(police_row()), by=police_b)
    with pytest.raises(ValidationError):
        police_import(organisation=force, file_name="x.csv", data=police_csv(police_row()), by=idva_a)
    stored = police_import(organisation=force, file_name="x.csv", data=police_csv(police_row()), by=police_b)
    assert stored.created_by == police_b
    assert AuditEntry.objects.get(action="intelligence.police_import.create").actor_id == str(police_b.pk)


def test_it_lets_a_user_at_two_forces_import_for_either(force: Any) -> None:
    other = OrganisationFactory(name="Another Constabulary (demo)", type=OrganisationType.POLICE)
    officer = user_with_role(Role.POLICE, force, email="two.forces@example.invalid")
    MembershipFactory(user=officer, role=Role.POLICE, organisation=other)
    for organisation in (force, other):
        police_import(organisation=organisation, file_name="x.csv", data=police_csv(police_row()), by=officer)
    assert PoliceImport.objects.count() == 2
