"""Writing people-causing-harm records: create one for a Person, and who may see it (agencies working
with them, grants, the deny-list, restriction and the named team).

Every write runs in a transaction, validates its rows (``save_valid``) and writes one audit entry with
ids and codes only: never a name, never a location field (docs/people-causing-harm.md).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.intelligence.models import HarmAgency, HarmAgencyReason, PersonCausingHarm
from vawg.people.models import Person


@transaction.atomic
def person_causing_harm_ensure(
    *,
    person: Person,
    organisation: Organisation,
    reason: HarmAgencyReason | str,
    by: User | None = None,
    system_job: str = "",
) -> PersonCausingHarm:
    """The record for ``person`` (created, owned by ``organisation``, when there is none), with an open
    ``HarmAgency(organisation, reason)``. Idempotent: calling it twice adds nothing the second time.

    Creating the record writes ``intelligence.person_causing_harm.create``; adding the agency link
    writes ``intelligence.harm_agency.add``. Exactly one of ``by`` and ``system_job``.
    """
    require_one_author(by=by, system_job=system_job)
    reason = HarmAgencyReason(reason)
    record = PersonCausingHarm.objects.select_for_update().filter(person=person).first()
    if record is None:
        record = PersonCausingHarm(
            person=person,
            owning_organisation=organisation,
            created_by=by,
            system_job="" if by is not None else system_job,
        )
        try:
            with transaction.atomic():
                save_valid(record)
        except IntegrityError:  # created meanwhile by a parallel transaction: use theirs
            record = PersonCausingHarm.objects.select_for_update().get(person=person)
        else:
            audit_record(
                action="intelligence.person_causing_harm.create",
                obj=record,
                details={"person_id": str(person.pk), "reason": reason.value},
                by=by,
                system_job=system_job,
            )
    open_link = HarmAgency.objects.filter(
        person_causing_harm=record, organisation=organisation, reason=reason, ended_at__isnull=True
    ).exists()
    if not open_link:
        link = HarmAgency(
            person_causing_harm=record,
            organisation=organisation,
            reason=reason,
            added_by=by,
            system_job="" if by is not None else system_job,
        )
        save_valid(link)
        audit_record(
            action="intelligence.harm_agency.add",
            obj=record,
            details={"harm_agency_id": str(link.pk), "organisation_id": str(organisation.pk), "reason": reason.value},
            by=by,
            system_job=system_job,
        )
    return record
