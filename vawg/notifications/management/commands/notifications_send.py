"""``manage.py notifications_send``: send every staff notification that is due now.

The background worker sends each message as it is queued; this catches the rest: messages waiting to be
tried again after a failure, and messages a worker claimed but never confirmed (it stopped mid-send).
Those are sent again only if the gateway has no notification with their reference. Run it every few
minutes from the host's scheduler (README, "Scheduled jobs").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vawg.notifications.services import notifications_send_due


class Command(BaseCommand):
    help = "Send the staff notifications that are due, retried, or left unconfirmed by a stopped worker."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = notifications_send_due()
        self.stdout.write(f"Sent {sent} notification(s).")
