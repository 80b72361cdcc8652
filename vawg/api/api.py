"""The API at /api/v1/ (django-ninja). Docs at /api/v1/docs, schema at /api/v1/openapi.json.

Every operation needs a personal bearer token (vawg/api/auth.py) unless it says
``auth=None``; function-level permissions are the same roles table as the web
(``request.user.has_perm``). Errors are JSON ``{"detail": ...}``; validation
errors name the field. Each call writes one audit entry (vawg/api/middleware.py).
"""

from __future__ import annotations

import logging
from uuid import UUID

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vawg.accounts.models import District, Organisation, OrganisationQuerySet, OrganisationType, User
from vawg.accounts.roles import PERMISSIONS
from vawg.accounts.selectors import my_work_counts
from vawg.api.auth import ApiTokenAuth
from vawg.api.models import ApiToken
from vawg.api.openapi import PartnershipAPI
from vawg.api.schemas import (
    AUTH_ERRORS,
    AgencyOut,
    ErrorOut,
    HealthOut,
    MeOut,
    MyWorkOut,
    ValidationErrorOut,
)
from vawg.cases.api import router as cases_router
from vawg.intelligence.api.harm import router as harm_router
from vawg.justice.api.attrition import router as justice_router
from vawg.marac.api import router as marac_router
from vawg.provision.api import accommodation_router, openreferral_router
from vawg.referrals.api import router as referrals_router
from vawg.risk.api import router as risk_router

logger = logging.getLogger(__name__)

NOT_FOUND = "Not found"
NO_PERMISSION = "You do not have permission"

api = PartnershipAPI(
    title="VAWG partnership platform API",
    version="1",
    description="Personal bearer tokens: make one at /account/api-tokens/.",
    urls_namespace="api",
    auth=ApiTokenAuth(),
    docs_url="/docs",
)
api.add_router("/cases", cases_router)
api.add_router("/risk", risk_router)
api.add_router("/referrals", referrals_router)
api.add_router("/marac", marac_router)
api.add_router("/accommodation", accommodation_router)
api.add_router("/openreferral", openreferral_router)
api.add_router("/people-causing-harm", harm_router)
api.add_router("/justice", justice_router)


# --- Errors: JSON, specific, and never a traceback. ---------------------------------------------


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": "Send a valid API token"}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": NO_PERMISSION}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Only where and what: the submitted value is never echoed back.
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "message": str(error.get("msg", "Invalid"))}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid input", "errors": errors}, status=422)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Over DATA_UPLOAD_MAX_MEMORY_SIZE: the caller's mistake, not a server error.
    return api.create_response(request, {"detail": "The request body is too large"}, status=413)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API call failed: %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Something went wrong"}, status=500)


def caller(request: HttpRequest) -> User:
    """The owner of the token this call carries (ApiTokenAuth has checked it)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user


def require_permission(request: HttpRequest, perm: str) -> None:
    """403 unless the caller holds ``perm`` (from vawg/accounts/roles.py)."""
    if not caller(request).has_perm(perm):
        raise PermissionDenied


# --- Operations. ------------------------------------------------------------------------------


@api.get("/health", auth=None, response={200: HealthOut, 503: HealthOut}, summary="Service health")
def health(request: HttpRequest) -> Status[dict[str, str]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return Status(503, {"status": "error", "database": "unavailable"})
    return Status(200, {"status": "ok", "database": "ok"})


@api.get("/me", response={200: MeOut, **AUTH_ERRORS}, summary="The caller's account")
def me(request: HttpRequest) -> dict[str, object]:
    user = caller(request)
    return {
        "email": user.email,
        "full_name": user.full_name,
        "memberships": [
            {
                "agency": {"id": m.organisation.id, "name": m.organisation.name},
                "role": m.role,
                "role_name": m.get_role_display(),
            }
            for m in user.active_memberships()
        ],
        "permissions": sorted(perm for perm in PERMISSIONS if user.has_perm(perm)),
    }


@api.get("/me/work", response={200: MyWorkOut, **AUTH_ERRORS}, summary="What is waiting for the caller")
def me_work(request: HttpRequest) -> dict[str, int]:
    """The counts on the caller's "My work" (docs/my-work.md), through each record's gate."""
    counts = my_work_counts(caller(request))
    return {key: counts.get(key, 0) for key in MyWorkOut.model_fields}


def _agencies() -> OrganisationQuerySet:
    return Organisation.objects.active().prefetch_related(
        Prefetch("districts", queryset=District.objects.only("id", "name"))
    )


def _agency_out(agency: Organisation) -> dict[str, object]:
    # Listed field by field: confidential_address must never leave the server.
    return {
        "id": agency.id,
        "name": agency.name,
        "type": agency.type,
        "type_name": agency.get_type_display(),
        "districts": [district.name for district in agency.districts.all()],
    }


@api.get(
    "/agencies",
    response={200: list[AgencyOut], **AUTH_ERRORS, 422: ValidationErrorOut},
    summary="Partner agencies",
)
def agencies(request: HttpRequest, type: OrganisationType | None = None) -> list[dict[str, object]]:
    require_permission(request, "accounts.view_agency_directory")
    queryset = _agencies()
    if type is not None:
        queryset = queryset.filter(type=type)
    return [_agency_out(agency) for agency in queryset]


@api.get(
    "/agencies/{id}",
    response={200: AgencyOut, **AUTH_ERRORS, 404: ErrorOut, 422: ValidationErrorOut},
    summary="One partner agency",
)
def agency(request: HttpRequest, id: UUID) -> dict[str, object]:
    require_permission(request, "accounts.view_agency_directory")
    found = _agencies().filter(pk=id).first()
    if found is None:
        raise Http404
    return _agency_out(found)
