"""The cases API, mounted at /api/v1/cases by vawg/api/api.py.

Every operation starts from ``Case.objects.visible_to`` (a case the caller may not see is 404) and needs
``api.use_api`` and ``cases.view_cases``. ``mine=true`` lists the cases where the caller is on the open case
team or opened the case (``created_by``: the case's own record of who holds it personally). Reading one
case is audited as the case page is (``cases.case.view``). Never an address or contact detail.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Status
from ninja.errors import ValidationError as ApiValidationError

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.models import User
from vawg.cases import selectors, services
from vawg.cases.models import VIEW_CASES, Case, CaseParty
from vawg.cases.schemas import (
    CaseErrorOut,
    CaseListOut,
    CaseOut,
    CaseValidationErrorOut,
    PartyCreatedOut,
    PartyIn,
)

router = Router(tags=["Cases"])

PER_PAGE = 50
_ERRORS: dict[int, Any] = {401: CaseErrorOut, 403: CaseErrorOut, 404: CaseErrorOut}


def _caller(request: AuthenticatedHttpRequest) -> User:
    user = request.user  # ApiTokenAuth set it
    if not (user.has_perm("api.use_api") and user.has_perm(VIEW_CASES)):
        raise PermissionDenied
    return user


@router.get(
    "",
    response={200: CaseListOut, 401: CaseErrorOut, 403: CaseErrorOut, 422: CaseValidationErrorOut},
    summary="Cases the caller may see, 50 a page",
    description=(
        "mine=true: only cases where the caller is on the open case team or opened the case. "
        "A page out of range has no items; count is the number of cases either way."
    ),
)
def case_list(request: AuthenticatedHttpRequest, mine: bool = False, page: int = 1) -> dict[str, Any]:
    user = _caller(request)
    cases = Case.objects.visible_to(user)
    if mine:
        cases = cases.filter(selectors.whose_filter(user, "mine"))
    cases = cases.order_by("-created_at", "pk")
    start = (page - 1) * PER_PAGE
    fields = ("id", "reference", "current_risk_level", "current_status")
    rows = cases.values(*fields)[start : start + PER_PAGE] if page >= 1 else []  # out of range: no items
    items = [
        {
            "id": row["id"],
            "reference": row["reference"],
            "risk_level": row["current_risk_level"],
            "status": row["current_status"],
        }
        for row in rows
    ]
    return {"items": items, "count": cases.count()}


@router.get("/{id}", response={200: CaseOut, **_ERRORS}, summary="One case: its victim's name and the people around it")
def case_detail(request: AuthenticatedHttpRequest, id: UUID) -> dict[str, Any]:
    user = _caller(request)
    case = selectors.case_get_for(user=user, case_id=id)
    services.case_view_record(case=case, by=user, request=request)
    parties = CaseParty.objects.current().filter(case=case).select_related("person").order_by("added_at")
    victim = case.victim
    # Listed field by field: never an address, postcode, phone or email.
    return {
        "id": case.pk,
        "reference": case.reference,
        "risk_level": case.current_risk_level,
        "status": case.current_status,
        "victim": {
            "given_name": victim.given_name,
            "family_name": victim.family_name,
            "date_of_birth": victim.date_of_birth,
        },
        "parties": [
            {
                "id": party.pk,
                "role": party.role,
                "given_name": party.person.given_name,
                "family_name": party.person.family_name,
                "date_of_birth": party.person.date_of_birth,
                "relationship_to_victim": party.relationship_to_victim,
            }
            for party in parties
        ],
    }


@router.post(
    "/{id}/parties",
    response={201: PartyCreatedOut, **_ERRORS, 422: CaseValidationErrorOut},
    summary="Record a person causing harm, a child or another adult at risk on a case",
    description=(
        "404 for a case the caller may not see; 403 for one they may see but not change. Errors name the field."
    ),
)
def case_party_create(request: AuthenticatedHttpRequest, id: UUID, payload: PartyIn) -> Status[dict[str, Any]]:
    user = _caller(request)
    case = selectors.case_get_for(user=user, case_id=id)
    try:
        party = services.case_party_add(by=user, case=case, request=request, **payload.dict())
    except ValidationError as exc:
        raise _invalid(exc) from exc
    return Status(201, {"id": party.pk})


def _invalid(exc: ValidationError) -> ApiValidationError:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return ApiValidationError(
        [
            {"loc": ("body", "payload", field) if field != "__all__" else ("body", "payload"), "msg": message}
            for field, field_messages in messages.items()
            for message in field_messages
        ]
    )
