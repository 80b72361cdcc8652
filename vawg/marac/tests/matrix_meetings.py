"""Access-matrix entries for the meetings, queue and agenda pages (vawg/marac/views/meetings.py, queue.py).

Fixtures: an area coordinated by the county (so marac_coordinator coordinates it) and meetings that
agency A (idva_a) is invited to. Police B, agency C and everyone else are outside every gate.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import CASEWORK, Rule

COORDINATOR = frozenset({"marac_coordinator"})
COORDINATOR_AND_INVITED = frozenset({"marac_coordinator", "idva_a"})


def _area(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.marac.tests.factories import MaracAreaFactory

    MaracAreaFactory(coordinating_organisation=ctx["agencies"].county)
    return {}


def _item(ctx: dict[str, Any], state: str) -> Any:
    from vawg.marac.tests.factories import listed_case

    return listed_case(coordinating=ctx["agencies"].county, attending=[ctx["agencies"].a], state=state)


def _published(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"meeting_id": _item(ctx, "agenda-published").meeting_id}


def _scheduled(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"meeting_id": _item(ctx, "scheduled").meeting_id}


def _scheduled_item(ctx: dict[str, Any]) -> dict[str, Any]:
    item = _item(ctx, "scheduled")
    return {"meeting_id": item.meeting_id, "item_id": item.pk}


def _queued(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.marac.tests.factories import MaracAreaFactory, MaracMeetingFactory, MaracReferralFactory

    area = MaracAreaFactory(coordinating_organisation=ctx["agencies"].county)
    MaracMeetingFactory(area=area)
    return {"referral_id": MaracReferralFactory(area=area).pk}


WEB: dict[str, Rule] = {
    "marac:meeting_list": Rule(allowed=CASEWORK),
    "marac:meeting_schedule": Rule(allowed=COORDINATOR, kwargs=_area),
    "marac:meeting_schedule_series": Rule(allowed=COORDINATOR, kwargs=_area),
    "marac:meeting_detail": Rule(allowed=COORDINATOR_AND_INVITED, kwargs=_published),
    "marac:meeting_invite": Rule(allowed=COORDINATOR, kwargs=_scheduled),
    "marac:meeting_cancel": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_scheduled,
        data={"reason": "Matrix cancellation"},
        audited="marac.meeting.cancel",
    ),
    "marac:agenda_publish": Rule(allowed=COORDINATOR, method="POST", kwargs=_scheduled, audited="marac.agenda.publish"),
    "marac:attendee_register": Rule(allowed=COORDINATOR_AND_INVITED, kwargs=_published),
    "marac:attendance_record": Rule(allowed=COORDINATOR, kwargs=_published),
    "marac:agenda_item_remove": Rule(
        allowed=COORDINATOR, method="POST", kwargs=_scheduled_item, audited="marac.agenda_item.remove"
    ),
    "marac:referral_queue": Rule(allowed=COORDINATOR),
    "marac:agenda_item_list": Rule(allowed=COORDINATOR, kwargs=_queued),
    "marac:referral_withdraw": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_queued,
        data={"reason": "Matrix withdrawal"},
        audited="marac.referral.withdraw",
    ),
}
