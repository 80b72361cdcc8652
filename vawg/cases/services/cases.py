"""Opening, closing, reopening and restricting a case; its chronology and notes.

Each service is keyword-only, runs in one transaction, saves through ``save_valid`` (validated) and writes
exactly one audit entry (ids only, never case content). Views gate first (vawg/cases/selectors.py);
the rules that belong to the action itself (the status state machine) are enforced here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import District, Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.config import NOT_ASKED, closure_set_in_force
from vawg.cases.models import (
    STATUS_TRANSITIONS,
    VIEW_CASES,
    Case,
    CaseReferenceCounter,
    CaseRestrictionChange,
    CaseStatus,
    CaseStatusValue,
    ChronologyEntry,
    ChronologyKind,
    RiskLevel,
)
from vawg.cases.rules import closure_set_problems
from vawg.cases.services._common import required_text
from vawg.core.models import save_valid
from vawg.people.models import Person


def _next_reference() -> str:
    year = timezone.localdate().year
    counter, _ = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"C-{year}-{counter.last_number:06d}"


def _add_status(
    *,
    case: Case,
    status: str,
    reason: str,
    by: User,
    opening: bool = False,
    closure: dict[str, Any] | None = None,
    summary: str = "",
) -> CaseStatus:
    if not opening:
        # Lock the case and read its status afresh, so two people closing it at once cannot both succeed.
        case.current_status = Case.objects.select_for_update().only("current_status").get(pk=case.pk).current_status
    allowed = STATUS_TRANSITIONS[None if opening else case.current_status]
    if status not in allowed:
        current = CaseStatusValue(case.current_status).label.lower()
        wanted = CaseStatusValue(status).label.lower()
        raise ValidationError({"status": f"A case that is {current} cannot be {wanted}"})
    row = CaseStatus(case=case, status=status, reason=reason, created_by=by, **(closure or {}))
    save_valid(row)
    case.current_status = status
    case.save(update_fields=["current_status", "updated_at"])
    headline = f"{STATUS_SUMMARIES[status]}: {summary}" if summary else STATUS_SUMMARIES[status]
    _chronology(case=case, kind=ChronologyKind.STATUS, summary=headline, body=reason, by=by)
    return row


STATUS_SUMMARIES: dict[str, str] = {
    CaseStatusValue.OPEN: "Case opened",
    CaseStatusValue.CLOSED: "Case closed",
    CaseStatusValue.REOPENED: "Case reopened",
}


def _chronology(*, case: Case, kind: str, summary: str, body: str, by: User) -> ChronologyEntry:
    entry = ChronologyEntry(case=case, kind=kind, summary=summary, body=body, created_by=by)
    save_valid(entry)
    return entry


# Cases and their status ----------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    victim: Person,
    owning_organisation: Organisation,
    by: User,
    district: District | None = None,
    risk_level: str = RiskLevel.NOT_ASSESSED,
    request: HttpRequest | None = None,
) -> Case:
    """Open a new case for ``victim``, held by ``owning_organisation``."""
    if not by.has_perm(VIEW_CASES):
        raise PermissionDenied
    case = Case(
        reference=_next_reference(),
        victim=victim,
        owning_organisation=owning_organisation,
        district=district,
        current_risk_level=risk_level,
        created_by=by,
    )
    save_valid(case)
    _add_status(case=case, status=CaseStatusValue.OPEN, reason="", by=by, opening=True)
    audit_record(action="cases.case.open", by=by, obj=case, request=request)
    return case


@transaction.atomic
def case_close(
    *,
    case: Case,
    by: User,
    closure_reason: str,
    reason: str = "",
    exit_answers: Mapping[str, str] | None = None,
    request: HttpRequest | None = None,
) -> CaseStatus:
    """Close ``case`` for a coded reason of the closure configuration in force (vawg/cases/config.py), with
    the free-text reason (required for "other") and the exit answers (each optional: "not asked")."""
    closure_set = closure_set_in_force(timezone.localdate())
    closure_reason = closure_reason.strip()
    answers = {question.code: NOT_ASKED for question in closure_set.questions} | dict(exit_answers or {})
    problems = closure_set_problems(closure_set, code=closure_reason, text=reason, answers=answers)
    if problems:
        raise ValidationError(problems)
    closure = {"closure_reason": closure_reason, "closure_version": closure_set.version, "exit_answers": answers}
    coded = closure_set.reason(closure_reason)
    label = coded.label if coded else closure_reason
    row = _add_status(
        case=case, status=CaseStatusValue.CLOSED, reason=reason.strip(), by=by, closure=closure, summary=label
    )
    details = {"status_id": row.pk, "closure_reason": closure_reason, "closure_version": closure_set.version}
    audit_record(action="cases.case.close", by=by, obj=case, request=request, details=details)
    return row


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> CaseStatus:
    reason = required_text(reason, field="reason", message="Enter why the case is being reopened")
    row = _add_status(case=case, status=CaseStatusValue.REOPENED, reason=reason, by=by)
    audit_record(action="cases.case.reopen", by=by, obj=case, request=request, details={"status_id": row.pk})
    return row


@transaction.atomic
def case_restrict(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> Case:
    """Restrict a case to its named team (plus break-glass). Takes effect on the next query."""
    reason = required_text(reason, field="reason", message="Enter why the case is being restricted")
    if case.is_restricted:
        raise ValidationError({"is_restricted": "This case is already restricted"})
    return _set_restriction(case=case, restricted=True, reason=reason, by=by, request=request)


@transaction.atomic
def case_unrestrict(*, case: Case, by: User, reason: str, request: HttpRequest | None = None) -> Case:
    reason = required_text(reason, field="reason", message="Enter why the restriction is being lifted")
    if not case.is_restricted:
        raise ValidationError({"is_restricted": "This case is not restricted"})
    return _set_restriction(case=case, restricted=False, reason=reason, by=by, request=request)


def _set_restriction(*, case: Case, restricted: bool, reason: str, by: User, request: HttpRequest | None) -> Case:
    change = CaseRestrictionChange(case=case, restricted=restricted, reason=reason, created_by=by)
    save_valid(change)
    case.is_restricted = restricted
    case.restricted_reason = reason if restricted else ""
    save_valid(case, update_fields=["is_restricted", "restricted_reason", "updated_at"])
    audit_record(
        action="cases.case.restrict" if restricted else "cases.case.unrestrict",
        by=by,
        obj=case,
        request=request,
        details={"restriction_change_id": change.pk},
    )
    return case


# The chronology, reading contact details, alerts and searches ---------------------------------------

NOTE_MAX_LENGTH = 10_000


@transaction.atomic
def case_chronology_add(
    *, case: Case, kind: str, summary: str, body: str = "", by: User, request: HttpRequest | None = None
) -> ChronologyEntry:
    """Add an entry to ``case``'s chronology (other apps record contacts, assessments and referrals here)."""
    summary = required_text(summary, field="summary", message="Enter a summary")
    entry = _chronology(case=case, kind=kind, summary=summary[:200], body=body, by=by)
    audit_record(
        action="cases.chronology.add",
        by=by,
        obj=case,
        request=request,
        details={"entry_id": entry.pk, "kind": kind},
    )
    return entry


@transaction.atomic
def case_note_add(
    *, case: Case, body: str, by: User, contact: bool = False, request: HttpRequest | None = None
) -> ChronologyEntry:
    """Add a note to ``case``'s chronology; ``contact`` when it records contact with the survivor (a call,
    message or meeting), which the case list's "no contact for 14 days" reads. Its text is kept only in
    the encrypted body (notes can reveal where someone is), so the plaintext summary is fixed."""
    body = required_text(body, field="body", message="Enter a note")
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError({"body": f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer"})
    kind, summary = (ChronologyKind.CONTACT, "Contact with the survivor") if contact else (ChronologyKind.NOTE, "Note")
    entry = _chronology(case=case, kind=kind, summary=summary, body=body, by=by)
    details = {"entry_id": entry.pk, "kind": kind.value}
    audit_record(action="cases.note.add", by=by, obj=case, request=request, details=details)
    return entry
