"""Writing people-causing-harm records: create one for a Person, and who may see it (agencies working
with them, grants, the deny-list, restriction and the named team).

Every write runs in a transaction, validates its rows (``save_valid``) and writes one audit entry with
ids and codes only: never a name, never a location field (docs/people-causing-harm.md).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record, require_one_author
from vawg.cases.models import CaseParty, PartyRole
from vawg.core.models import save_valid
from vawg.intelligence.models import HarmAgency, HarmAgencyReason, PersonCausingHarm
from vawg.intelligence.selectors.harm import cluster_members
from vawg.intelligence.services.serial import serial_assess
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


@transaction.atomic
def harm_agency_work_end(
    *,
    record: PersonCausingHarm,
    organisation: Organisation,
    reason: HarmAgencyReason | str,
    by: User | None = None,
    system_job: str = "",
) -> HarmAgency | None:
    """End ``organisation``'s open ``HarmAgency(reason)`` link to ``record`` because the work it stood for has
    ended (a programme referral closed, say): the counterpart of ``person_causing_harm_ensure``, for the
    service whose work it was, not a manager's decision (that is ``harm_access.harm_agency_end``). Nothing
    when there is no open link. Writes ``intelligence.harm_agency.end``. Exactly one of ``by`` and
    ``system_job``."""
    require_one_author(by=by, system_job=system_job)
    reason = HarmAgencyReason(reason)
    link = (
        HarmAgency.objects.select_for_update()
        .filter(person_causing_harm=record, organisation=organisation, reason=reason, ended_at__isnull=True)
        .first()
    )
    if link is None:
        return None
    link.ended_at, link.ended_by = timezone.now(), by
    save_valid(link, update_fields=["ended_at", "ended_by", "updated_at"])
    audit_record(
        action="intelligence.harm_agency.end",
        obj=record,
        details={"harm_agency_id": str(link.pk), "organisation_id": str(organisation.pk), "reason": reason.value},
        by=by,
        system_job=system_job,
    )
    return link


# People causing harm on cases (cases' CASE_PARTY_ADDED, registered in IntelligenceConfig.ready()) ----

BACKFILL_JOB = "people_causing_harm_backfill"


def _assess_cluster_of(record: PersonCausingHarm, *, by: User | None, system_job: str) -> None:
    """Reassess the serial flag of ``record`` and of every record of the same human (linked records)."""
    members = cluster_members([record.person_id])[record.person_id]
    records = list(PersonCausingHarm.objects.filter(person_id__in=members))
    serial_assess(people_causing_harm=records, by=by, system_job="" if by is not None else system_job)


def case_party_added(party: CaseParty, by: User) -> None:
    """A person causing harm recorded on a case has a record of their own, which the case's owning agency
    holds (``HarmAgency`` reason OWNS); their serial flag is assessed at once. Other roles: nothing."""
    if party.role != PartyRole.PERSON_CAUSING_HARM or party.ended_at is not None:
        return
    record = person_causing_harm_ensure(
        person=party.person, organisation=party.case.owning_organisation, reason=HarmAgencyReason.OWNS, by=by
    )
    _assess_cluster_of(record, by=by, system_job="")


def people_causing_harm_backfill(*, system_job: str = BACKFILL_JOB) -> int:
    """Do for every open person-causing-harm party already stored what ``case_party_added`` does for a new
    one (idempotent: a record or agency link that exists is left as it is), then assess every record's
    serial flag. Returns the number of parties gone through."""
    parties = (
        CaseParty.objects.filter(role=PartyRole.PERSON_CAUSING_HARM, ended_at__isnull=True)
        .select_related("person", "case__owning_organisation")
        .order_by("added_at", "pk")
    )
    count = 0
    for party in parties.iterator(chunk_size=500):
        person_causing_harm_ensure(
            person=party.person,
            organisation=party.case.owning_organisation,
            reason=HarmAgencyReason.OWNS,
            system_job=system_job,
        )
        count += 1
    serial_assess(system_job=system_job)
    return count


# Recorded reads ------------------------------------------------------------------------------------


def person_causing_harm_view_record(*, record: PersonCausingHarm, by: User, request: HttpRequest | None = None) -> None:
    """Record that ``by`` opened the record (page or API; call after the gate let them)."""
    audit_record(action="intelligence.person_causing_harm.view", by=by, obj=record, request=request)


def people_causing_harm_list_record(
    *, by: User, serial: bool, page: int, rows: int, request: HttpRequest | None = None
) -> None:
    """Audit a page of the list: the filter, the page and how many records it showed (never a name)."""
    audit_record(
        action="intelligence.person_causing_harm.list",
        by=by,
        request=request,
        details={"serial": serial, "page": page, "rows": rows},
    )


def people_causing_harm_search_record(
    *, by: User, fields_used: list[str], results: int, request: HttpRequest | None = None
) -> None:
    """Audit a search: which fields were used and how many records were found, never the values."""
    audit_record(
        action="intelligence.person_causing_harm.search",
        by=by,
        request=request,
        details={"fields": sorted(fields_used), "results": results},
    )
