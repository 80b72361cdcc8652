"""Police data at /police-data/ (intelligence.import_police_data): the imports of the user's forces, the
upload of an extract (all or nothing: a refused file shows its row-level report and keeps nothing), and one
import's counts. No page here shows a person (docs/police-import.md)."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors, posted
from vawg.intelligence.config import IMPORT_POLICE_DATA, REVIEW_LINKS
from vawg.intelligence.forms.police import PoliceImportForm
from vawg.intelligence.presenters import police as presenters
from vawg.intelligence.selectors.police import police_import_get_for, police_import_link_counts, police_imports_for
from vawg.intelligence.services.police import PoliceImportRejected, forces_for, police_import

PER_PAGE = 25


@require_permission(IMPORT_POLICE_DATA)
@require_http_methods(["GET", "POST"])
def police_import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    forces = forces_for(request.user)
    form = PoliceImportForm(posted(request), request.FILES if request.method == "POST" else None, forces=forces)
    report = None
    if request.method == "POST" and forces and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = police_import(
                organisation=form.selected_force(), file_name=upload.name or "", data=upload.read(), by=request.user
            )
        except PoliceImportRejected as rejected:
            report = rejected.report
            form.add_error("file", presenters.report_summary(report))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Extract imported")
            return redirect("police:police_import_detail", police_import_id=stored.pk)
    page = Paginator(police_imports_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": form,
        "forces": forces,
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "imports": [presenters.list_rows(item) for item in page.object_list],
        "several_forces": len(forces) > 1,
        "report": report,
        "report_rows": presenters.report_rows(report) if report else [],
    }
    return render(request, "intelligence/police/import_list.html", context, status=400 if form.errors else 200)


@require_permission(IMPORT_POLICE_DATA)
@require_http_methods(["GET"])
def police_import_detail(request: AuthenticatedHttpRequest, police_import_id: UUID) -> HttpResponse:
    found = police_import_get_for(user=request.user, police_import_id=police_import_id)
    counts = police_import_link_counts(found)
    review_url = presenters.review_queue_url() if request.user.has_perm(REVIEW_LINKS) else ""
    context = {"police_import": found, "rows": presenters.import_rows(found, counts), "review_url": review_url}
    return render(request, "intelligence/police/import_detail.html", context)
