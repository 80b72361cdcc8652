"""``manage.py serial_assess [--on YYYY-MM-DD]``: reassess the serial flag of every person causing harm.

The flag looks back 1,095 days from the day it is assessed (docs/people-causing-harm.md#serial), so an
encounter leaves the window every day: run this daily from the host's scheduler (README, "Scheduled
jobs"). Each flag that changes is audited under the system job ``serial_assess``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.intelligence.services.serial import serial_assess


class Command(BaseCommand):
    help = "Reassess the serial flag of every person causing harm (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="The day to assess as of (YYYY-MM-DD); today when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("Enter the day as YYYY-MM-DD, for example 2026-06-15") from None
        changed = serial_assess(on=on)
        self.stdout.write(f"Reassessed every person causing harm: {changed} flag(s) changed.")
