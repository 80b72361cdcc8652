"""``manage.py harm_weights_load``: load a harm weight table for the RFG ranking (docs/rfg.md).

    python manage.py harm_weights_load --file WEIGHTS.csv --scheme cchi|ons-css|local --version V \
        --source URL [--make-current] [--unconfirmed]

All or nothing: every offence code of the configured list (and the non-crime code) needs a weight, each a
non-negative number; a refused file stores nothing. Audited as the system job ``harm_weights_load``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.intelligence.models import WeightScheme
from vawg.intelligence.rfg.weights import read_weights_csv
from vawg.intelligence.rules.rfg import RfgInputError
from vawg.intelligence.services.rfg import harm_weight_table_load

JOB = "harm_weights_load"


class Command(BaseCommand):
    help = "Load a harm weight table (CCHI, ONS CSS or local) for the RFG ranking, all or nothing."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # ``--version`` is the table's version here, not Django's own version option.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", required=True, type=Path, help="a CSV with offence_code and weight columns")
        parser.add_argument("--scheme", required=True, choices=list(WeightScheme.values))
        parser.add_argument("--version", required=True, dest="table_version", help="the table's version")
        parser.add_argument("--source", required=True, help="where the weights come from (a URL or reference)")
        parser.add_argument("--make-current", action="store_true", help="use this table for runs from now on")
        parser.add_argument("--unconfirmed", action="store_true", help="tag the table UNCONFIRMED on every page")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("table_version", "source"):
            if not options[name].strip():
                raise CommandError(f"--{name.removeprefix('table_')} may not be empty.")
        try:
            weights = read_weights_csv(Path(options["file"]))
            table = harm_weight_table_load(
                weights=weights,
                scheme=options["scheme"],
                version=options["table_version"].strip(),
                source=options["source"].strip(),
                make_current=options["make_current"],
                is_unconfirmed=options["unconfirmed"],
                system_job=JOB,
            )
        except RfgInputError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)} Nothing was loaded.") from None
        state = "now current" if table.is_current else "not current: runs keep using the current table"
        self.stdout.write(f"Loaded {table} with {len(weights)} weight(s); {state}.")
