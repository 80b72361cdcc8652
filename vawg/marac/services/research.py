"""Research before the meeting, and the victim's voice: writes and audited reads.

An agency completes only its own research task (``marac.take_part`` at the task's agency), and only
until the meeting starts. The IDVA of an invited agency records the victim's views until the meeting
is held. Every save and every view of a research pack is audited.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.marac.models import TAKE_PART, AgendaItem, MeetingState, ResearchFlag, ResearchTask, VictimVoice
from vawg.marac.selectors.research import (
    research_task_editable,
    research_task_get_for,
    research_tasks_of_own_agencies,
    victim_voice_agency_id,
)
from vawg.notifications.selectors import recipients_who_see, staff_holding
from vawg.notifications.services import notification_queue
from vawg.people.rules import redact
from vawg.people.selectors import location_values

MAX_TEXT = 5000


def _require_own_task(task: ResearchTask, by: User) -> None:
    try:
        research_task_get_for(user=by, research_task_id=task.pk)
    except Http404:
        raise PermissionDenied from None
    if not research_task_editable(task):
        raise ValidationError("The meeting has started: research can no longer be changed")


def research_task_notify(*, task: ResearchTask) -> int:
    """Tell the task's agency's MARAC members who can see it that there is research to do (after commit)."""
    users = staff_holding(perm=TAKE_PART, organisation_ids=[task.organisation_id])
    return notification_queue(
        kind="marac-research-set",
        recipients=recipients_who_see(
            users, sees=lambda user: research_tasks_of_own_agencies(user).filter(pk=task.pk).exists()
        ),
        event=f"research-task:{task.pk}",
        link=reverse("marac:research_task_detail", kwargs={"task_id": task.pk}),
    )


def case_location_values(item: AgendaItem) -> list[str]:
    """Location-critical values of the victim (and the person causing harm, when known) of ``item``."""
    referral = item.marac_referral
    people = [referral.case.victim] + ([referral.perpetrator] if referral.perpetrator is not None else [])
    return location_values(people)


def _text(value: str, what: str, values: list[str] | None = None) -> str:
    """Trimmed, length-checked, and with any location value of the case's people removed (research and
    the victim's voice are shared with the meeting: an address typed by mistake is never stored)."""
    value = redact((value or "").strip(), values or [])
    if len(value) > MAX_TEXT:
        raise ValidationError({what: f"This must be {MAX_TEXT} characters or fewer"})
    return value


@transaction.atomic
def research_task_save(
    *,
    task: ResearchTask,
    by: User,
    holds_information: bool | None,
    flags: Iterable[str],
    victim_information: str,
    perpetrator_information: str,
    children_information: str,
    request: HttpRequest | None = None,
) -> ResearchTask:
    """Save ``by``'s agency's research as a draft (a submitted task stays submitted: this corrects it)."""
    _require_own_task(task, by)
    task.holds_information = holds_information
    task.flags = sorted(set(flags), key=lambda f: ResearchFlag.values.index(f) if f in ResearchFlag.values else 99)
    values = case_location_values(task.agenda_item)
    task.victim_information = _text(victim_information, "victim_information", values)
    task.perpetrator_information = _text(perpetrator_information, "perpetrator_information", values)
    task.children_information = _text(children_information, "children_information", values)
    save_valid(task)
    audit_record(
        action="marac.research.save",
        by=by,
        obj=task,
        request=request,
        details={"agenda_item_id": task.agenda_item_id, "submitted": task.completed_at is not None},
    )
    return task


@transaction.atomic
def research_task_submit(*, task: ResearchTask, by: User, request: HttpRequest | None = None) -> ResearchTask:
    """Mark the research as returned (completed_at/by); it can still be corrected until the meeting starts."""
    _require_own_task(task, by)
    if task.holds_information is None:
        raise ValidationError({"holds_information": "Select yes if your agency holds information about this case"})
    if task.completed_at is None:
        task.completed_at = timezone.now()
    task.completed_by = by
    save_valid(task, update_fields=["completed_at", "completed_by", "updated_at"])
    audit_record(
        action="marac.research.submit",
        by=by,
        obj=task,
        request=request,
        details={"agenda_item_id": task.agenda_item_id, "holds_information": task.holds_information},
    )
    return task


def research_task_view_record(*, task: ResearchTask, by: User, request: HttpRequest | None = None) -> None:
    """Audit a view of a research pack (the agenda entry of a case shared with the agency)."""
    audit_record(
        action="marac.research.view",
        by=by,
        obj=task,
        purpose=task.lawful_basis,
        request=request,
        details={"agenda_item_id": task.agenda_item_id},
    )


# --- The victim's voice -------------------------------------------------------------------------


@transaction.atomic
def victim_voice_save(
    *, item: AgendaItem, by: User, views: str, safety_concerns: str, request: HttpRequest | None = None
) -> VictimVoice:
    """Record (or correct) the victim's views and safety concerns for ``item``, until the meeting is held."""
    organisation_id = victim_voice_agency_id(item, by)
    if organisation_id is None:
        raise PermissionDenied
    if item.meeting.current_state != MeetingState.AGENDA_PUBLISHED:
        raise ValidationError("The meeting has been held: the victim's voice can no longer be changed")
    values = case_location_values(item)
    views, safety_concerns = _text(views, "views", values), _text(safety_concerns, "safety_concerns", values)
    if not (views or safety_concerns):
        raise ValidationError({"views": "Enter the victim's views or their safety concerns"})
    voice = VictimVoice.objects.select_for_update().filter(agenda_item=item).first()
    if voice is None:
        voice = VictimVoice(agenda_item=item, organisation_id=organisation_id, recorded_by=by)
    voice.organisation_id = organisation_id
    voice.recorded_by = by
    voice.views = views
    voice.safety_concerns = safety_concerns
    save_valid(voice)
    audit_record(
        action="marac.victim_voice.save",
        by=by,
        obj=voice,
        agency_id=organisation_id,
        request=request,
        details={"agenda_item_id": item.pk},
    )
    return voice
