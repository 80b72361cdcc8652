from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Behaviour-change programmes, partner support and high-harm case management."""

    name = "vawg.programmes"
    label = "programmes"
    verbose_name = "Behaviour-change programmes"

    def ready(self) -> None:
        # Each part registers its hooks into lower apps (ADR 0009) from its own function here.
        pass
