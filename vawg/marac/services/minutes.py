"""MARAC minutes: publishing (the coordinator or the chair), and the audit entry of each read of a copy.

Who gets which copy is read in vawg/marac/selectors/minutes.py. See docs/marac.md, "Minutes".
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.marac.models import MaracMeeting, MaracMeetingStatus, MeetingState
from vawg.marac.selectors.minutes import MinutesAccess, invited_organisation_ids, runs_meeting
from vawg.marac.services.core import meeting_set_state


@transaction.atomic
def minutes_publish(*, meeting: MaracMeeting, by: User, request: HttpRequest | None = None) -> MaracMeetingStatus:
    """Publish a held meeting's minutes to its invited agencies (the coordinator or the chair)."""
    if not runs_meeting(by, meeting):
        raise PermissionDenied
    row = meeting_set_state(meeting=meeting, state=MeetingState.MINUTES_PUBLISHED, by=by)
    audit_record(
        action="marac.minutes.publish",
        by=by,
        obj=meeting,
        request=request,
        details={"state": MeetingState.MINUTES_PUBLISHED, "agencies": len(invited_organisation_ids(meeting))},
    )
    return row


def minutes_read_record(
    *,
    meeting: MaracMeeting,
    by: User,
    access: MinutesAccess,
    item_ids: Iterable[UUID | str],
    download: bool,
    request: HttpRequest | None = None,
) -> None:
    """Audit one read of a copy of the minutes: the page (``marac.minutes.view``) or the PDF
    (``marac.minutes.download``), with the agency the copy was made for and the items in it."""
    audit_record(
        action="marac.minutes.download" if download else "marac.minutes.view",
        by=by,
        obj=meeting,
        agency_id=access.organisation.pk,
        request=request,
        purpose="MARAC minutes",
        details={
            "copy_for": access.organisation.pk,
            "full": access.full,
            "state": meeting.current_state,
            "item_ids": ",".join(str(pk) for pk in item_ids),
        },
    )
