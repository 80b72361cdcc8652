# placeholder: replaced by the accounts work
from django.http import HttpRequest, HttpResponse


def locked_out(request: HttpRequest, credentials: object = None, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("Locked", status=429)
