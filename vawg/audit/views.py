"""The audit log pages: the whole log, and who has accessed one record. Viewing either is audited."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.audit.forms import OBJECT_ID_PATTERN, OBJECT_TYPE_PATTERN, AuditLogFilterForm
from vawg.audit.models import AuditEntry, AuditEntryQuerySet
from vawg.audit.presenters import entry_rows, page_numbers
from vawg.audit.selectors import may_view_record_access
from vawg.audit.services import audit_record
from vawg.core.access import require_permission

PER_PAGE = 50
# A filtered list is not paged (its filters live only in the POST body): the newest this many.
FILTERED_LIMIT = 200


def _page(request: HttpRequest, entries: AuditEntryQuerySet) -> Page[AuditEntry]:
    return Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))


@require_permission("audit.view_audit_log")
@require_http_methods(["GET", "POST"])
def entry_list(request: HttpRequest) -> HttpResponse:
    """GET: the whole log, paged. POST: the filtered log (so a typed email stays out of the URL)."""
    if request.method == "POST":
        return _filtered_log(request)
    page = _page(request, AuditEntry.objects.newest_first())
    rows = entry_rows(page.object_list)  # read before this view is recorded, so the count and rows agree
    audit_record(action="audit.log.view", by=request.user, request=request, details={"page": page.number})
    context = {"form": AuditLogFilterForm(), "page": page, "page_numbers": page_numbers(page), "rows": rows}
    return render(request, "audit/log.html", context)


def _filtered_log(request: HttpRequest) -> HttpResponse:
    form = AuditLogFilterForm(request.POST)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "rows": []})
    entries = list(AuditEntry.objects.matching(**form.filters()).newest_first()[: FILTERED_LIMIT + 1])
    rows = entry_rows(entries[:FILTERED_LIMIT])
    # Which filters were used, never their values: the audit log must not keep a typed email.
    audit_record(action="audit.log.view", by=request.user, request=request, details={"filters": form.used_filters()})
    context = {"form": form, "rows": rows, "filtered": True, "more": len(entries) > FILTERED_LIMIT}
    return render(request, "audit/log.html", {**context, "limit": FILTERED_LIMIT})


def _is_record_reference(object_type: str, object_id: str) -> bool:
    return (
        len(object_type) <= 100
        and len(object_id) <= 64
        and re.fullmatch(OBJECT_TYPE_PATTERN, object_type) is not None
        and re.fullmatch(OBJECT_ID_PATTERN, object_id) is not None
    )


@require_http_methods(["GET"])
def record_access_list(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    if not may_view_record_access(request.user, object_type=object_type, object_id=object_id):
        raise PermissionDenied
    if not _is_record_reference(object_type, object_id):
        raise Http404
    audit_record(
        action="audit.record_access.view",
        by=request.user,
        object_type=object_type,
        object_id=object_id,
        request=request,
    )
    page = _page(request, AuditEntry.objects.for_object(object_type, object_id).newest_first())
    context = {
        "object_type": object_type,
        "object_id": object_id,
        "page": page,
        "page_numbers": page_numbers(page),
        "rows": entry_rows(page.object_list),
    }
    return render(request, "audit/record_access.html", context)
