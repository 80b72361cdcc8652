"""Access-matrix entries for referring to MARAC, transfers and the victim kept informed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from vawg.core.tests.matrix import CASE_OWNER, CASEWORK, Rule, case_a

COORDINATOR = frozenset({"marac_coordinator"})


def _queued_referral(ctx: dict[str, Any]) -> Any:
    from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory

    area = MaracAreaFactory(coordinating_organisation=ctx["agencies"].county)
    return MaracReferralFactory(area=area, referring_organisation=ctx["agencies"].a)


def _referral(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": _queued_referral(ctx).pk}


def _outbound(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.marac.services.transfers import transfer_out

    transfer = transfer_out(
        marac_referral=_queued_referral(ctx), other_marac="Bedfordshire MARAC", by=ctx["personas"]["marac_coordinator"]
    )
    return {"transfer_id": transfer.pk}


def _inbound(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.tests.factories import CaseFactory
    from vawg.marac.services.transfers import transfer_in_record
    from vawg.marac.tests.factories import MaracAreaFactory

    area = MaracAreaFactory(coordinating_organisation=ctx["agencies"].county)
    case = CaseFactory(owning_organisation=ctx["agencies"].county)
    transfer = transfer_in_record(
        area=area, case=case, other_marac="Essex MARAC", summary="Risks", by=ctx["personas"]["marac_coordinator"]
    )
    return {"transfer_id": transfer.pk}


def _heard_item(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.marac.models import AgendaItem, MeetingState
    from vawg.marac.tests.factories import listed_case

    agencies = ctx["agencies"]
    item = listed_case(
        coordinating=agencies.county,
        attending=[agencies.a],
        state=MeetingState.HELD,
        referring_organisation=agencies.a,
    )
    AgendaItem.objects.filter(pk=item.pk).update(heard_at=timezone.now() - timedelta(hours=2))
    return {"item_id": item.pk}


WEB: dict[str, Rule] = {
    # Anyone taking part in MARAC who can see the case (agency A's case: its IDVA).
    "marac:referral_create": Rule(allowed=CASE_OWNER, kwargs=case_a),
    "marac:transfer_list": Rule(allowed=COORDINATOR),
    "marac:transfer_record_in": Rule(allowed=COORDINATOR),
    "marac:transfer_record_out": Rule(allowed=COORDINATOR, kwargs=_referral),
    "marac:transfer_detail": Rule(allowed=COORDINATOR, kwargs=_outbound, audited="marac.transfer_summary.view"),
    "marac:transfer_download": Rule(allowed=COORDINATOR, kwargs=_outbound, audited="marac.transfer_summary.download"),
    "marac:transfer_accept": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_inbound,
        data={"criteria": ["visible_high_risk"]},
        audited="marac.transfer.accept",
    ),
    "marac:transfer_decline": Rule(allowed=COORDINATOR, kwargs=_inbound),
    "marac:victim_to_tell_list": Rule(allowed=CASEWORK),
    # The IDVA at the invited agency A (which also referred); no one else.
    "marac:victim_informed_record": Rule(allowed=CASE_OWNER, kwargs=_heard_item),
}
