"""``manage.py rfg``: the RFG ranking over files, with the DuckDB engine (docs/rfg.md).

    python manage.py rfg --incidents INCIDENTS.csv --weights WEIGHTS.csv --as-of YYYY-MM-DD --output SCORES.csv

Incidents (CSV or Parquet, by extension): ``incident_id, perpetrator_id, victim_id, occurred_on,
offence_code``; weights (CSV): ``offence_code, weight``. Local model, not Northumbria's; advisory only.
Nothing is stored in the database and nothing is written when the inputs are refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.intelligence.rfg.engine import score_file
from vawg.intelligence.rfg.weights import read_weights_csv
from vawg.intelligence.rules.rfg import MODEL_LABEL, MODEL_VERSION, RfgInputError


def as_of_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {text[:20]!r}.") from None


class Command(BaseCommand):
    help = "Rank people causing harm by recency, frequency, gravity and victims (local model; advisory only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--incidents", required=True, type=Path, help="incidents, .csv or .parquet")
        parser.add_argument("--weights", required=True, type=Path, help="harm weights, .csv (offence_code, weight)")
        parser.add_argument("--as-of", required=True, dest="as_of", help="the date to score on, YYYY-MM-DD")
        parser.add_argument("--output", required=True, type=Path, help="where to write the scores, .csv")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = as_of_date(options["as_of"])
        try:
            weights = read_weights_csv(Path(options["weights"]))
            summary = score_file(
                incidents=Path(options["incidents"]), weights=weights, as_of=as_of, output=Path(options["output"])
            )
        except RfgInputError as error:
            raise CommandError(f"{error} Nothing was written.") from None
        self.stdout.write(f"RFG model {MODEL_VERSION} ({MODEL_LABEL}; advisory only), as of {as_of:%Y-%m-%d}.")
        self.stdout.write(
            f"Read {summary.incidents:,} incident(s), {summary.incidents_in_window:,} in the window; "
            f"scored {summary.people_scored:,} people, {summary.serial:,} flagged serial."
        )
        self.stdout.write(f"Wrote {summary.output}")
