"""The RFG ranking at /ranking/ (intelligence.run_ranking): the latest run's ranking of the people the user
may see, the form that runs it now, its CSV download and the list of past runs. Local model, not
Northumbria's; advisory only (docs/rfg.md)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.signin import require_recent_code
from vawg.audit.presenters import page_numbers
from vawg.core.access import require_permission
from vawg.core.exports import csv_response
from vawg.core.forms import posted, submit
from vawg.intelligence.config import RUN_MATAC, RUN_RANKING, TAKE_PART_IN_MATAC
from vawg.intelligence.forms.ranking import RfgRunForm
from vawg.intelligence.presenters import ranking as presenters
from vawg.intelligence.selectors.rfg import rfg_run_latest, rfg_runs, rfg_scores_visible
from vawg.intelligence.services.rfg import rfg_ranking_download_record, rfg_ranking_view_record, rfg_run

PER_PAGE = 50


def _ranking_page(request: AuthenticatedHttpRequest, form: RfgRunForm, status: int = 200) -> HttpResponse:
    """The latest run's ranking (one page of the people this user may see), audited, with ``form``."""
    run = rfg_run_latest()
    context: dict[str, Any] = {"form": form, "run": run, "advisory": presenters.ADVISORY}
    if run is not None:
        page = Paginator(rfg_scores_visible(run=run, user=request.user), PER_PAGE).get_page(request.GET.get("page"))
        can_nominate = request.user.has_perm(RUN_MATAC) or request.user.has_perm(TAKE_PART_IN_MATAC)
        rows = presenters.ranking_rows(page.object_list, can_nominate=can_nominate)
        rfg_ranking_view_record(run=run, by=request.user, page=page.number, shown=len(rows), request=request)
        context |= {
            "page": page,
            "page_numbers": page_numbers(cast(Any, page)),
            "rows": rows,
            "summary": presenters.run_summary_rows(run),
            "unconfirmed": run.weight_table.is_unconfirmed,
        }
    return render(request, "intelligence/ranking/detail.html", context, status=status)


@require_permission(RUN_RANKING)
@require_http_methods(["GET"])
def rfg_ranking_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _ranking_page(request, RfgRunForm(today=timezone.localdate()))


@require_permission(RUN_RANKING)
@require_http_methods(["POST"])
def rfg_run_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RfgRunForm(posted(request), today=timezone.localdate())
    run = submit(form, lambda: rfg_run(as_of=form.cleaned_data["as_of"], by=request.user))
    if run is not None:
        messages.success(request, f"Ranking run as of {run.as_of:%-d %B %Y}: {run.cohort_size:,} people scored")
        return redirect("ranking:rfg_ranking_detail")
    return _ranking_page(request, form, status=400)


@require_permission(RUN_RANKING)
@require_recent_code
@require_http_methods(["GET"])
def rfg_ranking_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest run's ranking of the people this user may see, as CSV (names and scores; no location)."""
    run = rfg_run_latest()
    if run is None:
        messages.error(request, "There is no ranking to download yet: run it first")
        return redirect("ranking:rfg_ranking_detail")
    scores = list(rfg_scores_visible(run=run, user=request.user))
    rfg_ranking_download_record(run=run, by=request.user, rows=len(scores), request=request)
    filename = f"rfg-ranking-{run.as_of:%Y-%m-%d}.csv"
    return csv_response(filename, presenters.CSV_HEADERS, presenters.ranking_csv_rows(scores))


@require_permission(RUN_RANKING)
@require_http_methods(["GET"])
def rfg_run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(rfg_runs(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "rows": presenters.run_list_rows(page.object_list),
    }
    return render(request, "intelligence/ranking/run_list.html", context)
