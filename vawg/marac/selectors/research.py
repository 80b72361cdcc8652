"""Reads for research before the meeting and the victim's voice: an agency reaches only its own research
tasks; the victim's voice is recorded for an invited agency by someone who may record it."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_read
from vawg.marac.models import (
    RECORD_VICTIM_VOICE,
    TAKE_PART,
    AgendaItem,
    MeetingAgency,
    MeetingState,
    ResearchTask,
    ResearchTaskQuerySet,
    organisations_with,
)


def research_tasks_of_own_agencies(user: User) -> ResearchTaskQuerySet:
    """Research tasks of the agencies where ``user`` takes part in MARAC, on items they can see."""
    return ResearchTask.objects.visible_to(user).filter(organisation__in=organisations_with(user, TAKE_PART))


def research_due_count(user: User) -> int:
    """For "My work": the user's agencies' research tasks not yet returned (the research list's "Outstanding")."""
    return research_tasks_of_own_agencies(user).outstanding().count()


def research_task_get_for(*, user: User, research_task_id: UUID) -> ResearchTask:
    """``user``'s own agency's research task, with its meeting, area, referral and agency (404 for anyone else)."""
    try:
        found = (
            research_tasks_of_own_agencies(user)
            .select_related("agenda_item__meeting__area", "agenda_item__marac_referral", "organisation")
            .get(pk=research_task_id)
        )
        return audit_read(action="marac.research_task.view", obj=found)
    except ResearchTask.DoesNotExist:
        raise Http404("No such research task.") from None


def research_task_editable(task: ResearchTask) -> bool:
    """Research can be written and corrected until the meeting starts (agenda published, not yet begun)."""
    meeting = task.agenda_item.meeting
    return meeting.current_state == MeetingState.AGENDA_PUBLISHED and timezone.now() < meeting.starts_at


def victim_voice_agency_id(item: AgendaItem, user: User) -> UUID | None:
    """The invited agency for which ``user`` may record the victim's voice on ``item`` (None: may not)."""
    if not AgendaItem.objects.visible_to(user).filter(pk=item.pk).exists():
        return None
    agency_id: UUID | None = (
        MeetingAgency.objects.filter(
            meeting=item.meeting_id, organisation__in=organisations_with(user, RECORD_VICTIM_VOICE)
        )
        .values_list("organisation_id", flat=True)
        .first()
    )
    return agency_id
