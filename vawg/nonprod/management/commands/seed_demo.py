"""``manage.py seed_demo [--seed N] [--base-url URL]``: fill an empty demo database with a synthetic partnership.

Creates Hertfordshire's ten districts, about thirty fictional "(demo)"
agencies (one or more of every agency type) and one demo account per role,
``<role>@demo.invalid``, each with a confirmed authenticator (TOTP) device; then
the default routing rules (pinned to the demo providers) and about 300 synthetic
referrals over the last two years, worked through triage, acceptance, cases and
risk by the demo staff (vawg/nonprod/demo/referrals.py). Prints counts only.
Deterministic for a given seed; running it again creates and changes nothing.
The password is DEMO_PASSWORD, or a fixed demo passphrase when that is unset.
Prints where to sign in: --base-url (``make demo`` passes its PORT) plus the sign-in path.
Installed only when VAWG_DEMO=true.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.urls import reverse

from vawg.nonprod.demo.data import DEFAULT_PASSWORD
from vawg.nonprod.services import SeedReport, demo_data_seed

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Create synthetic demo data (districts, fictional agencies, one <role>@demo.invalid account per role "
        "with a confirmed TOTP device, routing rules, about 300 referrals and their cases). "
        "Deterministic per --seed; safe to run again (creates nothing twice)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="Random seed for the synthetic data (default 42).")
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Where the demo is served, for the printed sign-in address (default {DEFAULT_BASE_URL}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo runs only in demo mode (VAWG_DEMO=true).")
        base_url = str(options["base_url"]).rstrip("/")
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError as exc:
            raise CommandError(f"--base-url must be an http:// or https:// address, not {base_url!r}.") from exc
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            report = demo_data_seed(seed=options["seed"], password=password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD is not accepted: " + " ".join(exc.messages)) from exc
        self._print(report, password, sign_in_url=base_url + reverse("accounts:sign_in_password"))

    def _print(self, report: SeedReport, password: str, *, sign_in_url: str) -> None:
        created = {**report.created, **report.casework.created}
        counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in created.items())
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Demo data seeded (seed {report.seed}): created {counts}."))
        else:
            self.stdout.write(f"Demo data already in place (seed {report.seed}): nothing to create.")
        self.stdout.write("")
        self.stdout.write("The demo database now holds (synthetic data only):")
        for name, count in report.totals.items():
            self.stdout.write(f"  {count:>6}  {name}")
        self.stdout.write("")
        self.stdout.write(f"Sign in at {sign_in_url}")
        self.stdout.write("Synthetic demo accounts:")
        self.stdout.write("")
        email_width = max(len(account.email) for account in report.accounts)
        role_width = max(len(account.role.label) for account in report.accounts)
        self.stdout.write(f"  {'Email'.ljust(email_width)}  {'Role'.ljust(role_width)}  Agency")
        for account in report.accounts:
            self.stdout.write(
                f"  {account.email.ljust(email_width)}  {account.role.label.ljust(role_width)}  {account.agency}"
            )
        self.stdout.write("")
        self.stdout.write(f"Password for every demo account: {password}")
        self.stdout.write("Get the 6-digit code with: make totp EMAIL=idva@demo.invalid")
        if report.serial_case:
            self.stdout.write("")
            self.stdout.write(
                f"Serial flag: idva@demo.invalid sees it beside the person causing harm on case {report.serial_case}."
            )
