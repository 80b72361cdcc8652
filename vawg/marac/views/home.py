"""The MARAC landing page: what the signed-in user can do here, by their permissions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.presenters import LinkSpec, links_for
from vawg.marac.models import COORDINATE, TAKE_PART, VIEW_RETURN

# (text, URL name, permission, hint), in the order a user needs them.
LINKS: tuple[LinkSpec, ...] = (
    ("MARAC queue", "marac:referral_queue", COORDINATE, "Cases referred to MARAC that are waiting to be listed"),
    ("Meetings and agendas", "marac:meeting_list", TAKE_PART, "Meetings your agency is invited to, and their agendas"),
    (
        "Our research",
        "marac:research_task_list",
        TAKE_PART,
        "What your agency holds on listed cases, due before meetings",
    ),
    ("Our actions", "marac:action_list", TAKE_PART, "Actions your agency agreed at MARAC, and their status"),
    ("Victims to tell", "marac:victim_to_tell_list", TAKE_PART, "Heard cases where the victim has not yet been told"),
    ("Outstanding actions by agency", "marac:action_outstanding", COORDINATE, "For coordinators"),
    ("Transfers", "marac:transfer_list", COORDINATE, "MARAC-to-MARAC transfers in and out"),
    ("Quarterly return", "marac:return_detail", VIEW_RETURN, "The SafeLives quarterly MARAC return"),
    (
        "MARAC dashboard",
        "marac:dashboard_detail",
        "strategy.view_aggregates",
        "Figures against the SafeLives benchmarks",
    ),
)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def marac_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "marac/home.html", {"links": links_for(request.user, LINKS)})
