"""Reads for the minutes of a meeting: who gets which copy, which cases are relevant to an agency, and the
items, actions and attendance in a copy.

Minutes exist once a meeting is held. The coordinator and the chair see the full draft; once published,
each invited agency gets its own copy: the attendance, and only the cases relevant to it
(``relevant_to``) with only its own actions (the action gate). An agency that was not invited gets
nothing (404). See docs/marac.md, "Minutes".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from vawg.accounts.models import Organisation, User
from vawg.marac.models import (
    TAKE_PART,
    AgendaItem,
    AgendaItemQuerySet,
    MaracAction,
    MaracActionQuerySet,
    MaracMeeting,
    MeetingAgency,
    MeetingAttendee,
    MeetingState,
    ResearchTask,
    VictimVoice,
)
from vawg.marac.selectors.agencies import acting_organisation, user_organisations

# Runners (coordinator, chair) see the draft from the meeting being held; agencies once published.
DRAFT_STATES = frozenset({MeetingState.HELD, MeetingState.MINUTES_PUBLISHED})


@dataclass(frozen=True)
class MinutesAccess:
    """Which copy of a meeting's minutes a user gets: for which agency, and whether it is the full set."""

    organisation: Organisation
    full: bool


def runs_meeting(user: User, meeting: MaracMeeting) -> bool:
    """The user coordinates the meeting's MARAC, or is its chair (and takes part in MARAC somewhere)."""
    if MaracMeeting.objects.coordinated_by(user).filter(pk=meeting.pk).exists():
        return True
    return meeting.chair_id is not None and meeting.chair_id == user.pk and bool(user_organisations(user, TAKE_PART))


def invited_organisation_ids(meeting: MaracMeeting) -> list[UUID]:
    return list(MeetingAgency.objects.filter(meeting=meeting).values_list("organisation_id", flat=True))


def minutes_access(user: User, meeting: MaracMeeting) -> MinutesAccess:
    """The copy ``user`` may read, or Http404 (minutes not there yet, or the agency was not invited).

    ``meeting`` must already have passed ``MaracMeeting.objects.visible_to(user)``."""
    invited = invited_organisation_ids(meeting)
    if runs_meeting(user, meeting):
        if meeting.current_state not in DRAFT_STATES:
            raise Http404("No minutes for this meeting yet.")
        if MaracMeeting.objects.coordinated_by(user).filter(pk=meeting.pk).exists():
            return MinutesAccess(organisation=meeting.area.coordinating_organisation, full=True)
        return MinutesAccess(organisation=acting_organisation(user, prefer=invited), full=True)
    if meeting.current_state != MeetingState.MINUTES_PUBLISHED:
        raise Http404("No minutes for this meeting yet.")
    mine = [org for org in user_organisations(user, TAKE_PART) if org.pk in set(invited)]
    if not mine:
        raise Http404("No minutes for this meeting.")
    return MinutesAccess(organisation=mine[0], full=False)


def minutes_ready(user: User, meeting: MaracMeeting) -> bool:
    """The user may read a copy of the meeting's minutes now (the same gate as the minutes page)."""
    try:
        minutes_access(user, meeting)
    except Http404:
        return False
    return True


def relevant_to(items: AgendaItemQuerySet, organisation: Organisation) -> AgendaItemQuerySet:
    """Items relevant to ``organisation``: it owns an action on the item, completed research saying it
    holds information, referred the case, owns the case, or recorded the victim's voice."""
    owns_action = Exists(MaracAction.objects.filter(agenda_item=OuterRef("pk"), owning_organisation=organisation))
    holds_information = Exists(
        ResearchTask.objects.filter(
            agenda_item=OuterRef("pk"),
            organisation=organisation,
            holds_information=True,
            completed_at__isnull=False,
        )
    )
    recorded_voice = Exists(VictimVoice.objects.filter(agenda_item=OuterRef("pk"), organisation=organisation))
    return items.filter(
        owns_action
        | holds_information
        | recorded_voice
        | Q(marac_referral__referring_organisation=organisation)
        | Q(marac_referral__case__owning_organisation=organisation)
    )


def minutes_items(user: User, meeting: MaracMeeting, access: MinutesAccess) -> AgendaItemQuerySet:
    """The meeting's items in ``access``'s copy, in agenda order (through the gates: a deny-listed
    case is left out of the user's copy)."""
    if access.full:
        items = AgendaItem.objects.run_by(user).filter(meeting=meeting)
    else:
        items = relevant_to(AgendaItem.objects.visible_to(user).filter(meeting=meeting), access.organisation)
    return items.select_related(
        "marac_referral", "marac_referral__case", "marac_referral__case__victim", "marac_referral__perpetrator"
    ).order_by("position", "created_at")


def minutes_actions(user: User, items: Iterable[AgendaItem]) -> MaracActionQuerySet:
    """Actions agreed on ``items`` that ``user`` may see (an agency: its own; the chair and coordinator: all)."""
    return (
        MaracAction.objects.visible_to(user)
        .filter(agenda_item__in=[item.pk for item in items])
        .select_related("owning_organisation", "owner")
        .order_by("due_on", "created_at")
    )


def carried_forward_actions(user: User, meeting: MaracMeeting) -> MaracActionQuerySet:
    """Outstanding actions from earlier meetings of the same MARAC that ``user`` may see."""
    return (
        MaracAction.objects.visible_to(user)
        .carried_forward_to(meeting)
        .select_related(
            "owning_organisation",
            "owner",
            "agenda_item__meeting",
            "agenda_item__marac_referral",
            "agenda_item__marac_referral__case__victim",
            "agenda_item__marac_referral__perpetrator",
        )
        .order_by("due_on", "created_at")
    )


def meeting_attendees(meeting: MaracMeeting) -> list[MeetingAttendee]:
    """Everyone registered for ``meeting``, with their agency (by agency, then name)."""
    return list(MeetingAttendee.objects.filter(meeting=meeting).select_related("organisation"))
