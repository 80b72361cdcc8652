"""A mixed caseload for the "My work" tests (docs/my-work.md): cases at agencies A and B, a restricted case
and a case idva_a is deny-listed from, referrals in several states, MARAC research and actions with due
dates either side of the limits, victims to tell, DASH assessments either side of the reassessment
intervals, and access grants ending in 3 and 30 days.

``build(agencies, personas, extra=n)`` adds ``n`` more of each counted row for agency A, so a test can
compare two caseload sizes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from vawg.cases.models import Case, RiskLevel
from vawg.cases.tests.factories import CaseAccessGrantFactory, CaseDenyEntryFactory, CaseFactory
from vawg.marac.models import ActionState, MeetingState
from vawg.marac.tests.factories import (
    AgendaItemFactory,
    MaracActionFactory,
    MaracAreaFactory,
    MaracMeetingFactory,
    MeetingAgencyFactory,
    ResearchTaskFactory,
)
from vawg.referrals.models import Consent, Referral, ReferralState
from vawg.referrals.tests.factories import referral_routed_to
from vawg.risk.models import DashAssessment

QUESTIONS = 24


def dash(case: Case, *, days_ago: int, level: str, by: Any) -> DashAssessment:
    """A DASH assessment ``days_ago`` days old, and the case's current level set to ``level``."""
    Case.objects.filter(pk=case.pk).update(current_risk_level=level)
    return DashAssessment.objects.create(
        case=case,
        assessed_by=by,
        assessing_organisation=case.owning_organisation,
        assessment_date=timezone.localdate() - timedelta(days=days_ago),
        answers={str(n): "no" for n in range(1, QUESTIONS + 1)},
        score=0,
        level=level,
        thresholds_version="herts-default-2026-1",
    )


def referral(
    agency: Any, *, state: str = ReferralState.SUBMITTED, overdue: bool = False, case: Any = None, **fields: Any
) -> Any:
    now = timezone.now()
    due = now - timedelta(hours=2) if overdue else now + timedelta(days=2)
    made = referral_routed_to(agency, **({"source": "self"} | fields), case=case)
    Referral.objects.filter(pk=made.pk).update(current_state=state, first_contact_due=due)
    return made


def build(agencies: Any, personas: dict[str, Any], *, extra: int = 0) -> None:
    idva, police = personas["idva_a"], personas["police_b"]
    today = timezone.localdate()
    a, b, c = agencies.a, agencies.b, agencies.c

    # Cases: A's (one due reassessment at each level, one not yet due), B's, a restricted one and a
    # deny-listed one (both A's, both long overdue a reassessment: idva_a must never count them).
    medium_a = CaseFactory(owning_organisation=a)
    high_a = CaseFactory(owning_organisation=a)
    recent_a = CaseFactory(owning_organisation=a)
    case_b = CaseFactory(owning_organisation=b)
    restricted = CaseFactory(owning_organisation=a)
    Case.objects.filter(pk=restricted.pk).update(is_restricted=True, restricted_reason="Works at a partner")
    denied = CaseFactory(owning_organisation=a)
    CaseDenyEntryFactory(case=denied, user=idva)
    dash(medium_a, days_ago=90, level=RiskLevel.MEDIUM, by=idva)  # due today (day 90)
    dash(high_a, days_ago=28, level=RiskLevel.HIGH, by=idva)  # due today (day 28)
    dash(recent_a, days_ago=27, level=RiskLevel.HIGH, by=idva)  # not yet
    dash(CaseFactory(owning_organisation=a), days_ago=89, level=RiskLevel.STANDARD, by=idva)  # not yet
    dash(case_b, days_ago=120, level=RiskLevel.STANDARD, by=police)
    dash(restricted, days_ago=200, level=RiskLevel.HIGH, by=idva)
    dash(denied, days_ago=200, level=RiskLevel.HIGH, by=idva)
    closed = CaseFactory(owning_organisation=a, current_status="closed")
    dash(closed, days_ago=200, level=RiskLevel.HIGH, by=idva)
    for _ in range(extra):
        dash(CaseFactory(owning_organisation=a), days_ago=100, level=RiskLevel.MEDIUM, by=idva)

    # Referrals routed to A: two submitted (one overdue), one triaged and overdue, one accepted; one about
    # the restricted case and one about the deny-listed case; and one routed to B. All with consent given.
    referral(a)
    referral(a, overdue=True)
    referral(a, state=ReferralState.TRIAGED, overdue=True)
    referral(a, state=ReferralState.ACCEPTED, overdue=True)
    referral(a, overdue=True, case=restricted)
    referral(a, overdue=True, case=denied)
    referral(b, overdue=True)
    for _ in range(extra):
        referral(a, overdue=True)
    # Awaiting consent: one routed to A, one idva_a made that was routed to B, one about the deny-listed case.
    waiting = {"state": ReferralState.AWAITING_CONSENT, "consent": Consent.NOT_YET_ASKED}
    referral(a, **waiting)
    referral(b, **waiting, source="professional", referrer_user=idva, referrer_organisation=a)
    referral(a, **waiting, case=denied)
    for _ in range(extra):
        referral(a, **waiting)

    # MARAC: a published meeting A and B attend, with items for A's case, B's case and the deny-listed case.
    area = MaracAreaFactory(coordinating_organisation=agencies.county)
    meeting = MaracMeetingFactory(area=area, current_state=MeetingState.AGENDA_PUBLISHED)
    MeetingAgencyFactory(meeting=meeting, organisation=a)
    MeetingAgencyFactory(meeting=meeting, organisation=b)
    item_a = AgendaItemFactory(meeting=meeting, marac_referral__case=medium_a)
    item_b = AgendaItemFactory(meeting=meeting, marac_referral__case=case_b)
    item_denied = AgendaItemFactory(meeting=meeting, marac_referral__case=denied)
    ResearchTaskFactory(agenda_item=item_a, organisation=a)
    ResearchTaskFactory(agenda_item=item_b, organisation=a, completed_at=timezone.now())
    ResearchTaskFactory(agenda_item=item_denied, organisation=a)
    ResearchTaskFactory(agenda_item=item_a, organisation=b)
    for days in (0, 3, 7, 8, -1):  # due today, in 3 and 7 days (due soon); in 8 (not yet); yesterday (overdue)
        MaracActionFactory(agenda_item=item_a, owning_organisation=a, due_on=today + timedelta(days=days))
    MaracActionFactory(
        agenda_item=item_a, owning_organisation=a, due_on=today - timedelta(days=3), current_state=ActionState.DONE
    )
    MaracActionFactory(agenda_item=item_a, owning_organisation=a, current_state=ActionState.IN_PROGRESS, due_on=today)
    MaracActionFactory(agenda_item=item_denied, owning_organisation=a, due_on=today + timedelta(days=1))
    MaracActionFactory(agenda_item=item_denied, owning_organisation=a, due_on=today - timedelta(days=1))
    MaracActionFactory(agenda_item=item_b, owning_organisation=b, due_on=today - timedelta(days=2))
    heard = timezone.now() - timedelta(days=1)
    for item in (item_a, item_b, item_denied):
        type(item).objects.filter(pk=item.pk).update(heard_at=heard)
    for _ in range(extra):
        extra_item = AgendaItemFactory(meeting=meeting, marac_referral__case=high_a)
        type(extra_item).objects.filter(pk=extra_item.pk).update(heard_at=heard)
        ResearchTaskFactory(agenda_item=extra_item, organisation=a)
        MaracActionFactory(agenda_item=extra_item, owning_organisation=a, due_on=today + timedelta(days=2))
        MaracActionFactory(agenda_item=extra_item, owning_organisation=a, due_on=today - timedelta(days=2))

    # Grants: A's case shared with C (3 days left), A's case shared with B (30 days), B's case shared with A
    # (3 days), the restricted case shared with B (3 days: nobody but its team sees it).
    soon = timezone.now() + timedelta(days=3)
    CaseAccessGrantFactory(case=medium_a, organisation=c, expires_at=soon)
    CaseAccessGrantFactory(case=high_a, organisation=b, expires_at=timezone.now() + timedelta(days=30))
    CaseAccessGrantFactory(case=case_b, organisation=a, expires_at=soon)
    CaseAccessGrantFactory(case=restricted, organisation=b, expires_at=soon)
    CaseAccessGrantFactory(case=denied, organisation=b, expires_at=soon)
    for _ in range(extra):
        CaseAccessGrantFactory(case=CaseFactory(owning_organisation=a), organisation=c, expires_at=soon)
