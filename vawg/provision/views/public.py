"""The public service finder at /find-support/: no sign-in, a GET form, 20 results a page.

Nothing personal is asked or kept, so the answers sit in the address (a bookmark or the back button
works) and nothing is audited. Only listed services are shown, through the directory's one filter.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.audit.presenters import page_numbers
from vawg.core.access import public_view
from vawg.provision.forms.public import FinderForm
from vawg.provision.models import Service
from vawg.provision.presenters.public import service_results
from vawg.provision.selectors.directory import services_matching

PER_PAGE = 20
FIELDS = frozenset(FinderForm.base_fields)


@public_view
@require_http_methods(["GET", "HEAD"])
def service_find(request: HttpRequest) -> HttpResponse:
    # Bound only when the visitor has answered something, so the first visit shows no errors.
    form = FinderForm(request.GET if FIELDS & set(request.GET) else None)
    context: dict[str, Any] = {"form": form, "page": None}
    if not form.is_bound or form.is_valid():
        wanted = form.wanted() if form.is_bound else None
        services = Service.objects.listed().for_survivors().select_related("organisation").prefetch_related("districts")
        if wanted is not None:
            services = services_matching(services, wanted)
        page = Paginator(services.order_by("name", "id"), PER_PAGE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "page_numbers": page_numbers(cast(Any, page)),
            "results": service_results(page.object_list),
            "filtered": form.is_bound,
        }
    return render(request, "provision/public/find.html", context)
