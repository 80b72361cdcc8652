"""Print the current sign-in code of a demo user's authenticator (demo mode only)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the current 6-digit code of the confirmed authenticator of the user with this email address. "
        "Refuses to run unless VAWG_DEMO is on: it exists so people can try the demo without a phone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The demo user's email address.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_totp only runs in demo mode (set VAWG_DEMO=true). It never runs in production.")
        email = str(options["email"]).strip().lower()
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"No user with a confirmed authenticator has the email address {email}.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():0{device.digits}d}")
