"""``manage.py services_check_due``: tell the keepers of directory entries not checked for 6 months.

Run it once a day from the host's scheduler (README, "Scheduled jobs"). Each keeper of the entry's agency
gets one neutral email per entry and staleness (the event key holds when it was last checked), so running
it again tells nobody twice, and a check starts the clock again (docs/service-directory.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vawg.provision.services.directory import service_check_due_notify


class Command(BaseCommand):
    help = "Email the keepers of services directory entries not checked for 6 months (once per entry and check)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = service_check_due_notify()
        self.stdout.write(f"Queued {queued} notification(s) of directory entries due a check.")
