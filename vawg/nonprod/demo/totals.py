"""Counts of what the demo database holds, for seed_demo's summary (counts only: never personal data)."""

from __future__ import annotations

from vawg.cases.models import Case, CaseDenyEntry
from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MaracReferral, MaracTransfer, MeetingState
from vawg.notifications.models import Notification
from vawg.people.models import Person
from vawg.provision.config import RequestState, UnitState
from vawg.provision.models import AccommodationRequest, Placement, Service, Unit
from vawg.provision.selectors.accommodation import unit_availability
from vawg.referrals.models import PossibleDuplicate, Referral, ReferralState, RoutingRule
from vawg.risk.models import DashAssessment, Incident, PoliceRiskGrade


def demo_totals() -> dict[str, int]:
    totals = {
        "routing rules (active)": RoutingRule.objects.active().count(),
        "people": Person.objects.count(),
        "referrals": Referral.objects.count(),
    }
    for state in ReferralState:
        totals[f"referrals {state.label.lower()}"] = Referral.objects.in_state(state).count()
    totals.update(
        {
            "referrals overdue for first contact": Referral.objects.first_contact_overdue().count(),
            "possible duplicates to check": PossibleDuplicate.objects.filter(resolution="pending").count(),
            "cases": Case.objects.count(),
            "restricted cases": Case.objects.filter(is_restricted=True).count(),
            "deny-list entries": CaseDenyEntry.objects.count(),
            "DASH assessments": DashAssessment.objects.count(),
            "high-risk DASH assessments": DashAssessment.objects.filter(level="high").count(),
            "incidents": Incident.objects.count(),
            "police risk grades": PoliceRiskGrade.objects.count(),
            "MARAC meetings with minutes published": MaracMeeting.objects.filter(
                current_state=MeetingState.MINUTES_PUBLISHED
            ).count(),
            "MARAC meetings upcoming": MaracMeeting.objects.upcoming().count(),
            "MARAC referrals waiting in the queue": MaracReferral.objects.queued().count(),
            "MARAC repeat referrals": MaracReferral.objects.filter(is_repeat=True).count(),
            "MARAC cases heard": AgendaItem.objects.heard().count(),
            "MARAC actions outstanding": MaracAction.objects.outstanding().count(),
            "MARAC actions overdue": MaracAction.objects.overdue().count(),
            "MARAC transfers": MaracTransfer.objects.count(),
            "directory services": Service.objects.count(),
            "directory services listed publicly": Service.objects.listed().count(),
            "directory services not checked for 6 months": Service.objects.stale().count(),
            "safe accommodation providers": Unit.objects.values("organisation").distinct().count(),
            "safe accommodation units": Unit.objects.count(),
            **_units_today(),
            "accommodation requests": AccommodationRequest.objects.count(),
            "accommodation requests looking for a place": AccommodationRequest.objects.open().count(),
            "accommodation requests closed (unable to support)": AccommodationRequest.objects.filter(
                state=RequestState.CLOSED
            ).count(),
            "placements": Placement.objects.count(),
            "placements ended": Placement.objects.filter(ended_on__isnull=False).count(),
            # Sent when the seed commits, after this count: list them with manage.py notifications_outbox.
            "staff notifications (manage.py notifications_outbox)": Notification.objects.count(),
        }
    )
    return totals


def _units_today() -> dict[str, int]:
    """How many units are in each state now (the vacancy board)."""
    states = [availability.state for availability in unit_availability(Unit.objects.all()).values()]
    return {f"units {state.label.lower()} now": states.count(state) for state in UnitState}
