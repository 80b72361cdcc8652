"""While a person is an active MATAC subject, the coordinating agency and every agency invited to a meeting
where they are on the agenda work with them: an open ``HarmAgency(reason=MATAC)``, so the people-causing-
harm gate lets those agencies' members see the record. The links end when the subject exits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.models import HarmAgency, HarmAgencyReason, MatacSubject
from vawg.intelligence.services.harm import person_causing_harm_ensure


@transaction.atomic
def matac_links_ensure(*, subject: MatacSubject, organisations: Iterable[Organisation], by: User) -> None:
    """An open MATAC link for ``subject``'s person for each of ``organisations`` (idempotent)."""
    person = subject.person_causing_harm.person
    for organisation in organisations:
        person_causing_harm_ensure(person=person, organisation=organisation, reason=HarmAgencyReason.MATAC, by=by)


@transaction.atomic
def matac_links_end(*, subject: MatacSubject, by: User) -> int:
    """End every open MATAC link for ``subject``'s person (at exit); how many ended."""
    links = HarmAgency.objects.select_for_update().filter(
        person_causing_harm=subject.person_causing_harm_id, reason=HarmAgencyReason.MATAC, ended_at__isnull=True
    )
    ended = 0
    for link in links:
        link.ended_at = timezone.now()
        link.ended_by = by
        save_valid(link)
        audit_record(
            action="intelligence.harm_agency.end",
            by=by,
            obj=subject.person_causing_harm,
            details={
                "harm_agency_id": str(link.pk),
                "organisation_id": str(link.organisation_id),
                "reason": HarmAgencyReason.MATAC.value,
                "matac_subject_id": str(subject.pk),
            },
        )
        ended += 1
    return ended
