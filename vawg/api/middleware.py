"""One audit entry for every call to /api/, whatever its outcome.

A middleware (rather than a hook inside django-ninja) so that nothing under
/api/ escapes it: served calls, refused tokens (401), validation errors (422),
unknown records and unknown URLs (404), wrong methods (405) and crashes (500).
It also turns any error response that is not JSON yet (Django's own 404 and 500
pages, ninja's 405) into ``{"detail": ...}``.

Calls without a usable token are throttled per client address before anything else
happens: over API_UNAUTHENTICATED_PER_MINUTE they get 429 and write nothing. The
others share one audit entry per address a minute (docs/security.md#s-4).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from vawg.api.auth import token_from_header
from vawg.api.models import ApiToken
from vawg.api.services import api_call_allowance_take, api_call_unauthenticated_record, logged_path
from vawg.audit.services import audit_record

API_PREFIX = "/api/"
ERROR_DETAILS = {
    400: "Bad request",
    401: "Send a valid API token",
    403: "You do not have permission",
    404: "Not found",
    405: "Method not allowed",
    429: "Too many requests",
    500: "Something went wrong",
}


class ApiAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        # Who sent it, if anyone: a call with no usable token is counted (and perhaps refused) first.
        sender = token_from_header(request.headers.get("Authorization", ""))
        if sender is None and not api_call_allowance_take(request=request):
            refused = JsonResponse({"detail": ERROR_DETAILS[429]}, status=429)
            refused["Retry-After"] = "60"
            return refused
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            response = _as_json(response)
        _record_call(request, response.status_code, sender)
        return response


def _as_json(response: HttpResponse) -> HttpResponse:
    replacement = JsonResponse(
        {"detail": ERROR_DETAILS.get(response.status_code, "Request failed")}, status=response.status_code
    )
    for header in ("Allow", "WWW-Authenticate"):
        if header in response:
            replacement[header] = response[header]
    return replacement


def _record_call(request: HttpRequest, status: int, sender: ApiToken | None) -> None:
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        # Not through an authenticated operation (public, refused, or an unknown URL).
        token = sender
    if token is None:
        api_call_unauthenticated_record(request=request, status=status)
        return
    details: dict[str, object] = {
        "method": (request.method or "")[:10],
        "path": logged_path(request.path),
        "status": status,
    }
    # The object is the token used, so its owner can see what each of their tokens did.
    audit_record(action="api.call.serve", by=token.user, obj=token, request=request, details=details)
