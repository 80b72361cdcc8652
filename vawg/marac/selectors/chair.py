"""Reads for the chair's view: the meetings and items a user runs (the meeting's chair, or a coordinator of
the area), and what one case's page shows. Anyone else gets a 404."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Exists, Q
from django.http import Http404

from vawg.accounts.models import User
from vawg.audit.services import audit_read
from vawg.marac.models import (
    TAKE_PART,
    AgendaItem,
    AgendaItemQuerySet,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracMeetingQuerySet,
    MaracReferralState,
    ResearchTask,
    VictimVoice,
    active_user,
    organisations_with,
)

ITEM_RELATED = (
    "meeting__area",
    "marac_referral__case__victim",
    "marac_referral__perpetrator",
    "marac_referral__referring_organisation",
)
ACTION_RELATED = ("owning_organisation", "owner", "agenda_item__meeting")


def meetings_run_by(user: User) -> MaracMeetingQuerySet:
    """Meetings ``user`` runs: as a coordinator of the area, or as the named chair (with ``marac.take_part``)."""
    if not active_user(user):
        return MaracMeeting.objects.none()
    chairing = Q(chair=user.pk) & Exists(organisations_with(user, TAKE_PART))
    coordinating = Q(area__in=MaracArea.objects.coordinated_by(user))
    return MaracMeeting.objects.filter(chairing | coordinating)


def meeting_get_for_chair(*, user: User, meeting_id: UUID) -> MaracMeeting:
    """A meeting ``user`` runs (the chair's view), with its area and chair."""
    try:
        found = meetings_run_by(user).select_related("area", "chair").get(pk=meeting_id)
        return audit_read(action="marac.meeting.view", obj=found)
    except MaracMeeting.DoesNotExist:
        raise Http404("No such meeting.") from None


def agenda_item_get_for_chair(*, user: User, agenda_item_id: UUID) -> AgendaItem:
    """An item of a meeting ``user`` runs, with its meeting, area, referral, victim and person causing harm."""
    try:
        found = AgendaItem.objects.run_by(user).select_related(*ITEM_RELATED).get(pk=agenda_item_id)
        return audit_read(action="marac.agenda_item.view", obj=found)
    except AgendaItem.DoesNotExist:
        raise Http404("No such case.") from None


def chair_items(user: User, meeting: MaracMeeting) -> list[AgendaItem]:
    """The items of ``meeting`` that ``user`` runs, in agenda order."""
    return list(
        AgendaItem.objects.run_by(user).filter(meeting=meeting).select_related(*ITEM_RELATED).order_by("position")
    )


def chair_item_ids(user: User, meeting: MaracMeeting) -> list[UUID]:
    """The ids of the items of ``meeting`` that ``user`` runs, in agenda order (for previous and next)."""
    return list(
        AgendaItem.objects.run_by(user).filter(meeting=meeting).order_by("position").values_list("pk", flat=True)
    )


def item_actions(item: AgendaItem) -> list[MaracAction]:
    """The actions agreed on ``item``."""
    return list(item.actions.select_related(*ACTION_RELATED))


def item_carried_actions(item: AgendaItem) -> list[MaracAction]:
    """Outstanding actions of earlier meetings of the same MARAC on the same case (not on ``item`` itself)."""
    return list(
        MaracAction.objects.carried_forward_to(item.meeting)
        .filter(agenda_item__marac_referral__case=item.marac_referral.case_id)
        .exclude(agenda_item=item)
        .select_related(*ACTION_RELATED)
    )


def item_research(item: AgendaItem) -> list[ResearchTask]:
    """Every agency's research task on ``item``."""
    return list(item.research.select_related("organisation"))


def victim_voice_of(item: AgendaItem) -> VictimVoice | None:
    """The victim's voice recorded for ``item``, if any."""
    return VictimVoice.objects.filter(agenda_item=item).first()


def unheard_items(meeting: MaracMeeting) -> AgendaItemQuerySet:
    """Items of ``meeting`` still listed and not heard (taken-off items are no longer listed here)."""
    return AgendaItem.objects.filter(
        meeting=meeting, heard_at__isnull=True, marac_referral__current_state=MaracReferralState.LISTED
    )
