"""The people-causing-harm API, mounted at /api/v1/people-causing-harm by vawg/api/api.py.

Every operation needs ``api.use_api`` and ``intelligence.view_people_causing_harm`` and starts from
``PersonCausingHarm.objects.visible_to`` (a record the caller may not see is 404, and is in no list or
count). Each answer that shows people writes one audit entry, as the pages do. Never an address,
postcode, phone number or email: the schemas below have no such field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.models import User
from vawg.intelligence.config import VIEW_PEOPLE_CAUSING_HARM
from vawg.intelligence.presenters import harm as presenters
from vawg.intelligence.rules.serial import serial_assessment
from vawg.intelligence.selectors import harm as selectors
from vawg.intelligence.services import harm as services

router = Router(tags=["People causing harm"])
PER_PAGE = 50


class HarmErrorOut(Schema):
    detail: str


class HarmFieldErrorOut(Schema):
    field: str
    message: str


class HarmValidationErrorOut(Schema):
    detail: str
    errors: list[HarmFieldErrorOut]


class HarmListItemOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    is_serial: bool
    is_restricted: bool
    held_by: str


class HarmListOut(Schema):
    items: list[HarmListItemOut]
    count: int


class ForceReferenceOut(Schema):
    force: str
    reference: str


class SerialOut(Schema):
    is_serial: bool
    assessed_at: datetime | None
    victims_today: int
    records_today: int
    rule_version: str


class HarmCaseOut(Schema):
    id: UUID
    reference: str
    victim_name: str
    relationship_to_victim: str


class PoliceVictimOut(Schema):
    name: str
    force: str
    incidents: int


class IncidentOut(Schema):
    occurred_on: date
    offence_code: str
    offence: str
    is_crime: bool
    outcome_code: str
    district: str
    force: str


class ScoreOut(Schema):
    as_of: date
    rank: int
    total: float
    recency: int
    frequency: int
    frequency_12m: int
    gravity: float
    gravity_max: float
    victims: int


class HarmOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    aliases: list[str]
    date_of_birth: date | None
    held_by: str
    is_restricted: bool
    force_references: list[ForceReferenceOut]
    serial: SerialOut
    cases: list[HarmCaseOut]
    police_victims: list[PoliceVictimOut]
    police_victims_of_other_forces: int
    incidents: list[IncidentOut]
    latest_score: ScoreOut | None


_ERRORS: dict[int, Any] = {401: HarmErrorOut, 403: HarmErrorOut, 404: HarmErrorOut}


def _caller(request: AuthenticatedHttpRequest) -> User:
    user = request.user  # ApiTokenAuth set it
    if not (user.has_perm("api.use_api") and user.has_perm(VIEW_PEOPLE_CAUSING_HARM)):
        raise PermissionDenied
    return user


@router.get(
    "",
    response={200: HarmListOut, 401: HarmErrorOut, 403: HarmErrorOut, 422: HarmValidationErrorOut},
    summary="People causing harm the caller may see, 50 a page",
    description=(
        "name: each word in the given name, family name or an alias. serial=true: only those flagged serial. "
        "A page out of range has no items; count is the number found either way. The call is audited with "
        "the filters used and the number found, never the name."
    ),
)
def person_causing_harm_list(
    request: AuthenticatedHttpRequest, name: str = "", serial: bool = False, page: int = 1
) -> dict[str, Any]:
    user = _caller(request)
    records = selectors.people_causing_harm_matching(
        selectors.people_causing_harm_for(user=user, serial=serial), name=name[:200]
    )
    start = (page - 1) * PER_PAGE
    rows = list(records[start : start + PER_PAGE]) if page >= 1 else []
    count = records.count()
    if name.strip():
        services.people_causing_harm_search_record(by=user, fields_used=["name"], results=count, request=request)
    else:
        services.people_causing_harm_list_record(by=user, serial=serial, page=page, rows=len(rows), request=request)
    items = [
        {
            "id": record.pk,
            "given_name": record.person.given_name,
            "family_name": record.person.family_name,
            "date_of_birth": record.person.date_of_birth,
            "is_serial": record.is_serial,
            "is_restricted": record.is_restricted,
            "held_by": record.owning_organisation.name,
        }
        for record in rows
    ]
    return {"items": items, "count": count}


@router.get(
    "/{id}",
    response={200: HarmOut, **_ERRORS},
    summary="One person causing harm: who they are, the serial flag, cases, victims, incidents, latest score",
)
def person_causing_harm_detail(request: AuthenticatedHttpRequest, id: UUID) -> dict[str, Any]:
    user = _caller(request)
    record = selectors.person_causing_harm_get_for(user=user, person_causing_harm_id=id)
    services.person_causing_harm_view_record(record=record, by=user, request=request)
    today = timezone.localdate()
    basis = serial_assessment(selectors.serial_encounters([record])[record.pk], on=today)
    incidents = selectors.incidents_of(record)
    victims = presenters.police_victims(incidents, selectors.forces_of(user))
    score = selectors.latest_rfg_score(record)
    person = record.person
    return {
        "id": record.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "aliases": [alias.name for alias in person.aliases.all()],
        "date_of_birth": person.date_of_birth,
        "held_by": record.owning_organisation.name,
        "is_restricted": record.is_restricted,
        "force_references": [
            {"force": ref.organisation.name, "reference": ref.reference}
            for ref in selectors.force_references_of(record)
        ],
        "serial": {
            "is_serial": record.is_serial,
            "assessed_at": record.serial_assessed_at,
            "victims_today": basis.victims,
            "records_today": basis.encounters,
            "rule_version": basis.version,
        },
        "cases": [
            {
                "id": party.case.pk,
                "reference": party.case.reference,
                "victim_name": party.case.victim.full_name,
                "relationship_to_victim": party.relationship_to_victim,
            }
            for party in selectors.cases_of(record=record, user=user)
        ],
        "police_victims": [{"name": row.name, "force": row.force, "incidents": row.incidents} for row in victims.named],
        "police_victims_of_other_forces": victims.unnamed,
        "incidents": [
            {
                "occurred_on": incident.occurred_on,
                "offence_code": incident.offence_code,
                "offence": presenters.offence_label(incident.offence_code),
                "is_crime": incident.is_crime,
                "outcome_code": incident.outcome_code,
                "district": incident.district.name if incident.district else "",
                "force": incident.organisation.name,
            }
            for incident in incidents
        ],
        "latest_score": (
            {
                "as_of": score.run.as_of,
                "rank": score.rank,
                "total": score.total,
                "recency": score.recency,
                "frequency": score.frequency,
                "frequency_12m": score.frequency_12m,
                "gravity": score.gravity,
                "gravity_max": score.gravity_max,
                "victims": score.victims,
            }
            if score
            else None
        ),
    }
