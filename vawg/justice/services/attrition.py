"""Writes for the attrition funnel: the audit entry of each download (no figures in it)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.justice.config.outcomes import OUTCOMES_VERSION


@transaction.atomic
def attrition_download_record(
    *, by: User, start: date, end: date, district_id: str, form: str, request: HttpRequest | None = None
) -> None:
    """One audit entry for a CSV download of the suppressed funnel: the period, filters and configuration."""
    audit_record(
        action="justice.attrition.download",
        by=by,
        obj=by,
        purpose="Crime outcomes: the attrition funnel",
        request=request,
        details={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "district_id": district_id,
            "form": form,
            "outcomes_version": OUTCOMES_VERSION,
        },
    )
