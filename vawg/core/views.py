# placeholder: replaced by the frontend work
from django.http import HttpRequest, HttpResponse


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponse("Forbidden", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse("Bad request", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse("Forbidden", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse("Not found", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Server error", status=500)
