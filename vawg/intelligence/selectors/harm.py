"""Reads of people-causing-harm records, each starting at ``PersonCausingHarm.objects.visible_to``
(docs/people-causing-harm.md): one record (404 otherwise), the list and search, what the record page
shows, and the encounters the serial flag is assessed from.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_read
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.intelligence.config import MANAGE_PEOPLE_CAUSING_HARM, VIEW_PEOPLE_CAUSING_HARM
from vawg.intelligence.models import (
    ForceReference,
    HarmAccessGrant,
    HarmAgency,
    HarmDenyEntry,
    HarmTeamMember,
    IdentityLink,
    PersonCausingHarm,
    PersonCausingHarmQuerySet,
    PoliceIncident,
    RfgScore,
)
from vawg.intelligence.rules.serial import Encounter
from vawg.intelligence.selectors.linkage import SAME_PERSON, person_clusters
from vawg.people.models import Person, PersonAlias

NO_SUCH_RECORD = "No such person causing harm."
CHUNK = 500  # ids per IN list
Row = TypeVar("Row", bound=Model)


def _chunks(ids: Collection[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    items = sorted(ids)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# One record ---------------------------------------------------------------------------------------


def person_causing_harm_get_for(*, user: User, person_causing_harm_id: uuid.UUID | str) -> PersonCausingHarm:
    """The record if ``user`` may see it; otherwise 404, exactly as for one that does not exist."""
    try:
        record = (
            PersonCausingHarm.objects.visible_to(user)
            .select_related("person", "owning_organisation")
            .get(pk=person_causing_harm_id)
        )
    except (PersonCausingHarm.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(NO_SUCH_RECORD) from None
    return audit_read(action="intelligence.person_causing_harm.view", obj=record)


def _managing_agencies(user: User) -> Iterable[uuid.UUID]:
    return (
        Membership.objects.active()
        .filter(user=user.pk, user__is_active=True, role__in=holders_of(MANAGE_PEOPLE_CAUSING_HARM))
        .values_list("organisation_id", flat=True)
    )


def managed_by(user: User) -> PersonCausingHarmQuerySet:
    """Visible records whose access ``user`` may manage: holders of ``manage_people_causing_harm`` at the
    owning agency."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm(MANAGE_PEOPLE_CAUSING_HARM):
        return PersonCausingHarm.objects.none()
    return PersonCausingHarm.objects.visible_to(user).filter(owning_organisation__in=list(_managing_agencies(user)))


def may_manage(*, user: User, record: PersonCausingHarm) -> bool:
    return managed_by(user).filter(pk=record.pk).exists()


def person_causing_harm_get_to_manage(*, user: User, person_causing_harm_id: uuid.UUID | str) -> PersonCausingHarm:
    """The record if ``user`` may manage who sees it; otherwise 404."""
    try:
        record = managed_by(user).select_related("person", "owning_organisation").get(pk=person_causing_harm_id)
    except (PersonCausingHarm.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404(NO_SUCH_RECORD) from None
    return audit_read(action="intelligence.person_causing_harm.view", obj=record)


def harm_agency_get_for(*, record: PersonCausingHarm, harm_agency_id: uuid.UUID) -> HarmAgency:
    return _current(HarmAgency.objects.filter(ended_at__isnull=True), record, harm_agency_id)


def harm_grant_get_for(*, record: PersonCausingHarm, grant_id: uuid.UUID) -> HarmAccessGrant:
    return _current(HarmAccessGrant.objects.filter(revoked_at__isnull=True), record, grant_id)


def harm_deny_entry_get_for(*, record: PersonCausingHarm, deny_entry_id: uuid.UUID) -> HarmDenyEntry:
    return _current(HarmDenyEntry.objects.filter(removed_at__isnull=True), record, deny_entry_id)


def harm_team_member_get_for(*, record: PersonCausingHarm, team_member_id: uuid.UUID) -> HarmTeamMember:
    return _current(HarmTeamMember.objects.filter(ended_at__isnull=True), record, team_member_id)


def _current(rows: QuerySet[Row], record: PersonCausingHarm, row_id: uuid.UUID) -> Row:
    """A current access row of ``record`` (404 for another record's, or one already ended)."""
    found = rows.filter(person_causing_harm=record, pk=row_id).first()
    if found is None:
        raise Http404("Not found.")
    return found


# Lists and search ---------------------------------------------------------------------------------


def people_causing_harm_for(*, user: User, serial: bool = False) -> PersonCausingHarmQuerySet:
    """The records ``user`` may see (the gate first: filters only narrow it), by family and given name."""
    records = PersonCausingHarm.objects.visible_to(user)
    if serial:
        records = records.serial()
    return records.select_related("person", "owning_organisation").order_by(
        "person__family_name", "person__given_name", "pk"
    )


def people_causing_harm_matching(
    records: PersonCausingHarmQuerySet,
    *,
    name: str = "",
    date_of_birth: date | None = None,
    force_reference: str = "",
) -> PersonCausingHarmQuerySet:
    """Narrow ``records`` (already through the gate) to those matching every term given: each word of
    ``name`` in the given name, family name or an alias; the exact date of birth; a force reference
    (exact, any case)."""
    for word in name.split():
        alias = PersonAlias.objects.filter(person=OuterRef("person"), name__icontains=word)
        records = records.filter(
            Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word) | Exists(alias)
        )
    if date_of_birth is not None:
        records = records.filter(person__date_of_birth=date_of_birth)
    if force_reference.strip():
        reference = ForceReference.objects.filter(person=OuterRef("person"), reference__iexact=force_reference.strip())
        records = records.filter(Exists(reference))
    return records


# What the record page shows -----------------------------------------------------------------------


def force_references_of(record: PersonCausingHarm) -> list[ForceReference]:
    return list(
        ForceReference.objects.filter(person=record.person_id).select_related("organisation").order_by("reference")
    )


def cases_of(*, record: PersonCausingHarm, user: User) -> list[CaseParty]:
    """The open person-causing-harm parties of this person on cases ``user`` may see (never a hint of the
    others), with the case and its victim."""
    return list(
        CaseParty.objects.filter(
            person=record.person_id,
            role=PartyRole.PERSON_CAUSING_HARM,
            ended_at__isnull=True,
            case__in=Case.objects.visible_to(user),
        )
        .select_related("case", "case__victim")
        .order_by("-added_at")
    )


def incidents_of(record: PersonCausingHarm) -> list[PoliceIncident]:
    return list(
        PoliceIncident.objects.filter(perpetrator=record)
        .select_related("district", "organisation", "victim")
        .order_by("-occurred_on", "incident_id")
    )


def forces_of(user: User) -> set[uuid.UUID]:
    """The agencies where ``user`` holds ``view_people_causing_harm``: the forces whose own data they may
    read in full (the names of victims known only from that force's incidents)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        Membership.objects.active()
        .filter(user=user.pk, user__is_active=True, role__in=holders_of(VIEW_PEOPLE_CAUSING_HARM))
        .values_list("organisation_id", flat=True)
    )


def latest_rfg_score(record: PersonCausingHarm) -> RfgScore | None:
    return RfgScore.objects.filter(person_causing_harm=record).select_related("run").order_by("-run__as_of").first()


# Identity clusters and the serial flag's encounters -----------------------------------------------


def cluster_members(person_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """Each given Person id with every record in its identity cluster (itself included): records joined
    by links that are linked or accepted, followed outward until no new id appears."""
    neighbours: dict[uuid.UUID, set[uuid.UUID]] = {pid: set() for pid in person_ids}
    frontier = set(neighbours)
    while frontier:
        found: set[uuid.UUID] = set()
        for chunk in _chunks(frontier):
            rows = (
                IdentityLink.objects.filter(current_state__in=SAME_PERSON)
                .filter(Q(left_id__in=chunk) | Q(right_id__in=chunk))
                .values_list("left_id", "right_id")
            )
            for left, right in rows:
                for node, other in ((left, right), (right, left)):
                    if node not in neighbours:
                        neighbours[node] = set()
                        found.add(node)
                    neighbours[node].add(other)
        frontier = found
    members: dict[uuid.UUID, frozenset[uuid.UUID]] = {}
    for start in person_ids:
        if start in members:
            continue
        seen, stack = {start}, [start]
        while stack:
            for other in neighbours.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        component = frozenset(seen)
        for pid in component:
            members[pid] = component
    return {pid: members[pid] for pid in person_ids}


@dataclass(frozen=True)
class _Harm:
    harmer: uuid.UUID  # the Person recorded as causing harm
    victim: uuid.UUID
    on: date


def _harms_by(person_ids: Collection[uuid.UUID]) -> list[_Harm]:
    """Every recorded harm by these people: police incidents (suspect or offender) and open
    person-causing-harm parties on cases (the case's victim, on the day the party was added)."""
    harms: list[_Harm] = []
    for chunk in _chunks(person_ids):
        incidents = PoliceIncident.objects.filter(perpetrator__person_id__in=chunk).values_list(
            "perpetrator__person_id", "victim_id", "occurred_on"
        )
        harms += [_Harm(harmer, victim, on) for harmer, victim, on in incidents]
        parties = CaseParty.objects.filter(
            person_id__in=chunk, role=PartyRole.PERSON_CAUSING_HARM, ended_at__isnull=True
        ).values_list("person_id", "case__victim_id", "added_at")
        harms += [_Harm(harmer, victim, timezone.localdate(added)) for harmer, victim, added in parties]
    return harms


def _people(ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Person]:
    found: dict[uuid.UUID, Person] = {}
    for chunk in _chunks(ids):
        rows = Person.objects.filter(pk__in=chunk).only("date_of_birth", "approximate_age", "created_at")
        found |= {person.pk: person for person in rows}
    return found


def serial_encounters(records: Sequence[PersonCausingHarm]) -> dict[uuid.UUID, list[Encounter]]:
    """For each record (by its id), the encounters of the serial rule gathered over every Person record
    in its own identity cluster, each victim given as its cluster's representative. Reads a bounded
    number of queries per 500 people, whatever the number of records."""
    members = cluster_members({record.person_id for record in records})
    harmer_ids = set().union(*members.values()) if members else set()
    harms = _harms_by(harmer_ids)
    victim_ids = {harm.victim for harm in harms}
    people = _people(victim_ids | harmer_ids)
    representative = person_clusters(victim_ids | harmer_ids)
    by_harmer: dict[uuid.UUID, list[_Harm]] = {}
    for harm in harms:
        by_harmer.setdefault(harm.harmer, []).append(harm)
    result: dict[uuid.UUID, list[Encounter]] = {}
    for record in records:
        cluster = members[record.person_id]
        own = representative.get(record.person_id, record.person_id)
        encounters = []
        for harmer in cluster:
            for harm in by_harmer.get(harmer, ()):
                victim = representative.get(harm.victim, harm.victim)
                if victim == own:
                    continue  # a record of harm to oneself is a data error, never a victim
                victim_person, harmer_person = people.get(harm.victim), people.get(harm.harmer)
                encounters.append(
                    Encounter(
                        victim=victim,
                        on=harm.on,
                        victim_age=victim_person.age_on(harm.on) if victim_person else None,
                        harmer_age=harmer_person.age_on(harm.on) if harmer_person else None,
                    )
                )
        result[record.pk] = encounters
    return result


def serial_person_ids(person_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people are flagged serial: their own record is, or a record linked to theirs
    (linked or accepted) is. One query, whatever the number of ids."""
    if not person_ids:
        return set()
    serial = PersonCausingHarm.objects.filter(is_serial=True)
    person = OuterRef("pk")
    own = Exists(serial.filter(person=person))
    linked = Exists(
        IdentityLink.objects.filter(current_state__in=SAME_PERSON).filter(
            Q(left=person, right__causing_harm__is_serial=True) | Q(right=person, left__causing_harm__is_serial=True)
        )
    )
    return set(Person.objects.filter(pk__in=list(person_ids)).filter(own | linked).values_list("pk", flat=True))
