"""What triage resolves beside the referral: possible duplicates (linked or not, never merged) and tasks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.referrals.models import (
    DuplicateResolution,
    PossibleDuplicate,
    ReferralTask,
)


@transaction.atomic
def possible_duplicate_resolve(
    *, duplicate: PossibleDuplicate, resolution: str, by: User, request: HttpRequest | None = None
) -> PossibleDuplicate:
    """A person decides whether a flagged person is the referral's subject. Linking makes the existing
    person record the referral's subject; nothing is merged or deleted."""
    if duplicate.resolution != DuplicateResolution.PENDING:
        raise ValidationError({"resolution": "This possible duplicate has already been checked"})
    if resolution not in (DuplicateResolution.LINKED, DuplicateResolution.NOT_DUPLICATE):
        raise ValidationError({"resolution": "Select whether this is the same person"})
    referral = duplicate.referral
    if resolution == DuplicateResolution.LINKED and referral.case_id is not None:
        raise ValidationError({"resolution": "The referral already has a case: link the person from the case"})
    duplicate.resolution = resolution
    duplicate.resolved_by = by
    duplicate.resolved_at = timezone.now()
    save_valid(duplicate, update_fields=["resolution", "resolved_by", "resolved_at", "updated_at"])
    previous_subject = referral.subject_id
    if resolution == DuplicateResolution.LINKED:
        referral.subject_id = duplicate.person_id
        referral.save(update_fields=["subject", "updated_at"])
    audit_record(
        action="referrals.possible_duplicate.resolve",
        by=by,
        obj=referral,
        request=request,
        details={
            "duplicate_id": duplicate.pk,
            "resolution": resolution,
            "previous_subject_id": previous_subject,
            "subject_id": referral.subject_id,
        },
    )
    return duplicate


@transaction.atomic
def referral_task_complete(*, task: ReferralTask, by: User, request: HttpRequest | None = None) -> ReferralTask:
    if task.done_at is not None:
        raise ValidationError({"done_at": "This task has already been done"})
    task.done_at = timezone.now()
    task.done_by = by
    save_valid(task, update_fields=["done_at", "done_by", "updated_at"])
    audit_record(
        action="referrals.task.complete",
        by=by,
        obj=task.referral,
        request=request,
        details={"task_id": task.pk, "kind": task.kind, "on_time": task.done_at <= task.due},
    )
    return task
