"""``manage.py police_import --file F --force "<force name>"``: import a police extract as the system job
``police_import`` (docs/police-import.md).

All or nothing, as the upload page: a file with any bad row is refused, nothing is stored, the report is
printed (row, column, problem; never a cell's content) and the command exits with status 1. On success
it prints the import's counts. For extracts larger than the page's upload limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.accounts.models import Organisation
from vawg.intelligence.services.police import PoliceImportRejected, police_import

JOB = "police_import"


class Command(BaseCommand):
    help = "Import a police extract of domestic abuse incidents and crimes (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", required=True, help="The CSV extract to import.")
        parser.add_argument("--force", required=True, help="The name of the police force it comes from.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError("There is no file at the path given.")
        organisation = Organisation.objects.filter(name=options["force"]).first()
        if organisation is None:
            raise CommandError("No agency has that name: give the police force's name as the platform holds it.")
        try:
            stored = police_import(
                organisation=organisation, file_name=path.name, data=path.read_bytes(), system_job=JOB
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PoliceImportRejected as rejected:
            report = rejected.report
            self.stderr.write(f"The file was not imported: it has {report.total:,} problem(s). Nothing was kept.")
            for problem in report.problems:
                row = f"row {problem.row}" if problem.row is not None else "whole file"
                column = f", {problem.column}" if problem.column else ""
                self.stderr.write(f"  {row}{column}: {problem.message}")
            if report.more:
                self.stderr.write(f"  ... and {report.more:,} more.")
            raise SystemExit(1) from None
        self.stdout.write(
            f"Imported {path.name} (SHA-256 {stored.sha256}): {stored.rows:,} rows; incidents "
            f"{stored.incidents_created:,} created, {stored.incidents_updated:,} updated, "
            f"{stored.incidents_unchanged:,} unchanged; people {stored.people_created:,} new, "
            f"{stored.people_filled:,} filled in, {stored.people_differing:,} differing from the file (kept)."
        )
