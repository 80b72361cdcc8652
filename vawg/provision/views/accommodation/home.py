"""The landing page of safe accommodation: links by permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.presenters import links_for
from vawg.provision.presenters.accommodation import LINKS


@require_permission("accounts.use_service")
@require_http_methods(["GET"])
def accommodation_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    links = links_for(request.user, LINKS)
    if not links:  # neither a provider nor a worker who finds places
        raise PermissionDenied
    return render(request, "provision/accommodation/home.html", {"links": links})
