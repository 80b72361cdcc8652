"""Access grants about to end ("My work", docs/my-work.md): the grants the user's agencies hold or made
that end within two weeks, on cases they may see (vawg/cases/selectors.py ``grants_expiring_for``)."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.cases import selectors
from vawg.cases.models import VIEW_CASES
from vawg.core.access import require_permission

PER_PAGE = 25


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def grant_expiring_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    grants = selectors.grants_expiring_for(request.user).select_related("case", "organisation")
    page = Paginator(grants.order_by("expires_at", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "days": selectors.GRANT_EXPIRING_DAYS,
    }
    return render(request, "cases/grants_expiring.html", context)
