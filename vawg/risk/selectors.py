"""Reads of risk records, always through a case the user may see (vawg/cases/selectors.py)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case, CaseQuerySet, RiskLevel
from vawg.risk.config import reassessment_intervals_for
from vawg.risk.models import DashAssessment


def dash_assessment_get_for(*, case: Case, assessment_id: UUID) -> DashAssessment:
    """An assessment of ``case`` (the case already gated): 404 for any other, as for one that does not exist."""
    found: DashAssessment | None = (
        DashAssessment.objects.select_related("case").filter(case=case, pk=assessment_id).first()
    )
    if found is None:
        raise Http404("No such assessment.")
    return found


def cases_due_reassessment(user: User, on: date | None = None) -> CaseQuerySet:
    """Open cases ``user`` may see whose latest DASH assessment is old enough to be due again on ``on`` (today):
    the intervals in force (vawg/risk/config.py), by the case's current risk level. Each case carries
    ``last_assessed``; the longest waiting first. The reassessments-due list and its count on "My work", in one
    query."""
    on = on or timezone.localdate()
    intervals = reassessment_intervals_for(on)
    latest = DashAssessment.objects.filter(case=OuterRef("pk")).order_by("-assessment_date").values("assessment_date")
    high = Q(current_risk_level=RiskLevel.HIGH)
    return (
        Case.objects.visible_to(user)
        .open()
        .annotate(last_assessed=Subquery(latest[:1]))
        .filter(
            (high & Q(last_assessed__lte=on - timedelta(days=intervals.high_days)))
            | (~high & Q(last_assessed__lte=on - timedelta(days=intervals.other_days)))
        )
        .order_by("last_assessed", "reference")
    )


def reassessments_due_count(user: User) -> int:
    return cases_due_reassessment(user).count()
