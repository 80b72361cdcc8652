"""The chair's record of a meeting: start a case, record the discussion, hear it, close the meeting.

Only those who run the meeting (``AgendaItem.objects.run_by``: the meeting's chair or a coordinator
of the area) may write here, and only while the agenda is published (the meeting is under way).
Reading the chair's pages is audited (``marac.chair.view``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.marac.models import AgendaItem, MaracMeeting, MaracReferralState, MeetingState
from vawg.marac.selectors.chair import meetings_run_by, unheard_items
from vawg.marac.services.core import marac_referral_set_state, meeting_set_state
from vawg.marac.services.research import case_location_values
from vawg.people.rules import redact

MAX_TEXT = 10000
RECORDED_FIELDS = ("presentation", "information_shared", "risks_identified", "conclusion")


def _require_running(item: AgendaItem, by: User) -> None:
    if not AgendaItem.objects.run_by(by).filter(pk=item.pk).exists():
        raise PermissionDenied
    if item.meeting.current_state != MeetingState.AGENDA_PUBLISHED:
        raise ValidationError("This meeting is not under way: its record can no longer be changed")


def chair_view_record(
    *, by: User, item: AgendaItem | None = None, meeting: MaracMeeting | None = None, request: HttpRequest | None = None
) -> None:
    """Audit a read of the chair's view (a meeting's case list, or one case with every agency's research)."""
    target: models.Model = item if item is not None else meeting  # type: ignore[assignment]
    audit_record(
        action="marac.chair.view",
        by=by,
        obj=target,
        purpose=item.lawful_basis if item is not None else "",
        request=request,
        details={"meeting_id": item.meeting_id if item is not None else getattr(meeting, "pk", "")},
    )


@transaction.atomic
def agenda_item_start(*, item: AgendaItem, by: User, request: HttpRequest | None = None) -> AgendaItem:
    """Start the case's clock (once; starting again keeps the first time)."""
    _require_running(item, by)
    if item.started_at is None:
        item.started_at = timezone.now()
        item.save(update_fields=["started_at", "updated_at"])
        audit_record(
            action="marac.agenda_item.start", by=by, obj=item, request=request, details={"meeting_id": item.meeting_id}
        )
    return item


@transaction.atomic
def agenda_item_record(*, item: AgendaItem, by: User, request: HttpRequest | None = None, **fields: str) -> AgendaItem:
    """Record the chair's notes: any of presentation, information_shared, risks_identified, conclusion."""
    _require_running(item, by)
    unknown = set(fields) - set(RECORDED_FIELDS)
    if unknown:
        raise ValueError(f"Not a recorded field: {', '.join(sorted(unknown))}")
    values = case_location_values(item)
    for name, value in fields.items():
        value = redact((value or "").strip(), values)
        if len(value) > MAX_TEXT:
            raise ValidationError({name: f"This must be {MAX_TEXT} characters or fewer"})
        setattr(item, name, value)
    save_valid(item, update_fields=[*fields, "updated_at"])
    audit_record(
        action="marac.agenda_item.record",
        by=by,
        obj=item,
        request=request,
        details={"meeting_id": item.meeting_id, "fields": ",".join(sorted(fields))},
    )
    return item


@transaction.atomic
def agenda_item_hear(*, item: AgendaItem, by: User, request: HttpRequest | None = None) -> AgendaItem:
    """The case has been heard: heard_at/by set and the MARAC referral moves to HEARD."""
    _require_running(item, by)
    if item.heard_at is not None:
        raise ValidationError("This case has already been heard")
    if item.marac_referral.current_state != MaracReferralState.LISTED:
        raise ValidationError("This case is no longer listed at this meeting")
    now = timezone.now()
    item.heard_at = now
    item.heard_by = by
    item.ended_at = item.ended_at or now
    item.save(update_fields=["heard_at", "heard_by", "ended_at", "updated_at"])
    marac_referral_set_state(
        marac_referral=item.marac_referral, state=MaracReferralState.HEARD, by=by, reason="Heard at the meeting"
    )
    audit_record(
        action="marac.agenda_item.hear", by=by, obj=item, request=request, details={"meeting_id": item.meeting_id}
    )
    return item


@transaction.atomic
def meeting_close(
    *, meeting: MaracMeeting, by: User, return_unheard: bool = False, request: HttpRequest | None = None
) -> MaracMeeting:
    """AGENDA_PUBLISHED -> HELD. Cases not heard go back to the queue (QUEUED), which the chair confirms."""
    if not meetings_run_by(by).filter(pk=meeting.pk).exists():
        raise PermissionDenied
    if meeting.current_state != MeetingState.AGENDA_PUBLISHED:
        raise ValidationError("Only a meeting with a published agenda can be closed")
    unheard = list(unheard_items(meeting).select_related("marac_referral"))
    if unheard and not return_unheard:
        count = len(unheard)
        raise ValidationError(
            {
                "return_unheard": f"{count} case{'s have' if count != 1 else ' has'} not been heard: confirm "
                "they go back to the coordinator's queue"
            }
        )
    for item in unheard:
        marac_referral_set_state(
            marac_referral=item.marac_referral,
            state=MaracReferralState.QUEUED,
            by=by,
            reason="Not heard at the meeting: back to the queue",
        )
    meeting_set_state(meeting=meeting, state=MeetingState.HELD, by=by, reason="Closed by the chair")
    audit_record(
        action="marac.meeting.close", by=by, obj=meeting, request=request, details={"returned_to_queue": len(unheard)}
    )
    return meeting
