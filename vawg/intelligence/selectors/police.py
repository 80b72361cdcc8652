"""Reads of police imports: only those of the forces for which the user may import data (404 otherwise)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vawg.accounts.models import User
from vawg.intelligence.models import IdentityLink, PoliceImport, PoliceIncident
from vawg.intelligence.services.police import forces_for


def police_imports_for(user: User) -> QuerySet[PoliceImport]:
    """The imports of every force for which ``user`` may import data, newest first."""
    return PoliceImport.objects.filter(organisation__in=[force.pk for force in forces_for(user)]).select_related(
        "organisation", "created_by"
    )


def police_import_get_for(*, user: User, police_import_id: UUID) -> PoliceImport:
    found = police_imports_for(user).filter(pk=police_import_id).first()
    if found is None:
        raise Http404
    return found


def police_import_link_counts(police_import: PoliceImport) -> dict[str, int]:
    """How many identity links touch the people of ``police_import``'s incidents, by state (counts only)."""
    incidents = PoliceIncident.objects.filter(Q(first_import=police_import) | Q(last_import=police_import))
    victims = incidents.values("victim_id")
    perpetrators = incidents.values("perpetrator__person_id")
    people = Q(left__in=victims) | Q(right__in=victims) | Q(left__in=perpetrators) | Q(right__in=perpetrators)
    rows: Any = IdentityLink.objects.filter(people).values("current_state").annotate(count=Count("pk"))
    return {row["current_state"]: row["count"] for row in rows}
