"""``manage.py create_api_token --email EMAIL [--name NAME] [--days N]``

Makes a personal API token for an existing, active user who holds "api.use_api",
and prints it alone on the last line of the output (so scripts can take
``| tail -n 1``). The token is shown only here: it is not stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vawg.accounts.models import User
from vawg.api.services import MAX_TOKEN_DAYS, api_token_create


class Command(BaseCommand):
    help = "Make a personal API token for a user and print it on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The user's email address")
        parser.add_argument("--name", default="Created on the command line", help="What the token is for")
        parser.add_argument("--days", type=int, default=None, help=f"Lifetime in days (1 to {MAX_TOKEN_DAYS})")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"There is no user with the email address {email}")
        if not user.is_active:
            raise CommandError(f"The user {email} is disabled: an API token cannot be made for them")
        if not user.has_perm("api.use_api"):
            raise CommandError(f"The user {email} may not use the API (they hold no role with api.use_api)")
        try:
            token, plain = api_token_create(
                user=user,
                name=options["name"],
                by=None,
                system_job="create_api_token",
                days=options["days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("; ".join(messages)) from exc
        self.stdout.write(
            f"API token {token.name!r} for {email}, expires {token.expires_at:%Y-%m-%d %H:%M %Z}. "
            "Store it safely: it will not be shown again."
        )
        self.stdout.write(plain)
