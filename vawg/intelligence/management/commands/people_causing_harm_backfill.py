"""``manage.py people_causing_harm_backfill``: give every person causing harm already recorded on a case
their own record (held by the case's owning agency), then assess every record's serial flag.

Adding a person causing harm to a case does this at once (cases' CASE_PARTY_ADDED); this command is for
parties stored before that, and is safe to run again: a record or agency link that exists is left as it
is. Everything it writes is audited under the system job ``people_causing_harm_backfill``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vawg.intelligence.services.harm import people_causing_harm_backfill


class Command(BaseCommand):
    help = "Give every person causing harm on a case their own record, and assess serial flags."

    def handle(self, *args: Any, **options: Any) -> None:
        parties = people_causing_harm_backfill()
        self.stdout.write(f"Went through {parties} person-causing-harm part(ies) on cases.")
