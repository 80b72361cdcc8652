"""Recorded reads of accommodation requests (a request says who needs a place, and for a worker, on which case)."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.provision.models import AccommodationRequest


def accommodation_request_view_record(
    *, requests: Sequence[AccommodationRequest], by: User, view: str, request: HttpRequest | None = None
) -> None:
    """Record that ``by`` was shown ``requests`` (after their gate let them) in one entry: the first request,
    the others by id, and which view (``worker`` or ``provider``). Nothing is written when none was shown."""
    if not requests:
        return
    first = requests[0]
    audit_record(
        action="provision.accommodation_request.view",
        by=by,
        obj=first,
        agency_id=first.organisation_id,
        request=request,
        details={"view": view, "count": len(requests), "also": [str(shown.pk) for shown in requests[1:]]},
    )
