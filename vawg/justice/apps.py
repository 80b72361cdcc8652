from __future__ import annotations

from django.apps import AppConfig


class JusticeConfig(AppConfig):
    """Protective orders and disclosures (deadlines, alerts, breaches) and crime outcomes (the attrition funnel)."""

    name = "vawg.justice"
    label = "justice"
    verbose_name = "Justice"

    def ready(self) -> None:
        # Each part registers its hooks into lower apps (ADR 0009) from its own function here.
        pass
