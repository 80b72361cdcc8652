"""Every page that shows a sensitive record writes exactly one audit entry.

The access-checked getters note what they hand out (``vawg.audit.services.audit_read``); this middleware
opens a ledger for each request and, when a signed-in user got a page (200) that showed such a record and
the request wrote no audit entry in their name (an explicit "view", "download" or a change), writes one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from vawg.audit.services import audit_unaudited_reads, read_ledger


class ReadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with read_ledger() as ledger:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code == 200 and user is not None and user.is_authenticated:
                audit_unaudited_reads(ledger=ledger, by=user, request=request)
        return response
