"""MATAC meetings: create (with the invited agencies), hold or cancel, publish the minutes, and the audit
entry of each read of a copy of the minutes. Only the coordinator runs a meeting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.config import RUN_MATAC
from vawg.intelligence.models import (
    MATAC_MEETING_TRANSITIONS,
    MatacMeeting,
    MatacMeetingAgency,
    MatacMeetingState,
    MatacMeetingStatus,
    MatacReview,
    MatacSubject,
    MatacTactic,
)
from vawg.intelligence.rules.matac import place_label_problem
from vawg.intelligence.selectors.matac import (
    MinutesAccess,
    invited_organisation_ids,
    organisations_of,
    participating_organisations,
)
from vawg.intelligence.services.matac.common import move, require_runs
from vawg.intelligence.services.matac.links import matac_links_ensure


@transaction.atomic
def matac_meeting_create(
    *,
    by: User,
    starts_at: datetime,
    location: str,
    organisations: Sequence[Organisation],
    chair: User | None = None,
    request: HttpRequest | None = None,
) -> MatacMeeting:
    """Schedule a meeting of the MATAC ``by`` coordinates, inviting ``organisations``. Each invited agency
    gets an open ``HarmAgency(reason=MATAC)`` for every active subject (they will be reviewed there)."""
    running = organisations_of(by, RUN_MATAC)
    if not running:
        raise PermissionDenied
    location = (location or "").strip()
    if not location:
        raise ValidationError({"location": "Enter where the meeting is, such as a room or building"})
    if len(location) > 120:
        raise ValidationError({"location": "The place must be 120 characters or fewer"})
    problem = place_label_problem(location)
    if problem:
        raise ValidationError({"location": problem})
    invited = list({org.pk: org for org in organisations}.values())
    if not invited:
        raise ValidationError({"organisations": "Choose at least one agency to invite"})
    allowed = set(participating_organisations().values_list("pk", flat=True))
    if any(org.pk not in allowed for org in invited):
        raise ValidationError({"organisations": "Choose only agencies that take part in MATAC"})
    if chair is not None and not (
        organisations_of(chair, RUN_MATAC) or chair.has_perm("intelligence.take_part_in_matac")
    ):
        raise ValidationError({"chair": "Choose someone who takes part in MATAC"})
    meeting = MatacMeeting(organisation=running[0], starts_at=starts_at, location=location, chair=chair, created_by=by)
    save_valid(meeting)
    save_valid(MatacMeetingStatus(meeting=meeting, state=MatacMeetingState.SCHEDULED, created_by=by))
    for org in invited:
        save_valid(MatacMeetingAgency(meeting=meeting, organisation=org, invited_by=by))
    audit_record(
        action="intelligence.matac_meeting.create",
        by=by,
        obj=meeting,
        request=request,
        details={"agencies": [str(org.pk) for org in invited], "chair_id": str(chair.pk) if chair else ""},
    )
    for subject in MatacSubject.objects.active().filter(coordinating_organisation=meeting.organisation_id):
        matac_links_ensure(subject=subject, organisations=invited, by=by)
    return meeting


def _has_business(meeting: MatacMeeting) -> bool:
    return (
        MatacSubject.objects.filter(entry_meeting=meeting).exists()
        or MatacReview.objects.filter(meeting=meeting).exists()
        or MatacTactic.objects.filter(meeting=meeting).exists()
    )


HELD = MatacMeetingState.HELD


@transaction.atomic
def matac_meeting_transition(
    *, meeting: MatacMeeting, to: str, by: User, reason: str = "", request: HttpRequest | None = None
) -> MatacMeetingStatus:
    """Mark a scheduled meeting held or cancelled (publishing the minutes is ``matac_minutes_publish``)."""
    require_runs(by, meeting.organisation_id)
    if to not in (MatacMeetingState.HELD, MatacMeetingState.CANCELLED):
        raise ValidationError({"state": "Choose whether the meeting was held or is cancelled"})
    if to == MatacMeetingState.CANCELLED and _has_business(meeting):
        raise ValidationError(
            {"state": "This meeting has subjects, reviews or tactics recorded at it: it cannot be cancelled"}
        )
    reason = (reason or "").strip()[:500]
    was = move(meeting, state=to, transitions=MATAC_MEETING_TRANSITIONS, labels=MatacMeetingState, noun="meeting")
    row = MatacMeetingStatus(meeting=meeting, state=to, reason=reason, created_by=by)
    save_valid(row)
    audit_record(
        action="intelligence.matac_meeting.hold"
        if to == MatacMeetingState.HELD
        else "intelligence.matac_meeting.cancel",
        by=by,
        obj=meeting,
        request=request,
        details={"from": was, "to": to},
    )
    return row


@transaction.atomic
def matac_minutes_publish(*, meeting: MatacMeeting, by: User, request: HttpRequest | None = None) -> MatacMeetingStatus:
    """Publish a held meeting's minutes: each invited agency can then read its own copy."""
    require_runs(by, meeting.organisation_id)
    was = move(
        meeting,
        state=MatacMeetingState.MINUTES_PUBLISHED,
        transitions=MATAC_MEETING_TRANSITIONS,
        labels=MatacMeetingState,
        noun="meeting",
    )
    row = MatacMeetingStatus(meeting=meeting, state=MatacMeetingState.MINUTES_PUBLISHED, created_by=by)
    save_valid(row)
    audit_record(
        action="intelligence.matac_minutes.publish",
        by=by,
        obj=meeting,
        request=request,
        details={"from": was, "agencies": len(invited_organisation_ids(meeting))},
    )
    return row


def matac_minutes_read_record(
    *,
    meeting: MatacMeeting,
    by: User,
    access: MinutesAccess,
    subject_ids: Iterable[UUID | str],
    download: bool,
    request: HttpRequest | None = None,
) -> None:
    """Audit one read of a copy of the minutes (the page or the PDF), with the copy's agency and subjects."""
    audit_record(
        action="intelligence.matac_minutes.download" if download else "intelligence.matac_minutes.view",
        by=by,
        obj=meeting,
        agency_id=access.organisation.pk,
        request=request,
        purpose="MATAC minutes",
        details={
            "copy_for": str(access.organisation.pk),
            "full": access.full,
            "state": meeting.current_state,
            "subject_ids": ",".join(str(pk) for pk in subject_ids),
        },
    )
