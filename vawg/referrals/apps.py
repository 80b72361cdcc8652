from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "vawg.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from django.core import checks

        from vawg.referrals.checks import bank_holidays_configured

        checks.register(bank_holidays_configured, checks.Tags.compatibility, deploy=True)
