"""Importing a police force's extract of domestic abuse incidents and crimes (docs/police-import.md).

All or nothing: the whole file is read and checked first (vawg/intelligence/imports/); a file with any
problem is refused with its report, stores nothing and is audited with its hash. An accepted file is
written in one transaction, in bulk (an extract may hold hundreds of thousands of rows; no query per row):

- people are found by the force's own reference (``ForceReference``); a reference the force has not sent
  before records a new ``people.Person`` (``people_create_bulk``: the same checks and encryption as
  ``person_create``). For a person already on record the import never changes a stored name, date of
  birth or postcode: it fills only what is empty, and counts the people whose stored name or date of
  birth differs from the file, for the force to check;
- the person causing harm in each row gets a ``PersonCausingHarm`` record, with the force as an agency
  working with them for its police data (as ``person_causing_harm_ensure`` does, in bulk);
- incidents are matched by the force and incident id: a new id is created, one with the same details
  again is left alone, one whose details changed (a later extract with an outcome) is updated.

After the transaction, the serial flag of the people causing harm touched is reassessed, and the people
of the import are searched for identity links.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.intelligence.config import IMPORT_POLICE_DATA
from vawg.intelligence.imports.outcomes import OPTIONAL_COLUMNS, outcome_fields
from vawg.intelligence.imports.police import MAX_ROWS, Extract, IncidentRecord, PersonDetails, extract_read
from vawg.intelligence.imports.report import ExtractError, Report
from vawg.intelligence.models import (
    ForceReference,
    HarmAgency,
    HarmAgencyReason,
    PersonCausingHarm,
    PoliceImport,
    PoliceIncident,
)
from vawg.intelligence.offences import OFFENCES_VERSION
from vawg.intelligence.services.linkage import links_find_for_import
from vawg.intelligence.services.serial import serial_assess
from vawg.people.models import Person
from vawg.people.services import PersonDraft, people_create_bulk, person_details_fill

BATCH = 2000  # rows per bulk insert or update, ids per IN (...) read, ids per audit entry
INCIDENT_FIELDS = (
    "occurred_on",
    "offence_code",
    "is_crime",
    "outcome_code",
    "district_id",
    "perpetrator_id",
    "victim_id",
    *OPTIONAL_COLUMNS,  # stored as the fields of the same names
)
T = TypeVar("T")


class PoliceImportRejected(Exception):  # noqa: N818 -- the name the other parts call
    """The file was refused and nothing was stored; ``report`` lists the problems."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"The police extract was refused with {report.total} problems")
        self.report = report


def chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def max_rows() -> int:
    """The most rows one file may hold (``POLICE_IMPORT_MAX_ROWS``; docs/police-import.md)."""
    return int(getattr(settings, "POLICE_IMPORT_MAX_ROWS", MAX_ROWS))


def forces_for(user: User) -> list[Organisation]:
    """The police forces for which ``user`` may import data, by name."""
    holding = Membership.objects.active().of_active_user(user).holding(IMPORT_POLICE_DATA).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=holding, type=OrganisationType.POLICE).order_by("name"))


def _check_force(*, organisation: Organisation, by: User | None) -> None:
    if organisation.type != OrganisationType.POLICE or not organisation.is_active:
        raise ValidationError("Police data can only be imported for an active police force")
    if by is not None and organisation.pk not in {force.pk for force in forces_for(by)}:
        raise ValidationError("You cannot import police data for this force")


def police_import(
    *, organisation: Organisation, file_name: str, data: bytes, by: User | None = None, system_job: str = ""
) -> PoliceImport:
    """Import one extract for the force ``organisation``, all or nothing; raise ``PoliceImportRejected``
    (after auditing ``intelligence.police_import.reject`` with the file's hash) if any row is bad.

    Then reassess the serial flag of the people causing harm it touched and look for identity links
    among its people: call it outside any transaction, so that those see what it stored.
    """
    require_one_author(by=by, system_job=system_job)
    _check_force(organisation=organisation, by=by)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        extract = extract_read(
            data,
            districts=District.objects.values_list("name", flat=True),
            today=timezone.localdate(),
            max_rows=max_rows(),
        )
    except ExtractError as error:
        report = error.report
        audit_record(
            action="intelligence.police_import.reject",
            object_type=PoliceImport._meta.label_lower,
            agency_id=organisation.pk,
            by=by,
            system_job=system_job,
            details={"sha256": sha256, "problems": report.total, "rows": report.rows, "encoding": report.encoding},
        )
        raise PoliceImportRejected(report) from None
    stored, touched = _store(
        extract=extract, organisation=organisation, file_name=file_name, sha256=sha256, by=by, system_job=system_job
    )
    # Each runs its own transactions and audits what it changes; a failure here leaves the import stored.
    serial_assess(people_causing_harm=touched, by=by, system_job=system_job or "police_import")
    links_find_for_import(police_import=stored, by=by, system_job=system_job)
    return stored


@transaction.atomic
def _store(
    *, extract: Extract, organisation: Organisation, file_name: str, sha256: str, by: User | None, system_job: str
) -> tuple[PoliceImport, list[PersonCausingHarm]]:
    # One import per force at a time: the second waits here (SQLite serialises writers anyway).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    job = "" if by is not None else system_job
    stored = PoliceImport(
        organisation=organisation,
        file_name=file_name[:255],
        sha256=sha256,
        encoding=extract.encoding,
        rows=extract.rows,
        created_by=by,
        system_job=job,
    )
    save_valid(stored)
    people = _People(organisation=organisation, by=by, system_job=system_job)
    person_ids = people.ensure(extract.people)
    harm_ids = _people_causing_harm_ensure(
        person_ids=[person_ids[ref] for ref in sorted(extract.perpetrator_refs)],
        organisation=organisation,
        by=by,
        system_job=system_job,
    )
    counts, touched_ids = _incidents_upsert(
        incidents=extract.incidents,
        police_import=stored,
        optional_columns=extract.optional_columns,
        person_ids=person_ids,
        harm_ids=harm_ids,
        by=by,
        system_job=system_job,
    )
    stored.incidents_created, stored.incidents_updated, stored.incidents_unchanged = counts
    stored.people_created, stored.people_filled, stored.people_differing = (
        people.created,
        people.filled,
        people.differing,
    )
    save_valid(stored)
    audit_record(
        action="intelligence.police_import.create",
        obj=stored,
        by=by,
        system_job=system_job,
        details={
            "sha256": sha256,
            "rows": stored.rows,
            "encoding": stored.encoding,
            "offences_version": OFFENCES_VERSION,
            "incidents_created": stored.incidents_created,
            "incidents_updated": stored.incidents_updated,
            "incidents_unchanged": stored.incidents_unchanged,
            "people_created": stored.people_created,
            "people_filled": stored.people_filled,
            "people_differing": stored.people_differing,
        },
    )
    ordered = sorted(touched_ids)
    touched = [record for chunk in chunks(ordered) for record in PersonCausingHarm.objects.filter(pk__in=chunk)]
    return stored, touched


class _People:
    """Finds each force reference's person, recording the new ones; counts what it did."""

    def __init__(self, *, organisation: Organisation, by: User | None, system_job: str) -> None:
        self.organisation = organisation
        self.by = by
        self.system_job = system_job
        self.created = self.filled = self.differing = 0

    def ensure(self, people: dict[str, PersonDetails] | Any) -> dict[str, Any]:
        """Force reference -> person id, for every person in the file."""
        refs = sorted(people)
        known: dict[str, Any] = {}
        for chunk in chunks(refs):
            known.update(
                ForceReference.objects.filter(organisation=self.organisation, reference__in=chunk).values_list(
                    "reference", "person_id"
                )
            )
        self._reconcile({known[ref]: people[ref] for ref in refs if ref in known})
        new_refs = [ref for ref in refs if ref not in known]
        # A batch at a time, so memory stays bounded; the transaction around the import keeps it all or nothing.
        for chunk in chunks(new_refs):
            created = people_create_bulk(
                drafts=[
                    PersonDraft(
                        given_name=people[ref].given_name,
                        family_name=people[ref].family_name,
                        date_of_birth=people[ref].date_of_birth,
                        postcode=people[ref].postcode,
                    )
                    for ref in chunk
                ],
                by=self.by,
                system_job=self.system_job,
            )
            self.created += len(created)
            references = [
                ForceReference(person=person, organisation=self.organisation, reference=ref)
                for ref, person in zip(chunk, created, strict=True)
            ]
            _bulk_create(
                ForceReference,
                references,
                action="intelligence.force_reference.create",
                ids_key="force_reference_ids",
                agency_id=self.organisation.pk,
                by=self.by,
                system_job=self.system_job,
            )
            known.update((reference.reference, reference.person_id) for reference in references)
        return known

    def _reconcile(self, found: dict[Any, PersonDetails]) -> None:
        """People already on record: keep what is stored, fill what is empty, count the differences."""
        if not found:
            return
        to_fill: list[Any] = []
        ids = list(found)
        for chunk in chunks(ids):
            rows = (
                Person.objects.filter(pk__in=chunk)
                .annotate(has_postcode=ExpressionWrapper(~Q(postcode=""), output_field=BooleanField()))
                .values_list("pk", "given_name", "family_name", "date_of_birth", "has_postcode")
            )
            for pk, given, family, born, has_postcode in rows:
                details = found[pk]
                names_differ = _differs(given, details.given_name) or _differs(family, details.family_name)
                if names_differ or (born and details.date_of_birth and born != details.date_of_birth):
                    self.differing += 1
                empty = (
                    (not given and details.given_name)
                    or (not family and details.family_name)
                    or (not born and details.date_of_birth)
                    or (not has_postcode and details.postcode)
                )
                if empty:
                    to_fill.append(pk)
        # Rare after the first import of a force's data: one person at a time, through the people app.
        for person in (person for chunk in chunks(to_fill) for person in Person.objects.filter(pk__in=chunk)):
            details = found[person.pk]
            filled = person_details_fill(
                person=person,
                given_name=details.given_name,
                family_name=details.family_name,
                date_of_birth=details.date_of_birth,
                postcode=details.postcode,
                by=self.by,
                system_job=self.system_job,
            )
            self.filled += bool(filled)


def _differs(stored: str, offered: str) -> bool:
    return bool(stored and offered) and stored.casefold() != offered.casefold()


def _people_causing_harm_ensure(
    *, person_ids: list[Any], organisation: Organisation, by: User | None, system_job: str
) -> dict[Any, Any]:
    """Person id -> PersonCausingHarm id for each person, as ``person_causing_harm_ensure`` leaves them
    (a record owned by the force when there was none, and an open police-data agency link for the force),
    in bulk: audited with the same actions, one entry per batch listing the ids."""
    job = "" if by is not None else system_job
    records: dict[Any, Any] = {}
    for chunk in chunks(person_ids):
        found = dict(PersonCausingHarm.objects.filter(person_id__in=chunk).values_list("person_id", "pk"))
        new = [
            PersonCausingHarm(person_id=person_id, owning_organisation=organisation, created_by=by, system_job=job)
            for person_id in chunk
            if person_id not in found
        ]
        _bulk_create(
            PersonCausingHarm,
            new,
            action="intelligence.person_causing_harm.create",
            ids_key="person_causing_harm_ids",
            agency_id=organisation.pk,
            by=by,
            system_job=system_job,
            details={"reason": HarmAgencyReason.POLICE_DATA.value},
        )
        found.update((record.person_id, record.pk) for record in new)
        linked = set(
            HarmAgency.objects.filter(
                person_causing_harm_id__in=list(found.values()),
                organisation=organisation,
                reason=HarmAgencyReason.POLICE_DATA,
                ended_at__isnull=True,
            ).values_list("person_causing_harm_id", flat=True)
        )
        links = [
            HarmAgency(
                person_causing_harm_id=harm_id,
                organisation=organisation,
                reason=HarmAgencyReason.POLICE_DATA,
                added_by=by,
                system_job=job,
            )
            for harm_id in found.values()
            if harm_id not in linked
        ]
        _bulk_create(
            HarmAgency,
            links,
            action="intelligence.harm_agency.add",
            ids_key="harm_agency_ids",
            agency_id=organisation.pk,
            by=by,
            system_job=system_job,
            details={"organisation_id": str(organisation.pk), "reason": HarmAgencyReason.POLICE_DATA.value},
        )
        records.update(found)
    return records


def _incidents_upsert(
    *,
    incidents: Sequence[IncidentRecord],
    police_import: PoliceImport,
    optional_columns: frozenset[str],
    person_ids: dict[str, Any],
    harm_ids: dict[Any, Any],
    by: User | None,
    system_job: str,
) -> tuple[tuple[int, int, int], set[Any]]:
    """Create the new incidents and update the changed ones; ((created, updated, unchanged), the ids of
    the people causing harm whose incidents changed, before and after)."""
    organisation = police_import.organisation
    districts = {name: pk for pk, name in District.objects.values_list("pk", "name")}
    created = updated = unchanged = 0
    touched: set[Any] = set()
    now = timezone.now()  # bulk_update does not run the models' own timestamping
    # A batch at a time: what is stored, what to create, what to update (bounded memory at any size).
    for batch in chunks(incidents):
        stored = {
            row["incident_id"]: row
            for row in PoliceIncident.objects.filter(
                organisation=organisation, incident_id__in=[incident.incident_id for incident in batch]
            ).values("pk", "incident_id", *INCIDENT_FIELDS)
        }
        new: list[PoliceIncident] = []
        changed: list[PoliceIncident] = []
        for incident in batch:
            wanted = {
                "occurred_on": incident.occurred_on,
                "offence_code": incident.offence_code,
                "is_crime": incident.is_crime,
                "outcome_code": incident.outcome_code,
                "district_id": districts.get(incident.district) if incident.district else None,
                "perpetrator_id": harm_ids[person_ids[incident.perpetrator_ref]],
                "victim_id": person_ids[incident.victim_ref],
            }
            before = stored.get(incident.incident_id)
            wanted |= outcome_fields(incident.outcome, incident.outcome_code, before, given=optional_columns)
            if before is None:
                new.append(
                    PoliceIncident(
                        organisation=organisation,
                        incident_id=incident.incident_id,
                        first_import=police_import,
                        last_import=police_import,
                        **wanted,
                    )
                )
                touched.add(wanted["perpetrator_id"])
            elif any(before[name] != value for name, value in wanted.items()):
                changed.append(
                    PoliceIncident(
                        pk=before["pk"],
                        organisation=organisation,
                        incident_id=incident.incident_id,
                        last_import=police_import,
                        updated_at=now,
                        **wanted,
                    )
                )
                touched.update((before["perpetrator_id"], wanted["perpetrator_id"]))
            else:
                unchanged += 1
        # The import's own audit entry accounts for the incidents it creates (each names it as first_import).
        _bulk_create(PoliceIncident, new, agency_id=organisation.pk, by=by, system_job=system_job)
        if changed:
            _incidents_update(changed, police_import=police_import, by=by, system_job=system_job)
        created, updated = created + len(new), updated + len(changed)
    return (created, updated, unchanged), touched


def _incidents_update(
    rows: list[PoliceIncident], *, police_import: PoliceImport, by: User | None, system_job: str
) -> None:
    for row in rows:
        _validate(row)
    PoliceIncident.objects.bulk_update(rows, [*INCIDENT_FIELDS, "last_import_id", "updated_at"])
    audit_record(
        action="intelligence.police_incident.update",
        object_type=PoliceIncident._meta.label_lower,
        agency_id=police_import.organisation_id,
        by=by,
        system_job=system_job,
        details={
            "police_import_id": str(police_import.pk),
            "police_incident_ids": [str(row.pk) for row in rows],
            "count": len(rows),
        },
    )


def _validate(row: models.Model) -> None:
    """The row's fields (types, lengths, choices, the model's ``clean()``). The foreign keys are not
    looked up again row by row: this service has just read or created every row they point to."""
    foreign_keys = [field.name for field in row._meta.concrete_fields if field.is_relation]
    row.clean_fields(exclude=foreign_keys)
    row.clean()


def _bulk_create(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    action: str | None = None,
    ids_key: str = "ids",
    agency_id: Any,
    by: User | None,
    system_job: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Validate every row, then insert them in batches with one audit entry per batch listing the ids
    (no ``action``: rows another audit entry accounts for)."""
    for row in rows:
        _validate(row)
    for batch in chunks(rows):
        model._default_manager.bulk_create(batch)
        if action:
            audit_record(
                action=action,
                object_type=model._meta.label_lower,
                agency_id=agency_id,
                by=by,
                system_job=system_job,
                details={**(details or {}), ids_key: [str(row.pk) for row in batch], "count": len(batch)},
            )
