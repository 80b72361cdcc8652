"""MATAC cohort change: per quarter of entry, the subjects exited with both RFG scores and the mean change.
Aggregates only, small numbers suppressed: the coordinator, and readers of partnership aggregates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.intelligence.config import RUN_MATAC
from vawg.intelligence.rules.matac import cohort_rows
from vawg.intelligence.selectors import matac as selectors
from vawg.marac.config import SUPPRESSION_THRESHOLD

VIEW_AGGREGATES = "strategy.view_aggregates"


@require_http_methods(["GET"])
def cohort_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (request.user.has_perm(RUN_MATAC) or request.user.has_perm(VIEW_AGGREGATES)):
        raise PermissionDenied
    rows = cohort_rows(selectors.cohort_movements(request.user))
    return render(request, "intelligence/matac/cohorts.html", {"rows": rows, "threshold": SUPPRESSION_THRESHOLD})
