"""The SafeLives quarterly return (exact figures; marac.view_return) and the benchmark dashboard
(suppressed aggregates; strategy.view_aggregates). Neither shows or links to a case."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.exports import csv_response, xlsx_response
from vawg.marac import config
from vawg.marac.forms.returns import DashboardForm, ReturnForm
from vawg.marac.models import VIEW_RETURN
from vawg.marac.presenters.returns import dashboard
from vawg.marac.rules.returns import last_quarters, rolling_twelve_months
from vawg.marac.selectors.returns import return_data, return_for
from vawg.marac.services.returns import DOWNLOAD_FORMATS, return_download_record

VIEW_AGGREGATES = "strategy.view_aggregates"


@require_permission(VIEW_RETURN)
@require_http_methods(["GET"])
def return_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReturnForm(request.GET or None, today=timezone.localdate())
    context: dict[str, object] = {"form": form}
    if not form.is_bound or form.is_valid():
        period, area = form.selection()
        figures, missing = return_for(period, areas=[area] if area else None)
        context |= {
            "figures": figures,
            "area": area,
            "missing_populations": missing,
            "query": request.GET.urlencode(),
        }
    return render(request, "marac/returns/return.html", context)


@require_permission(VIEW_RETURN)
@require_http_methods(["GET"])
def return_download(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404
    form = ReturnForm(request.GET or None, today=timezone.localdate())
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('marac:return_detail')}?{request.GET.urlencode()}")
    period, area = form.selection()
    figures, _missing = return_for(period, areas=[area] if area else None)
    return_download_record(by=request.user, period=period, area=area, file_format=file_format, request=request)
    rows = [("MARAC area", area.name if area else "All areas"), *figures.rows()]
    filename = f"marac-return-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.{file_format}"
    respond = csv_response if file_format == "csv" else xlsx_response
    return respond(filename, ("Measure", "Value"), rows)


@require_permission(VIEW_AGGREGATES)
@require_http_methods(["GET"])
def dashboard_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DashboardForm(request.GET or None)
    area = form.cleaned_data.get("area") if form.is_valid() else None
    today = timezone.localdate()
    quarters = last_quarters(today, 8)
    data = return_data(start=quarters[0].start, end=quarters[-1].end, areas=[area] if area else None)
    rolling = rolling_twelve_months(today)
    view = dashboard(
        [data.figures(quarter) for quarter in quarters],
        data.figures(rolling),
        missing_populations=data.population(rolling.end.year)[1],
    )
    return render(
        request,
        "marac/returns/dashboard.html",
        {"form": form, "area": area, "dashboard": view, "config": config},
    )
