"""``manage.py demo_police_extract --output PATH [--seed N] [--reference]``: write the demo's synthetic police
extract (vawg/nonprod/demo/intelligence/extract.py) as a CSV file, to try the police import with.

Without ``--reference``: the extract for the demo seeded in this database (what ``seed_demo`` imported;
importing it again changes nothing). With ``--reference``: in a database without a demo, seed one anchored
at the extract's reference moment, write its extract and roll the seed back: how the shipped
``police_extract.csv`` is made. Prints counts only. Installed only when VAWG_DEMO=true.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from vawg.core.models import save_valid
from vawg.nonprod.demo.data import DEFAULT_PASSWORD
from vawg.nonprod.demo.intelligence.extract import EXTRACT_ANCHOR, EXTRACT_PATH, demo_extract
from vawg.nonprod.models import DemoClock
from vawg.nonprod.services import demo_data_seed


class Command(BaseCommand):
    help = (
        "Write the demo's synthetic police extract (CSV) for the demo in this database, or with --reference "
        f"the shipped one ({EXTRACT_PATH.name}) from a demo seeded and rolled back in an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="Where to write the CSV file.")
        parser.add_argument("--seed", type=int, default=42, help="The demo's seed (default 42).")
        parser.add_argument(
            "--reference",
            action="store_true",
            help="Seed a demo anchored at the reference moment in this (empty) database and roll it back.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_police_extract runs only in demo mode (VAWG_DEMO=true).")
        seed = int(options["seed"])
        clock = DemoClock.objects.order_by("created_at").first()
        if options["reference"]:
            if clock is not None:
                raise CommandError("--reference needs a database without a demo: it seeds one and rolls it back.")
            with transaction.atomic():
                save_valid(DemoClock(anchored_at=EXTRACT_ANCHOR))
                demo_data_seed(seed=seed, password=DEFAULT_PASSWORD)
                data, walkthrough = demo_extract(seed=seed, anchor=EXTRACT_ANCHOR)
                transaction.set_rollback(True)
        elif clock is None:
            raise CommandError("There is no demo in this database: run seed_demo first, or use --reference.")
        else:
            data, walkthrough = demo_extract(seed=seed, anchor=clock.anchored_at)
        output = Path(options["output"])
        output.write_bytes(data)
        rows = data.count(b"\n") - 1
        self.stdout.write(f"Wrote {rows} incidents to {output} (serial walkthrough case {walkthrough or 'none'}).")
