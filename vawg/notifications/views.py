"""The page where staff choose how they are told of new work: each email straight away, or a daily digest."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.notifications.forms import NotificationPreferencesForm
from vawg.notifications.selectors import preferences_for
from vawg.notifications.services import notification_preferences_save

INTRO = (
    "We email you when there is something new for you to look at. Emails never name anyone or say what a "
    "case is about: they link to the page to sign in and see it. Choose, for each kind, whether to get each "
    "email straight away or one email a day with all of them."
)


@require_permission("accounts.use_service")
@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = NotificationPreferencesForm(posted(request), current=preferences_for(user))
    saved = submit(
        form, lambda: notification_preferences_save(user=user, choices=form.cleaned_data, by=user, request=request)
    )
    if saved:
        messages.success(request, "Your notification choices are saved")
        return redirect("notifications:notification_preferences")
    return render(request, "form_page.html", {"form": form, "title": "Email notifications", "intro": INTRO})
