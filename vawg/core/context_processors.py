from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, object]:
    return {"SERVICE_NAME": settings.SERVICE_NAME, "SITE_NAME": settings.SITE_NAME, "DEMO_MODE": settings.DEMO_MODE}
