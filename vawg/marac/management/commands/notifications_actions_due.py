"""``manage.py notifications_actions_due``: email owners of MARAC actions due within two days or overdue.

Run it once a day from the host's scheduler (README, "Scheduled jobs"). Each owner is told once per
action and due date (the event key holds the date), so moving the date tells them again; an owner
the action's case now hides them from (a deny-list entry) is never told.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.marac.models import MaracAction
from vawg.notifications.selectors import recipients_who_see
from vawg.notifications.services import notification_queue

# An action is worth an email once it is due within this many days (or already overdue).
DAYS_BEFORE_DUE = 2


def _sees(user: User, *, action_id: UUID) -> bool:
    return MaracAction.objects.visible_to(user).filter(pk=action_id).exists()


def actions_due_notify() -> int:
    """Queue one marac-action-due email per outstanding, owned action due soon or overdue; return how many."""
    last_day = timezone.localdate() + timedelta(days=DAYS_BEFORE_DUE)
    actions = (
        MaracAction.objects.outstanding().filter(owner__isnull=False, due_on__lte=last_day).select_related("owner")
    )
    queued = 0
    for action in actions:
        owners = [action.owner] if action.owner else []
        queued += notification_queue(
            kind="marac-action-due",
            recipients=recipients_who_see(owners, sees=partial(_sees, action_id=action.pk)),
            event=f"marac-action:{action.pk}:due:{action.due_on.isoformat()}",
            link=reverse("marac:action_detail", kwargs={"action_id": action.pk}),
        )
    return queued


class Command(BaseCommand):
    help = "Email the owners of MARAC actions due within two days or overdue (once per action and due date)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = actions_due_notify()
        self.stdout.write(f"Queued {queued} notification(s) of MARAC actions due.")
