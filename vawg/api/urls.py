"""Token pages, mounted at /account/api-tokens/ (the API itself is vawg/api/api.py)."""

from __future__ import annotations

from django.urls import path

from vawg.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("new/", views.token_create, name="token_create"),
    path("<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
