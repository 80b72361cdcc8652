"""Pages where staff make and revoke their own API tokens."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.api.forms import ApiTokenCreateForm
from vawg.api.models import ApiToken
from vawg.api.presenters import token_rows
from vawg.api.selectors import api_token_get_for
from vawg.api.services import api_token_create, api_token_revoke
from vawg.core.access import require_permission


def _list_page(request: AuthenticatedHttpRequest, form: ApiTokenCreateForm) -> HttpResponse:
    rows = token_rows(ApiToken.objects.owned_by(request.user))
    return render(request, "api/token_list.html", {"rows": rows, "form": form})


@require_permission("api.use_api")
@require_http_methods(["GET"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list_page(request, ApiTokenCreateForm())


@require_permission("api.use_api")
@require_http_methods(["POST"])
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form)
    token, plain = api_token_create(user=request.user, name=form.cleaned_data["name"], by=request.user)
    # Shown on this response only (never stored, never redirected to): the page is no-store.
    return render(request, "api/token_created.html", {"token": token, "plain_token": plain})


@require_permission("api.use_api")
@require_http_methods(["POST"])
def token_revoke(request: AuthenticatedHttpRequest, token_id: UUID) -> HttpResponse:
    token = api_token_get_for(user=request.user, token_id=token_id)
    api_token_revoke(token=token, by=request.user, reason="Revoked by its owner")
    return redirect("api_tokens:token_list")
