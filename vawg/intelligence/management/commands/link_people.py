"""``manage.py link_people``: find the people two extracts have in common (docs/identity-resolution.md).

    python manage.py link_people --left LEFT.csv --right RIGHT.csv --output LINKS.csv [--threshold P]

Both files: a header row naming ``record_id, given_name, family_name, date_of_birth`` (YYYY-MM-DD or
empty), ``postcode`` and ``phone`` (either may be empty); case and spacing of the header vary. The
output has ``left_id, right_id, match_probability``: one row for each pair at or above the threshold,
each record in at most one pair (its best; ``--all-pairs`` keeps every pair). The model trains on the
two files (no labels needed) and the match-weights chart is written beside the output (self-contained:
it loads nothing from the network). Nothing touches the database; nothing is written when an input is
refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.intelligence.linkage import config
from vawg.intelligence.linkage.extracts import ExtractError, links_csv, read_extract, write_atomically


def probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--threshold must be a probability between 0 and 1, not {text[:20]!r}.") from None
    if not 0 < value < 1:
        raise CommandError("--threshold must be more than 0 and less than 1.")
    return value


def chart_path_for(output: Path) -> Path:
    """LINKS.csv -> LINKS.match-weights.html, beside it."""
    return output.with_name(f"{output.stem}.match-weights.html")


class Command(BaseCommand):
    help = "Link the people of two CSV extracts with Splink (trained on them, no labels); write the pairs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--left", required=True, type=Path, help="the first extract, .csv")
        parser.add_argument("--right", required=True, type=Path, help="the second extract, .csv")
        parser.add_argument("--output", required=True, type=Path, help="where to write the pairs, .csv")
        parser.add_argument(
            "--threshold",
            type=probability,
            default=config.DEFAULT_THRESHOLD,
            help=f"lowest match probability written (default {config.DEFAULT_THRESHOLD})",
        )
        parser.add_argument("--chart", type=Path, help="where to write the match-weights chart (.html)")
        parser.add_argument(
            "--all-pairs", action="store_true", help="keep every pair at or above the threshold, not only the best"
        )
        parser.add_argument(
            "--no-twin-guard",
            action="store_true",
            help="also propose pairs whose given names disagree outright (for data known to hold no twins)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        chart: Path = options["chart"] or chart_path_for(output)
        for target in (output, chart):
            if not target.parent.is_dir():
                raise CommandError(f"{target}: its folder does not exist. Nothing was written.")
        try:
            left = read_extract(options["left"])
            right = read_extract(options["right"])
        except ExtractError as error:
            raise CommandError(f"{error} Nothing was written.") from None
        from vawg.intelligence.linkage.model import link  # Splink is heavy: imported only once inputs are good

        threshold = options["threshold"]
        run = link(
            left,
            right,
            threshold=threshold,
            one_to_one=not options["all_pairs"],
            twin_guard=not options["no_twin_guard"],
            chart_path=chart,
        )
        write_atomically(output, links_csv(run.pairs))
        trained = "trained on these files" if run.trained else "fixed priors (too few records to train)"
        self.stdout.write(f"Model {run.model_version}, {trained}; threshold {threshold}.")
        self.stdout.write(
            f"Read {len(left):,} left and {len(right):,} right record(s); wrote {len(run.pairs):,} pair(s) to "
            f"{output} and the match-weights chart to {chart}."
        )
