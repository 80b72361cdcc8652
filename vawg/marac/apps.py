from __future__ import annotations

from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "vawg.marac"
    label = "marac"
    verbose_name = "MARAC"

    def ready(self) -> None:
        # MARAC sits above cases, referrals and risk: it plugs into them through their registries.
        from vawg.marac import hooks

        hooks.register()
