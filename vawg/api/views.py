"""Pages where staff make and revoke their own API tokens."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.api.forms import ApiTokenCreateForm
from vawg.api.models import ApiToken
from vawg.api.services import api_token_create, api_token_revoke
from vawg.core.access import require_permission


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # the staff session middleware guarantees a User
    return user


def _list_page(request: HttpRequest, form: ApiTokenCreateForm) -> HttpResponse:
    tokens = ApiToken.objects.owned_by(_user(request))
    return render(request, "api/token_list.html", {"tokens": tokens, "form": form})


@require_permission("api.use_api")
@require_http_methods(["GET"])
def token_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, ApiTokenCreateForm())


@require_permission("api.use_api")
@require_http_methods(["POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form)
    user = _user(request)
    token, plain = api_token_create(user=user, name=form.cleaned_data["name"], by=user)
    # Shown on this response only (never stored, never redirected to): the page is no-store.
    return render(request, "api/token_created.html", {"token": token, "plain_token": plain})


@require_permission("api.use_api")
@require_http_methods(["POST"])
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken.objects.owned_by(user), pk=token_id)
    api_token_revoke(token=token, by=user, reason="Revoked by its owner")
    return redirect("api_tokens:token_list")
