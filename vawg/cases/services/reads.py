"""Recorded reads of a case: opening it, revealing the victim's contact details, searching.

Each writes one audit entry (ids and codes only: a search records which fields were used and how many
cases were found, never the values).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.cases.models import (
    Case,
)
from vawg.cases.services._common import required_text
from vawg.people.models import Person


@transaction.atomic
def case_view_record(*, case: Case, by: User, request: HttpRequest | None = None) -> None:
    """Record that ``user`` opened ``case`` (call after the gate let them, on every read)."""
    audit_record(action="cases.case.view", by=by, obj=case, request=request)


@transaction.atomic
def case_contact_reveal(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> Person:
    """Record that ``user`` is shown the victim's address and contact details, and why (docs/security.md#s-37).

    Call only after the gate let ``user`` see ``case``. Returns the victim to show.
    """
    reason = required_text(reason, field="reason", message="Enter why you need to see the contact details")
    audit_record(
        action="cases.victim_contact.reveal",
        by=by,
        obj=case.victim,
        agency_id=case.owning_organisation_id,
        purpose=reason,
        request=request,
        details={"case_id": str(case.pk)},
    )
    return case.victim


def case_search_record(*, by: User, fields_used: list[str], results: int, request: HttpRequest | None = None) -> None:
    """Audit a case search: which fields were used and how many cases were found, never the values."""
    audit_record(
        action="cases.case.search",
        by=by,
        request=request,
        details={"fields": sorted(fields_used), "results": results},
    )


def case_list_export_record(
    *, by: User, filters: dict[str, list[str]], rows: int, request: HttpRequest | None = None
) -> None:
    """Audit a download of the case list: the filter (codes only) and how many cases it held."""
    audit_record(
        action="cases.case_list.export",
        by=by,
        request=request,
        details={"filter": filters, "rows": rows},
    )
