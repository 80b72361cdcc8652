"""The coordinator's queue and a meeting's agenda: listing a referral at a meeting, taking it off,
withdrawing a queued referral, and publishing the agenda (which shares each listed case with each
invited agency as a research task, audited with its lawful basis)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import LawfulBasis
from vawg.core.models import save_valid
from vawg.marac.models import (
    AgendaItem,
    MaracMeeting,
    MaracReferral,
    MaracReferralState,
    MeetingState,
    ResearchTask,
)
from vawg.marac.rules import meetings as meeting_rules
from vawg.marac.services.core import marac_referral_set_state, meeting_set_state, require_coordinator
from vawg.marac.services.research import research_task_notify

WITHDRAW_REASON_MAX = 2000
# Meetings a case can be listed at or taken off.
LISTABLE_STATES = frozenset({MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED})
OVER_CAPACITY = "over_capacity"


def _renumber(meeting: MaracMeeting) -> None:
    """Number the meeting's items in agenda order (meeting_rules.agenda_order)."""
    items = list(meeting.items.select_related("marac_referral"))
    ordered = meeting_rules.agenda_order([item.marac_referral for item in items])
    by_referral = {item.marac_referral_id: item for item in items}
    for position, referral in enumerate(ordered, start=1):
        item = by_referral[referral.pk]
        if item.position != position:
            item.position = position
            item.save(update_fields=["position", "updated_at"])


def share_item_with(
    *, item: AgendaItem, organisation: Organisation, by: User, request: HttpRequest | None = None
) -> ResearchTask:
    """Share a listed case with an invited agency: its research task, and one ``marac.case.share``
    audit entry with the lawful basis. Call inside a transaction, after the caller's gate."""
    task = ResearchTask(
        agenda_item=item,
        organisation=organisation,
        due_at=meeting_rules.research_due_at(item.meeting.starts_at),
        lawful_basis=item.lawful_basis,
        shared_by=by,
    )
    save_valid(task)
    audit_record(
        action="marac.case.share",
        by=by,
        obj=item,
        agency_id=organisation.pk,
        request=request,
        details={"agenda_item_id": item.pk, "organisation_id": organisation.pk, "lawful_basis": item.lawful_basis},
    )
    research_task_notify(task=task)
    return task


@transaction.atomic
def agenda_item_list(
    *,
    marac_referral: MaracReferral,
    meeting: MaracMeeting,
    by: User,
    confirm_over_capacity: bool = False,
    lawful_basis: str = LawfulBasis.SAFEGUARDING,
    request: HttpRequest | None = None,
) -> AgendaItem:
    """List a queued referral at a meeting of its MARAC. Going over the meeting's capacity is allowed
    only with ``confirm_over_capacity`` (else a ValidationError with code "over_capacity"). On a
    published agenda the case is shared with the invited agencies at once."""
    require_coordinator(by, meeting.area)
    meeting = MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if marac_referral.area_id != meeting.area_id:
        raise ValidationError({"meeting": "Choose a meeting of the MARAC the case was referred to"})
    if meeting.current_state not in LISTABLE_STATES:
        raise ValidationError({"meeting": "Cases can only be listed at a meeting that is scheduled or published"})
    if marac_referral.current_state != MaracReferralState.QUEUED:
        raise ValidationError({"meeting": "Only a case waiting in the queue can be listed"})
    if AgendaItem.objects.filter(meeting=meeting, marac_referral=marac_referral).exists():
        raise ValidationError({"meeting": "This case was already on that meeting's agenda: choose another meeting"})
    listed = meeting.items.count()
    over = meeting_rules.listing_would_exceed(listed, meeting.capacity)
    if over and not confirm_over_capacity:
        warning = meeting_rules.capacity_state(listed + 1, meeting.capacity).warning
        raise ValidationError({"confirm_over_capacity": ValidationError(warning, code=OVER_CAPACITY)})
    item = AgendaItem(
        meeting=meeting,
        marac_referral=marac_referral,
        position=listed + 1,
        listed_by=by,
        lawful_basis=lawful_basis,
    )
    save_valid(item)
    marac_referral_set_state(
        marac_referral=marac_referral, state=MaracReferralState.LISTED, by=by, reason=f"Listed at meeting {meeting.pk}"
    )
    _renumber(meeting)
    if meeting.current_state == MeetingState.AGENDA_PUBLISHED:
        for agency in meeting.agencies.select_related("organisation"):
            share_item_with(item=item, organisation=agency.organisation, by=by, request=request)
    audit_record(
        action="marac.agenda_item.list",
        by=by,
        obj=item,
        agency_id=meeting.area.coordinating_organisation_id,
        request=request,
        details={
            "meeting_id": meeting.pk,
            "marac_referral_id": marac_referral.pk,
            "over_capacity": over,
            "lawful_basis": lawful_basis,
        },
    )
    return item


def _research_started(item: AgendaItem) -> bool:
    recorded = (
        item.research.exclude(holds_information__isnull=True).exists()
        or item.research.filter(completed_at__isnull=False).exists()
    )
    return recorded or hasattr(item, "victim_voice") or item.actions.exists() or item.heard_at is not None


@transaction.atomic
def agenda_item_remove(
    *, item: AgendaItem, by: User, reason: str = "", request: HttpRequest | None = None
) -> MaracReferral:
    """Take a case off a meeting's agenda: it goes back to the queue. Not once research, the victim's
    voice or the meeting's record has been written for it (those are kept)."""
    meeting = item.meeting
    require_coordinator(by, meeting.area)
    if meeting.current_state not in LISTABLE_STATES:
        raise ValidationError({"item": "Cases can only be taken off a meeting that is scheduled or published"})
    if _research_started(item):
        raise ValidationError({"item": "Agencies have started research on this case: it cannot be taken off"})
    referral = item.marac_referral
    item_id = item.pk
    item.research.all().delete()
    item.delete()
    marac_referral_set_state(
        marac_referral=referral,
        state=MaracReferralState.QUEUED,
        by=by,
        reason=reason.strip() or "Taken off the agenda",
    )
    _renumber(meeting)
    audit_record(
        action="marac.agenda_item.remove",
        by=by,
        obj=meeting,
        request=request,
        details={"agenda_item_id": item_id, "marac_referral_id": referral.pk},
    )
    return referral


@transaction.atomic
def marac_referral_withdraw(
    *, marac_referral: MaracReferral, reason: str, by: User, request: HttpRequest | None = None
) -> MaracReferral:
    """Withdraw a referral waiting in the queue (with a reason)."""
    require_coordinator(by, marac_referral.area)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the referral is withdrawn"})
    if len(reason) > WITHDRAW_REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {WITHDRAW_REASON_MAX:,} characters or fewer"})
    if marac_referral.current_state != MaracReferralState.QUEUED:
        raise ValidationError({"reason": "Only a referral waiting in the queue can be withdrawn here"})
    marac_referral_set_state(marac_referral=marac_referral, state=MaracReferralState.WITHDRAWN, by=by, reason=reason)
    audit_record(
        action="marac.referral.withdraw",
        by=by,
        obj=marac_referral,
        request=request,
        details={"case_id": marac_referral.case_id},
    )
    return marac_referral


@transaction.atomic
def agenda_publish(*, meeting: MaracMeeting, by: User, request: HttpRequest | None = None) -> int:
    """Publish ``meeting``'s agenda: every listed case is shared with every invited agency (a research
    task each, due two days before the meeting at 17:00). Returns the number of tasks made."""
    require_coordinator(by, meeting.area)
    agencies = [agency.organisation for agency in meeting.agencies.select_related("organisation")]
    if not agencies:
        raise ValidationError({"meeting": "Invite at least one agency before publishing the agenda"})
    meeting_set_state(meeting=meeting, state=MeetingState.AGENDA_PUBLISHED, by=by)
    items = list(meeting.items.select_related("meeting"))
    for item in items:
        for organisation in agencies:
            share_item_with(item=item, organisation=organisation, by=by, request=request)
    audit_record(
        action="marac.agenda.publish",
        by=by,
        obj=meeting,
        request=request,
        details={"items": len(items), "agencies": len(agencies), "research_tasks": len(items) * len(agencies)},
    )
    return len(items) * len(agencies)
