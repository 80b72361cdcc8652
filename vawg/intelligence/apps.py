from __future__ import annotations

from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    """People causing harm: police data, identity resolution, the RFG ranking, serial flags and MATAC."""

    name = "vawg.intelligence"
    label = "intelligence"
    verbose_name = "People causing harm"

    def ready(self) -> None:
        # Each part registers its hooks into lower apps (ADR 0009) from its own module.
        pass
