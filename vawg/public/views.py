"""Public pages for survivors and residents: no sign-in, no cookies, a quick way out.

Content pages only render templates: they never touch the session, so they set
no cookie. ``exit_page`` is where every "Exit this page" control leads.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from vawg.accounts import signin
from vawg.core.access import public_view
from vawg.public.presenters import SERVICES


@public_view
@require_http_methods(["GET", "HEAD"])
def page_home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"services": SERVICES})


@public_view
@require_http_methods(["GET", "HEAD"])
def page_staying_safe(request: HttpRequest) -> HttpResponse:
    return render(request, "public/safety.html")


@public_view
@require_http_methods(["GET", "HEAD"])
def page_accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


@public_view
@require_http_methods(["GET", "HEAD"])
def page_privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/privacy.html", {"session_cookie_name": settings.SESSION_COOKIE_NAME})


# CSRF-exempt on purpose: leaving must never fail, and it only ends the visitor's own session.
@public_view
@csrf_exempt
@require_http_methods(["GET", "POST"])
def page_exit(request: HttpRequest) -> HttpResponse:
    """End the session, ask the browser to forget this site, and go to a neutral page (docs/security.md#da-4)."""
    if request.user.is_authenticated:
        signin.sign_out(request)  # staff: also ends (and audits) their StaffSession
    request.session.flush()
    response = HttpResponseRedirect(settings.EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response["Cache-Control"] = "no-store"
    return response
