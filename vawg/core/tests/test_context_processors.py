"""The staff navigation: only what each person may use, nothing for the public."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.urls import include, path, resolve

from vawg.accounts.models import User
from vawg.core.access import public_view
from vawg.core.context_processors import nav_items, shell


@public_view
def _page(request: HttpRequest) -> HttpResponse:
    return render(request, "staff_base.html")


# This module is the URLconf for the tests below: stand-ins for the pages the navigation links to.
urlpatterns = [
    path("", include("vawg.public.urls")),
    path(
        "home/", include(([path("", _page, name="staff_home"), path("sign-out/", _page, name="sign_out")], "accounts"))
    ),
    path(
        "audit/", include(([path("", _page, name="entry_list"), path("<int:entry_id>/", _page, name="entry")], "audit"))
    ),
    path("tokens/", include(([path("", _page, name="token_list")], "api_tokens"))),
    path("admin/", include(([path("", _page, name="index")], "admin"))),
]

pytestmark = pytest.mark.urls(__name__)


def _request(rf: RequestFactory, user: User | AnonymousUser, url: str = "/home/") -> HttpRequest:
    request = rf.get(url)
    request.user = user
    request.resolver_match = resolve(url)
    return request


def _texts(request: HttpRequest) -> list[str]:
    return [item.text for item in nav_items(request)]


def test_it_shows_no_navigation_to_the_public(rf: RequestFactory) -> None:
    request = _request(rf, AnonymousUser())

    assert nav_items(request) == []
    assert shell(request)["nav_sign_out_url"] is None


def test_it_shows_caseworkers_only_what_they_may_use(rf: RequestFactory, idva_a: User) -> None:
    assert _texts(_request(rf, idva_a)) == ["Home", "API tokens"]


def test_it_shows_administrators_everything(rf: RequestFactory, admin_user: User) -> None:
    assert _texts(_request(rf, admin_user)) == ["Home", "Audit log", "API tokens", "Administration"]


def test_it_marks_the_current_page_and_section(rf: RequestFactory, admin_user: User) -> None:
    on_log = {item.text: item for item in nav_items(_request(rf, admin_user, "/audit/"))}
    in_section = {item.text: item for item in nav_items(_request(rf, admin_user, "/audit/7/"))}

    assert on_log["Audit log"].current
    assert not on_log["Home"].current
    assert not on_log["Home"].active
    assert in_section["Audit log"].active
    assert not in_section["Audit log"].current


def test_it_leaves_out_links_to_pages_not_built_yet(rf: RequestFactory, admin_user: User) -> None:
    request = _request(rf, admin_user)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("vawg.core.context_processors._NAVIGATION", (("Missing", "nowhere:page", "", ""),))
        assert nav_items(request) == []


def test_it_renders_the_navigation_and_a_sign_out_button(signed_in: Callable[[User], Client], admin_user: User) -> None:
    html = signed_in(admin_user).get("/audit/").content.decode()

    assert '<a class="govuk-service-navigation__link" href="/audit/" aria-current="page">' in html
    assert 'href="/admin/"' in html
    assert '<form class="app-service-navigation__form" method="post" action="/home/sign-out/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_it_renders_no_navigation_for_the_public(client: Client, db: None) -> None:
    html = client.get("/home/").content.decode()

    assert "govuk-service-navigation__list" not in html
    assert "Sign out" not in html


def test_it_shows_the_demo_tag_only_in_demo_mode(client: Client, db: None, settings: object) -> None:
    settings.DEMO_MODE = True  # type: ignore[attr-defined]
    assert "Demo: synthetic data only" in client.get("/home/").content.decode()

    settings.DEMO_MODE = False  # type: ignore[attr-defined]
    assert "Demo: synthetic data only" not in client.get("/home/").content.decode()
