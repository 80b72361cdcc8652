"""The referrals API, mounted at /api/v1/referrals by vawg/api/api.py.

``POST /api/v1/referrals`` makes a referral exactly as the professional form does (same
service, same rules). An ``Idempotency-Key`` header makes retries safe: the same key from
the same caller returns the first referral with 200 instead of 201 and creates nothing.
``GET /api/v1/referrals/{id}`` goes through ``Referral.objects.visible_to``: anything the
caller may not see is 404. Neither ever returns names, contact details or the account.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.errors import ValidationError as ApiValidationError

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.models import District
from vawg.referrals.models import Referral, ReferralRoute, ReferralSource, ReferralState, SubjectRole
from vawg.referrals.schemas import (
    ReferralErrorOut,
    ReferralIn,
    ReferralOut,
    ReferralValidationErrorOut,
    SafeContactIn,
)
from vawg.referrals.services.intake import (
    CREATE_PERMISSION,
    ReferralInput,
    SafeContactInput,
    referral_submit,
    referrer_organisation_for,
)

router = Router(tags=["Referrals"])

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
# Where a service-level error points in the request body.
_SUBJECT_FIELDS = frozenset({"given_name", "family_name", "date_of_birth", "approximate_age", "gender", "district"})
_SAFE_CONTACT_FIELDS = frozenset({"safe_from", "safe_until", "code_word", "what_may_be_said", "channel", "status"})


def _error_path(field: str) -> tuple[str, ...]:
    """Where a service-level error points, in the same form as ninja's own errors (body.payload....)."""
    if field in _SUBJECT_FIELDS:
        return ("body", "payload", "subject", field)
    if field in _SAFE_CONTACT_FIELDS:
        return ("body", "payload", "safe_contact", field)
    return ("body", "payload", field)


def _invalid(exc: ValidationError) -> ApiValidationError:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return ApiValidationError(
        [
            {"loc": _error_path(field) if field != "__all__" else ("body", "payload"), "msg": message}
            for field, field_messages in messages.items()
            for message in field_messages
        ]
    )


def _idempotency_key(request: HttpRequest) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ApiValidationError(
            [{"loc": ("header", IDEMPOTENCY_HEADER), "msg": f"Send 1 to {MAX_KEY_LENGTH} printable characters"}]
        )
    return key


def _input(payload: ReferralIn) -> ReferralInput:
    subject, safe = (
        payload.subject,
        payload.safe_contact
        or SafeContactIn.model_construct(
            channels={}, safe_from=None, safe_until=None, code_word="", what_may_be_said=""
        ),
    )
    district = None
    if subject.district:
        district = District.objects.filter(slug=subject.district).first()
        if district is None:
            raise ApiValidationError(
                [{"loc": _error_path("district"), "msg": "Give the slug of a district the partnership covers"}]
            )
    return ReferralInput(
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
        approximate_age=subject.approximate_age,
        gender=subject.gender,
        district=district,
        phone=subject.phone,
        email=subject.email,
        subject_role=SubjectRole.VICTIM,
        forms_of_abuse=list(payload.forms_of_abuse),
        children_in_household=payload.children_in_household,
        children_details=payload.children_details,
        consent=payload.consent,
        lawful_basis=payload.lawful_basis or "",
        consent_reason=payload.consent_reason,
        safe_contact=SafeContactInput(
            channels=dict(safe.channels),
            safe_from=safe.safe_from,
            safe_until=safe.safe_until,
            code_word=safe.code_word,
            what_may_be_said=safe.what_may_be_said,
        ),
        risk_tool=payload.risk_tool,
        risk_score=payload.risk_score,
        risk_grade=payload.risk_grade,
        needs=list(payload.needs),
        urgency=payload.urgency,
        details=payload.details,
    )


def referral_out(referral: Referral) -> dict[str, Any]:
    """Listed field by field: nothing about the person, their contact or the referrer's account."""
    return {
        "id": referral.pk,
        "reference": referral.reference,
        "state": referral.current_state,
        "state_name": referral.get_current_state_display(),
        "state_history": [
            {
                "state": status.state,
                "state_name": status.get_state_display(),
                "at": status.created_at,
                "reason": status.reason if status.state == ReferralState.DECLINED else "",
            }
            for status in referral.statuses.all()
        ],
        "routes": [
            {
                "service_kind": route.service_kind,
                "service_name": route.get_service_kind_display(),
                "organisation": route.organisation.name if route.organisation else None,
            }
            for route in referral.routes.all()
        ],
        "first_contact_due": referral.first_contact_due,
    }


def _with_history(queryset: Any) -> Any:
    return queryset.prefetch_related(
        "statuses", Prefetch("routes", queryset=ReferralRoute.objects.select_related("organisation"))
    )


@router.post(
    "",
    response={
        200: ReferralOut,
        201: ReferralOut,
        401: ReferralErrorOut,
        403: ReferralErrorOut,
        422: ReferralValidationErrorOut,
    },
    summary="Make a referral",
    description=(
        "The same questions and rules as the professional referral form. Send an Idempotency-Key header to make "
        "retries safe: the same key returns the first referral (200) and creates nothing; a new referral is 201. "
        "Errors name the field."
    ),
)
def referral_create(request: AuthenticatedHttpRequest, payload: ReferralIn) -> Status[Any]:
    user = request.user  # ApiTokenAuth set it
    if not (user.has_perm("api.use_api") and user.has_perm(CREATE_PERMISSION)):
        raise PermissionDenied
    key = _idempotency_key(request)
    try:
        referral, created = referral_submit(
            data=_input(payload),
            by=user,
            source=ReferralSource.PROFESSIONAL,
            idempotency_key=key,
            referrer_organisation=referrer_organisation_for(user),
            request=request,
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    fresh = _with_history(Referral.objects.filter(pk=referral.pk)).get()
    return Status(201 if created else 200, referral_out(fresh))


@router.get(
    "/{id}",
    response={200: ReferralOut, 401: ReferralErrorOut, 403: ReferralErrorOut, 404: ReferralErrorOut},
    summary="One referral: its state, history and routes",
)
def referral_detail(request: AuthenticatedHttpRequest, id: UUID) -> dict[str, Any]:
    user = request.user  # ApiTokenAuth set it
    if not user.has_perm("api.use_api"):
        raise PermissionDenied
    referral = _with_history(Referral.objects.visible_to(user)).filter(pk=id).first()
    if referral is None:
        raise Http404
    return referral_out(referral)
