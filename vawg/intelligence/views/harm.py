"""The people-causing-harm list, search and record page (docs/people-causing-harm.md).

Everything starts from ``PersonCausingHarm.objects.visible_to(user)``: a record the user may not see is
404 here, and is in no list, search result or count. The list's filter and page are codes in the query
string; the search takes names, dates of birth and force references, so it is a POST whose URL carries
nothing. Each page that shows people writes one audit entry.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.core.access import require_permission
from vawg.intelligence.config import VIEW_PEOPLE_CAUSING_HARM
from vawg.intelligence.forms.harm import HarmSearchForm
from vawg.intelligence.presenters import harm as presenters
from vawg.intelligence.rules.serial import serial_assessment
from vawg.intelligence.selectors import harm as selectors
from vawg.intelligence.services import harm as services

PER_PAGE = 50
SEARCH_LIMIT = 100


@require_permission(VIEW_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET"])
def person_causing_harm_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    serial = request.GET.get("serial") == "yes"
    records = selectors.people_causing_harm_for(user=request.user, serial=serial)
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    rows = presenters.harm_rows(page.object_list)
    services.people_causing_harm_list_record(
        by=request.user, serial=serial, page=page.number, rows=len(rows), request=request
    )
    context = {
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "rows": rows,
        "serial": serial,
        "form": HarmSearchForm(),
    }
    return render(request, "intelligence/harm/list.html", context)


@require_permission(VIEW_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET", "POST"])
def person_causing_harm_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the form. POST: the results, up to SEARCH_LIMIT (what was typed stays out of the URL and the
    audit log)."""
    if request.method != "POST":
        return render(request, "intelligence/harm/search.html", {"form": HarmSearchForm()})
    form = HarmSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "intelligence/harm/search.html", {"form": form})
    found = selectors.people_causing_harm_matching(
        selectors.people_causing_harm_for(user=request.user),
        name=form.cleaned_data["name"],
        date_of_birth=form.cleaned_data.get("date_of_birth"),
        force_reference=form.cleaned_data["force_reference"],
    )
    rows = list(found[: SEARCH_LIMIT + 1])
    services.people_causing_harm_search_record(
        by=request.user, fields_used=form.fields_used(), results=min(len(rows), SEARCH_LIMIT), request=request
    )
    context = {
        "form": form,
        "searched": True,
        "rows": presenters.harm_rows(rows[:SEARCH_LIMIT]),
        "more": len(rows) > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "intelligence/harm/search.html", context)


@require_permission(VIEW_PEOPLE_CAUSING_HARM)
@require_http_methods(["GET"])
def person_causing_harm_detail(request: AuthenticatedHttpRequest, person_causing_harm_id: uuid.UUID) -> HttpResponse:
    record = selectors.person_causing_harm_get_for(user=request.user, person_causing_harm_id=person_causing_harm_id)
    services.person_causing_harm_view_record(record=record, by=request.user, request=request)
    today = timezone.localdate()
    basis = serial_assessment(selectors.serial_encounters([record])[record.pk], on=today)
    incidents = selectors.incidents_of(record)
    score = selectors.latest_rfg_score(record)
    context = {
        "record": record,
        "tags": presenters.record_tags(record),
        "summary": presenters.summary_rows(record, selectors.force_references_of(record)),
        "serial": presenters.serial_rows(record, basis, today),
        "cases": presenters.case_rows(selectors.cases_of(record=record, user=request.user)),
        "police_victims": presenters.police_victims(incidents, selectors.forces_of(request.user)),
        "incidents": presenters.incident_rows(incidents),
        "score": presenters.score_rows(score) if score else None,
        "ranking_link": presenters.ranking_link(),
        "sections": presenters.page_sections(record, request.user),
        "may_manage": selectors.may_manage(user=request.user, record=record),
    }
    return render(request, "intelligence/harm/detail.html", context)
