"""Reads of risk records, always through a case the user may see (vawg/cases/selectors.py)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from vawg.cases.models import Case
from vawg.risk.models import DashAssessment


def dash_assessment_get_for(*, case: Case, assessment_id: UUID) -> DashAssessment:
    """An assessment of ``case`` (the case already gated): 404 for any other, as for one that does not exist."""
    found: DashAssessment | None = (
        DashAssessment.objects.select_related("case").filter(case=case, pk=assessment_id).first()
    )
    if found is None:
        raise Http404("No such assessment.")
    return found
