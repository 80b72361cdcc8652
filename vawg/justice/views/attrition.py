"""The attrition funnel page and its CSV download (justice.view_attrition): aggregates only, small numbers
suppressed; never a person or an incident (docs/justice-outcomes.md)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.exports import csv_response
from vawg.justice.config.outcomes import VIEW_ATTRITION
from vawg.justice.forms.attrition import AttritionForm
from vawg.justice.presenters.attrition import (
    DOWNLOAD_HEADERS,
    SUPPRESSION_NOTE,
    attrition_download_rows,
    attrition_view,
)
from vawg.justice.selectors.attrition import attrition_for
from vawg.justice.services.attrition import attrition_download_record


@require_permission(VIEW_ATTRITION)
@require_http_methods(["GET"])
def attrition_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AttritionForm(request.GET or None, today=timezone.localdate())
    context: dict[str, object] = {"form": form, "suppression_note": SUPPRESSION_NOTE}
    if not form.is_bound or form.is_valid():
        start, end, district, abuse = form.selection()
        context |= {
            "view": attrition_view(attrition_for(start, end, district=district, form=abuse)),
            "query": request.GET.urlencode(),
        }
    return render(request, "justice/attrition/detail.html", context)


@require_permission(VIEW_ATTRITION)
@require_http_methods(["GET"])
def attrition_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AttritionForm(request.GET or None, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('justice:attrition_detail')}?{request.GET.urlencode()}")
    start, end, district, abuse = form.selection()
    result = attrition_for(start, end, district=district, form=abuse)
    attrition_download_record(
        by=request.user,
        start=start,
        end=end,
        district_id=str(district.pk) if district else "",
        form=abuse,
        request=request,
    )
    filename = f"attrition-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"
    return csv_response(filename, DOWNLOAD_HEADERS, attrition_download_rows(result))
