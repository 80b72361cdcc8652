"""Reads of MARAC areas and meetings, each through its gate: a meeting the user may not see, coordinate
or run is a 404, exactly as one that does not exist."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_read
from vawg.marac.models import MaracArea, MaracMeeting, MaracReferral
from vawg.marac.rules.meetings import OPEN_MEETING_STATES


def marac_area_get_for(*, user: User, marac_area_id: UUID | None) -> MaracArea:
    """The active area ``user`` coordinates with this id; with no id, the first of theirs by name."""
    areas = MaracArea.objects.coordinated_by(user).active()
    if marac_area_id is not None:
        try:
            return areas.get(pk=marac_area_id)
        except MaracArea.DoesNotExist:
            raise Http404("No such MARAC area.") from None
    first = areas.first()
    if first is None:
        raise Http404("You do not coordinate a MARAC.")
    return first


def meeting_get_for(*, user: User, meeting_id: UUID) -> MaracMeeting:
    """A meeting ``user`` may see (MaracMeeting.objects.visible_to), with its area, chair and coordinator."""
    try:
        found = MaracMeeting.objects.visible_to(user).select_related("area", "chair", "coordinator").get(pk=meeting_id)
        return audit_read(action="marac.meeting.view", obj=found)
    except MaracMeeting.DoesNotExist:
        raise Http404("No such meeting.") from None


def meeting_get_for_coordinator(*, user: User, meeting_id: UUID) -> MaracMeeting:
    """A meeting of an area ``user`` coordinates (the coordinator's pages), with its area."""
    try:
        found = MaracMeeting.objects.coordinated_by(user).select_related("area").get(pk=meeting_id)
        return audit_read(action="marac.meeting.view", obj=found)
    except MaracMeeting.DoesNotExist:
        raise Http404("No such meeting.") from None


def meetings_to_list_at(*, user: User, marac_referral: MaracReferral) -> list[MaracMeeting]:
    """Upcoming meetings of the referral's MARAC that ``user`` coordinates and that can still take cases."""
    return list(
        MaracMeeting.objects.coordinated_by(user)
        .filter(area=marac_referral.area_id, current_state__in=OPEN_MEETING_STATES, starts_at__gte=timezone.now())
        .order_by("starts_at")
    )
