"""``manage.py create_admin``: the first system administrator of a new partnership.

    python manage.py create_admin --email EMAIL --name "Full Name" --agency "Agency name" \\
        [--agency-type county-council] [--base-url https://vawg.example.gov.uk] [--reset]

Creates (or reuses) the agency, the user and an admin membership through the
accounts services (audited as system job "create_admin") and prints a one-time
set-up link, alone on the last line. Nobody sets or sees the password: the
person opens the link, creates their password, then sets up an authenticator.
Refuses a user who is already an administrator with a password unless --reset.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.services import admin_bootstrap

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Create (or reuse) an agency, a user and their system administrator membership, and print a one-time "
        "set-up link for them on the last line. Use --reset to reset an existing administrator's password "
        "and authenticator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The administrator's work email address.")
        parser.add_argument("--name", required=True, help="Their full name.")
        parser.add_argument("--agency", required=True, help="The agency's name (reused if it exists).")
        parser.add_argument(
            "--agency-type",
            default=OrganisationType.COUNTY_COUNCIL.value,
            choices=OrganisationType.values,
            help="The agency's type, if it is created (default county-council).",
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Where the service is reached, for the link (default {DEFAULT_BASE_URL}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="The user is already an administrator: remove their password and authenticator, and issue a link.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = str(options["base_url"]).rstrip("/")
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError as exc:
            raise CommandError(f"--base-url must be an http:// or https:// address, not {base_url!r}.") from exc
        try:
            result = admin_bootstrap(
                email=options["email"],
                full_name=options["name"],
                agency_name=options["agency"],
                agency_type=options["agency_type"],
                reset=options["reset"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        created = ", ".join(result.created) or "nothing (all were in place)"
        expires = timezone.localtime(result.link.expires_at)
        self.stdout.write(f"Agency: {result.organisation.name}")
        self.stdout.write(f"Administrator: {result.user.full_name} <{result.user.email}>")
        self.stdout.write(f"Created: {created}")
        self.stdout.write(
            f"Give this one-time set-up link to {result.user.full_name} by a safe channel (in person or by phone). "
            f"It works once, until {expires:%H:%M on %d %B %Y}. With it they create their password, then set up "
            "an authenticator app. Running this command again cancels it."
        )
        self.stdout.write(base_url + reverse("accounts:setup_link_use", kwargs={"token": result.token}))
