"""``manage.py notifications_digest``: send each user one email with the notifications they chose to
receive as a daily digest, grouped by kind (a count per kind and the links). Run it once a day from the
host's scheduler (README, "Scheduled jobs"); a user with nothing waiting gets nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vawg.notifications.models import NotificationState
from vawg.notifications.services import digests_build, notification_deliver


class Command(BaseCommand):
    help = "Send one digest email per user with the notifications waiting for their daily digest."

    def handle(self, *args: Any, **options: Any) -> None:
        digests = digests_build()
        sent = sum(notification_deliver(notification_id=d.pk) == NotificationState.SENT for d in digests)
        self.stdout.write(f"Built {len(digests)} digest(s); sent {sent}.")
