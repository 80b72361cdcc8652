"""Headers every response carries."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page the application renders (docs/security.md#s-36).

    Staff pages hold case data and survivor pages must leave no trace, so no
    dynamic response may be cached anywhere. Static files (served by WhiteNoise
    before this runs) are the only cacheable responses.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response["Pragma"] = "no-cache"
        return response


class ResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy`` and ``Permissions-Policy`` on every response (docs/security.md#s-31).

    It sits above WhiteNoise, with Django's ``XFrameOptionsMiddleware`` and django-csp's
    middleware, so static files and the API's rewritten JSON errors carry them too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
