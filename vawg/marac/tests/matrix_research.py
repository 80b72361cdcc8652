"""Access matrix entries for research, the victim's voice, the chair's view and actions
(merged by tests/test_access_matrix.py).

Agency A (idva_a) is invited to the meeting; the coordinator's county council coordinates it (and so
runs it: the chair's pages); agency B (police_b) and agency C are not invited: 404.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import CASEWORK, Rule
from vawg.marac.tests.factories import MaracActionFactory, ResearchTaskFactory, listed_case

IDVA = frozenset({"idva_a"})
COORDINATOR = frozenset({"marac_coordinator"})


def _item(ctx: dict[str, Any]) -> Any:
    agencies = ctx["agencies"]
    return listed_case(coordinating=agencies.county, attending=[agencies.a])


def _task(ctx: dict[str, Any]) -> dict[str, Any]:
    item = _item(ctx)
    return {"task_id": ResearchTaskFactory(agenda_item=item, organisation=ctx["agencies"].a).pk}


def _item_id(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"item_id": _item(ctx).pk}


def _meeting_id(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"meeting_id": _item(ctx).meeting_id}


def _action(ctx: dict[str, Any]) -> Any:
    return MaracActionFactory(
        agenda_item=_item(ctx), owning_organisation=ctx["agencies"].a, created_by=ctx["personas"]["marac_coordinator"]
    )


def _action_id(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"action_id": _action(ctx).pk}


def _agency_with_actions(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"organisation_id": _action(ctx).owning_organisation_id}


WEB: dict[str, Rule] = {
    "marac:research_task_list": Rule(allowed=CASEWORK),
    "marac:research_task_detail": Rule(allowed=IDVA, kwargs=_task, audited="marac.research.view"),
    "marac:victim_voice_edit": Rule(allowed=IDVA, kwargs=_item_id),
    "marac:meeting_chair": Rule(allowed=COORDINATOR, kwargs=_meeting_id, audited="marac.chair.view"),
    "marac:meeting_close": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_meeting_id,
        data={"return_unheard": "yes"},
        audited="marac.meeting.close",
    ),
    "marac:agenda_item_chair": Rule(allowed=COORDINATOR, kwargs=_item_id, audited="marac.chair.view"),
    "marac:agenda_item_start": Rule(
        allowed=COORDINATOR, method="POST", kwargs=_item_id, audited="marac.agenda_item.start"
    ),
    "marac:agenda_item_record": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_item_id,
        data={"risks_identified": "Matrix risks"},
        audited="marac.agenda_item.record",
    ),
    # The matrix cannot post an agency's id, so the form comes back with its errors (a read of the case).
    "marac:action_add": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_item_id,
        data={"description": "Matrix action"},
        audited="marac.chair.view",
    ),
    "marac:agenda_item_hear": Rule(
        allowed=COORDINATOR, method="POST", kwargs=_item_id, audited="marac.agenda_item.hear"
    ),
    "marac:action_list": Rule(allowed=CASEWORK),
    "marac:action_detail": Rule(allowed=IDVA | COORDINATOR, kwargs=_action_id),
    "marac:action_outstanding": Rule(allowed=COORDINATOR),
    "marac:action_outstanding_agency": Rule(allowed=COORDINATOR, kwargs=_agency_with_actions),
}
