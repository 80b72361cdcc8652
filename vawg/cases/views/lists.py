"""The case list, its CSV download and the search.

The list's filters are codes in the query string (GET, bookmarkable; vawg/cases/rules.py reads them and
docs/case-list.md says what each means); the search takes names, so it is a POST whose URL carries only
the filters. Everything starts from ``Case.objects.visible_to(user)`` (selectors.case_list_for).
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.signin import require_recent_code
from vawg.audit.presenters import page_numbers
from vawg.cases import forms, presenters, selectors, services
from vawg.cases.models import VIEW_CASES
from vawg.cases.rules import ParsedQuery
from vawg.core.access import require_permission
from vawg.core.exports import csv_response

EXPORT_CASES = "cases.export_cases"
PER_PAGE = 50
SEARCH_LIMIT = 100


def _filters(request: AuthenticatedHttpRequest) -> tuple[ParsedQuery, dict[str, Any]]:
    """The filters read from the query string, and what every list page shows of them."""
    choices = selectors.case_list_choices()
    parsed = selectors.case_list_query_from(dict(request.GET.lists()), choices)
    query_string = urlencode(parsed.query.as_params())
    context = {
        "filters": presenters.case_list_filters(choices, parsed.query, parsed.errors),
        "filter_errors": [(f"filter-{key}", message) for key, message in parsed.errors.items()],
        "query_string": query_string,
        "filtered": bool(query_string),
        "may_export": request.user.has_perm(EXPORT_CASES),
    }
    return parsed, context


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    parsed, context = _filters(request)
    cases = selectors.case_list_for(user=request.user, query=parsed.query)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    rows = presenters.case_rows(page.object_list)
    context |= {"page": page, "page_numbers": page_numbers(cast(Any, page)), "rows": rows}
    return render(request, "cases/list.html", context)


@require_permission(EXPORT_CASES)
@require_recent_code
@require_http_methods(["GET"])
def case_list_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered list as CSV (no name, address or contact detail), recorded with its filter and size."""
    choices = selectors.case_list_choices()
    parsed = selectors.case_list_query_from(dict(request.GET.lists()), choices)
    if parsed.errors:  # the list shows what is wrong
        return redirect(f"{reverse('cases:case_list')}?{request.GET.urlencode()}")
    cases = selectors.case_list_for(user=request.user, query=parsed.query)
    found = list(cases.select_related(None).select_related("district", "owning_organisation"))
    services.case_list_export_record(
        by=request.user, filters=parsed.query.as_details(), rows=len(found), request=request
    )
    filename = f"cases-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, presenters.EXPORT_HEADERS, presenters.case_export_rows(found))


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the form. POST: the results (names and dates stay out of the URL and the audit log), narrowed by
    the list's filters when the URL carries them."""
    parsed, context = _filters(request)
    if request.method != "POST":
        return render(request, "cases/search.html", context | {"form": forms.CaseSearchForm()})
    form = forms.CaseSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/search.html", context | {"form": form})
    found = selectors.case_list_for(user=request.user, query=parsed.query).matching(
        name=form.cleaned_data["name"],
        date_of_birth=form.cleaned_data.get("date_of_birth"),
        reference=form.cleaned_data["reference"],
    )
    rows = list(found[: SEARCH_LIMIT + 1])
    services.case_search_record(
        by=request.user, fields_used=form.fields_used(), results=min(len(rows), SEARCH_LIMIT), request=request
    )
    context |= {
        "form": form,
        "searched": True,
        "rows": presenters.case_rows(rows[:SEARCH_LIMIT]),
        "more": len(rows) > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "cases/search.html", context)
