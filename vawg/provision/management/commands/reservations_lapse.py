"""``manage.py reservations_lapse``: lapse every reservation past its time, freeing its unit.

A reservation holds its unit for RESERVATION_HOLD_HOURS (docs/safe-accommodation.md#reservations). Reads
already treat a reservation past its time as over, and reserving a unit lapses any on it first; this marks
the rest as lapsed (a status row and an audit entry each, by the system job ``reservations_lapse``) so
lists and the provider's page agree. Run it every 5 minutes from the host's scheduler (README, "Scheduled
jobs").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vawg.provision.services.accommodation import reservations_lapse


class Command(BaseCommand):
    help = "Lapse every safe accommodation reservation past its time, freeing its unit."

    def handle(self, *args: Any, **options: Any) -> None:
        lapsed = reservations_lapse()
        self.stdout.write(f"Lapsed {lapsed} reservation(s).")
