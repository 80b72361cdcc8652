"""The vacancy board (provision.request_accommodation): every open unit the worker may see, when it is
free, its features and provider, filtered from the query string. Never an address."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.provision.config import REQUEST_ACCOMMODATION
from vawg.provision.forms.accommodation import VacancyFilterForm
from vawg.provision.presenters import accommodation as presenters
from vawg.provision.selectors import journey as selectors


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET"])
def vacancy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = VacancyFilterForm(request.GET or None)
    rows = presenters.unit_table(selectors.vacancies_for(request.user, form.wanted_filter()))
    return render(request, "provision/accommodation/vacancy_list.html", {"form": form, "rows": rows})
