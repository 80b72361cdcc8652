"""The service directory on staff pages: the list with its filters, "Your agency's services", an entry
with its versions, adding and changing an entry, marking it checked, and the routing rules naming it.

Everyone holding provision.view_directory sees every entry (none holds a refuge's address). Only a keeper
of the entry's agency (or a system administrator) may change it: anyone else gets 403 (the services
check it again).
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.presenters import page_numbers
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.provision.config import KEEP_SERVICES, VIEW_DIRECTORY
from vawg.provision.forms.directory import RoutingRulesForm, ServiceFilterForm, ServiceForm
from vawg.provision.models import Service
from vawg.provision.presenters import directory as presenters
from vawg.provision.selectors import directory as selectors
from vawg.provision.services import directory as services

PER_PAGE = 50
CHANGE_ROUTING_RULES = services.CHANGE_ROUTING_RULES


def _kept(request: AuthenticatedHttpRequest, service: Service) -> bool:
    return Service.objects.kept_by(request.user).filter(pk=service.pk).exists()


@require_permission(VIEW_DIRECTORY)
@require_http_methods(["GET"])
def service_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    asked = {key: value for key, value in request.GET.items() if key != "page"}
    form = ServiceFilterForm(asked or None)
    # A filter that is not understood shows its error and no list, rather than every service.
    refused = form.is_bound and not form.is_valid()
    services_found = (
        Service.objects.none() if refused else selectors.service_list_for(user=request.user, wanted=form.wanted())
    )
    page = Paginator(services_found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filtered": any(asked.values()),
        "page": page,
        "page_numbers": page_numbers(cast(Any, page)),
        "rows": presenters.service_rows(page.object_list),
        "may_keep": request.user.has_perm(KEEP_SERVICES),
    }
    return render(request, "provision/directory/list.html", context)


@require_permission(KEEP_SERVICES)
@require_http_methods(["GET"])
def service_list_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    due_only = request.GET.get("due") == "1"
    rows = presenters.service_rows(selectors.service_list_mine(user=request.user, due_only=due_only))
    context = {"rows": rows, "due_only": due_only, "may_add": bool(services.agencies_for_new_service(request.user))}
    return render(request, "provision/directory/mine.html", context)


@require_permission(VIEW_DIRECTORY)
@require_http_methods(["GET"])
def service_detail(request: AuthenticatedHttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_get_for(user=request.user, service_id=service_id)
    may_set_rules = request.user.has_perm(CHANGE_ROUTING_RULES)
    rules = selectors.routing_rules_naming(service)
    context = {
        "service": service,
        "rows": presenters.summary_rows(service),
        "versions": presenters.version_rows(selectors.service_versions(service)),
        "may_change": _kept(request, service),
        "rule_names": presenters.rule_names(rules),
        "rules_form": RoutingRulesForm(initial={"rules": rules}) if may_set_rules else None,
    }
    return render(request, "provision/directory/detail.html", context)


@require_permission(KEEP_SERVICES)
@require_http_methods(["GET", "POST"])
def service_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = services.agencies_for_new_service(request.user)
    if not agencies:
        raise PermissionDenied
    form = ServiceForm(posted(request), agencies=agencies, initial={"listed_publicly": True})
    service = submit(
        form,
        lambda: services.service_create(
            organisation=form.cleaned_data.get("organisation") or agencies[0],
            details=form.details(),
            by=request.user,
            request=request,
        ),
    )
    if service is not None:
        messages.success(request, f"{service.name} added to the directory")
        return redirect("directory:service_detail", service_id=service.pk)
    return render(request, "provision/directory/form.html", {"form": form, "service": None})


@require_permission(KEEP_SERVICES)
@require_http_methods(["GET", "POST"])
def service_change(request: AuthenticatedHttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_get_for(user=request.user, service_id=service_id)
    if not _kept(request, service):
        raise PermissionDenied
    form = ServiceForm(posted(request), initial=ServiceForm.initial_for(service))
    changed = submit(
        form, lambda: services.service_change(service=service, details=form.details(), by=request.user, request=request)
    )
    if changed is not None:
        messages.success(request, f"{service.name} changed")
        return redirect("directory:service_detail", service_id=service.pk)
    return render(request, "provision/directory/form.html", {"form": form, "service": service})


@require_permission(KEEP_SERVICES)
@require_http_methods(["POST"])
def service_check(request: AuthenticatedHttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_get_for(user=request.user, service_id=service_id)
    flash_outcome(
        request,
        lambda: services.service_mark_checked(service=service, by=request.user, request=request),
        lambda checked: f"{checked.name} marked as checked today",
    )
    return redirect("directory:service_detail", service_id=service.pk)


@require_permission(CHANGE_ROUTING_RULES)
@require_http_methods(["GET", "POST"])
def service_routing_rules_set(request: AuthenticatedHttpRequest, service_id: UUID) -> HttpResponse:
    service = selectors.service_get_for(user=request.user, service_id=service_id)
    form = RoutingRulesForm(posted(request), initial={"rules": selectors.routing_rules_naming(service)})
    saved = submit(
        form,
        lambda: services.service_routing_rules_set(
            service=service, rules=form.cleaned_data["rules"], by=request.user, request=request
        ),
    )
    if saved is not None:
        messages.success(request, f"Routing rules naming {service.name} saved")
        return redirect("directory:service_detail", service_id=service.pk)
    return render(request, "provision/directory/routing_rules.html", {"form": form, "service": service})
