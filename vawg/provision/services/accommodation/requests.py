"""Requests for safe accommodation, raised from a victim's case by a worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import District, Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.core.models import save_valid
from vawg.provision.config import (
    REQUEST_ACCOMMODATION,
    UNABLE_TO_SUPPORT_REASONS,
    RequestState,
    ReservationState,
)
from vawg.provision.models import (
    AccommodationRequest,
    RequestStateChange,
)
from vawg.provision.services.accommodation.common import (
    _end_live_reservations,
    _may,
    _move_request,
    _raised_request,
)


@dataclass(frozen=True)
class RequestInput:
    urgency: str
    adults: int
    children: list[dict[str, Any]]
    survivor_age: int
    survivor_gender: str
    needed_from: date | None = None
    wheelchair: bool = False
    pets: bool = False
    nrpf: bool = False
    languages: tuple[str, ...] = ()
    specialisms: tuple[str, ...] = ()
    specialist_characteristics: tuple[str, ...] = ()
    excluded_districts: tuple[District, ...] = ()
    notes: str = ""


@transaction.atomic
def accommodation_request_raise(
    *, by: User, case: Case, organisation: Organisation, answers: RequestInput
) -> AccommodationRequest:
    """A request for safe accommodation for the victim of ``case`` (open, seen by ``by``), raised at
    ``organisation``."""
    if not _may(by, organisation, REQUEST_ACCOMMODATION) or not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise Http404("No such case")
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it to ask for accommodation")
    request = AccommodationRequest(
        case=case,
        organisation=organisation,
        created_by=by,
        urgency=answers.urgency,
        needed_from=answers.needed_from or timezone.localdate(),
        adults=answers.adults,
        children=list(answers.children),
        survivor_age=answers.survivor_age,
        survivor_gender=answers.survivor_gender,
        wheelchair=answers.wheelchair,
        pets=answers.pets,
        nrpf=answers.nrpf,
        languages=list(answers.languages),
        specialisms=list(answers.specialisms),
        specialist_characteristics=list(answers.specialist_characteristics),
        notes=answers.notes.strip(),
    )
    save_valid(request)
    request.excluded_districts.set(answers.excluded_districts)
    save_valid(RequestStateChange(request=request, state=RequestState.OPEN, created_by=by))
    audit_record(
        action="provision.accommodation_request.create",
        by=by,
        obj=request,
        agency_id=organisation.pk,
        details={"case": str(case.pk), "urgency": request.urgency, "household": request.household_size},
    )
    return request


@transaction.atomic
def accommodation_request_close(
    *, by: User, request: AccommodationRequest, reason_code: str, note: str = ""
) -> AccommodationRequest:
    """Close an open request without a placement: the household could not be supported, for ``reason_code``
    (counted in the Part 4 return). A live reservation on it is cancelled."""
    request = _raised_request(by=by, request_id=request.pk)
    if reason_code not in UNABLE_TO_SUPPORT_REASONS:
        raise ValidationError({"reason_code": "Select why the household could not be supported"})
    _end_live_reservations(request=request, by=by, to=ReservationState.CANCELLED, reason="Request closed")
    _move_request(request=request, to=RequestState.CLOSED, by=by, reason=note.strip(), code=reason_code)
    audit_record(
        action="provision.accommodation_request.close",
        by=by,
        obj=request,
        agency_id=request.organisation_id,
        details={"reason_code": reason_code},
    )
    return request


@transaction.atomic
def accommodation_request_withdraw(*, by: User, request: AccommodationRequest, reason: str) -> AccommodationRequest:
    """Withdraw an open request that is no longer needed (not counted as "unable to support")."""
    request = _raised_request(by=by, request_id=request.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request is withdrawn"})
    _end_live_reservations(request=request, by=by, to=ReservationState.CANCELLED, reason="Request withdrawn")
    _move_request(request=request, to=RequestState.WITHDRAWN, by=by, reason=reason.strip())
    audit_record(
        action="provision.accommodation_request.withdraw", by=by, obj=request, agency_id=request.organisation_id
    )
    return request
