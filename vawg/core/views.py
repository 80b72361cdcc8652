"""Error pages: plain, helpful, in the GOV.UK style, and never a stack trace.

Signed-in staff see the staff shell; anyone else sees the public shell, with
"Exit this page", because a survivor can land on an error page too. The 500
page is rendered with no request context at all, so that it still renders when
whatever broke the request (the database, the session, a context processor)
is still broken.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse

from vawg.core.access import public_view
from vawg.core.context_processors import PHASE_TAG

logger = logging.getLogger(__name__)

_PLAIN_500 = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service'
    "</title></head><body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    "<p>If you are in danger now, call 999.</p></body></html>"
)


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        shell = {"base_template": "staff_base.html", "site_title": settings.SERVICE_NAME}
    else:
        shell = {"base_template": "public_base.html", "site_title": settings.PUBLIC_SITE_NAME}
    return render(request, template, shell, status=status)


@public_view
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


@public_view
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


@public_view
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


@public_view
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, "errors/csrf.html", 403)


@public_view
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        try:
            exit_url = reverse("public:page_exit")
        except NoReverseMatch:
            exit_url = ""
        html = loader.get_template("errors/500.html").render({"exit_url": exit_url, "PHASE_TAG": PHASE_TAG})
    except Exception:
        logger.exception("The 500 page could not be rendered; sent the plain one instead")
        html = _PLAIN_500
    return HttpResponseServerError(html)
