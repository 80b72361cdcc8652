"""Error pages: the right status, plain words, the right shell, and never a traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_protect

from vawg.accounts.models import User
from vawg.core import views
from vawg.core.access import is_public_view, public_view
from vawg.urls import urlpatterns as project_urlpatterns

TRACEBACK_MARKERS = ("Traceback", "File &quot;", 'File "', "RuntimeError", "exception_value", "django.core")


@public_view
def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail that must not leak")


@public_view
def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("secret detail that must not leak")


@public_view
def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("secret detail that must not leak")


@public_view
@csrf_protect
def _form(request: HttpRequest) -> HttpResponse:
    return HttpResponse("saved")


# This module is the URLconf for the tests below: the project's URLs plus views that fail.
urlpatterns = [
    *project_urlpatterns,
    path("test-errors/boom/", _boom),
    path("test-errors/forbidden/", _forbidden),
    path("test-errors/suspicious/", _suspicious),
    path("test-errors/form/", _form),
]
handler400 = "vawg.core.views.bad_request"
handler403 = "vawg.core.views.permission_denied"
handler404 = "vawg.core.views.page_not_found"
handler500 = "vawg.core.views.server_error"

pytestmark = pytest.mark.urls(__name__)


def _assert_plain(html: str) -> None:
    assert "secret detail" not in html
    for marker in TRACEBACK_MARKERS:
        assert marker not in html


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/test-errors/suspicious/", 400, "Sorry, there is a problem"),
        ("/test-errors/forbidden/", 403, "You do not have permission to use this page"),
        ("/no-such-page/", 404, "Page not found"),
        ("/test-errors/boom/", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_it_renders_each_error_page_with_its_status(db: None, url: str, status: int, heading: str) -> None:
    client = Client(raise_request_exception=False)

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == status
    assert f">{heading}</h1>" in html
    assert 'class="govuk-template__body' in html
    _assert_plain(html)


def test_it_renders_the_csrf_failure_page(db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/test-errors/form/", {"answer": "x"})
    html = response.content.decode()

    assert response.status_code == 403
    assert "Sorry, we could not send your answers" in html
    _assert_plain(html)
    assert "CSRF" not in html


@pytest.mark.parametrize("url", ["/no-such-page/", "/test-errors/boom/"])
def test_it_offers_exit_this_page_and_helplines_to_the_public(db: None, url: str) -> None:
    html = Client(raise_request_exception=False).get(url).content.decode()

    assert f'href="{reverse("public:page_exit")}"' in html
    assert "govuk-js-exit-this-page-button" in html
    assert "08 088 088 088" in html


def test_it_keeps_error_page_titles_neutral_for_the_public(client: Client, db: None) -> None:
    html = client.get("/no-such-page/").content.decode()

    assert "<title>Page not found - Hertfordshire support services</title>" in html


def test_it_shows_staff_their_own_shell_on_error_pages(
    signed_in: Callable[[User], Client], idva_a: User, settings: object
) -> None:
    response = signed_in(idva_a).get("/no-such-page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "govuk-js-exit-this-page-button" not in html
    assert f"<title>Page not found - {settings.SERVICE_NAME}</title>" in html  # type: ignore[attr-defined]


def test_it_renders_the_500_page_without_a_request_context(rf: RequestFactory) -> None:
    response = views.server_error(rf.get("/"))
    html = response.content.decode()

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert 'href="/exit/"' in html


def test_it_falls_back_to_a_plain_500_page_when_the_template_fails(
    rf: RequestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(name: str) -> object:
        raise RuntimeError("templates are broken")

    monkeypatch.setattr(views.loader, "get_template", broken)

    response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"templates are broken" not in response.content


def test_it_marks_every_error_handler_public() -> None:
    handlers = [
        views.bad_request,
        views.permission_denied,
        views.page_not_found,
        views.server_error,
        views.csrf_failure,
    ]

    assert all(is_public_view(handler) for handler in handlers)
