from __future__ import annotations

from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "vawg.provision"
    label = "provision"
    verbose_name = "Services and safe accommodation"

    def ready(self) -> None:
        self._register_directory()
        self._register_accommodation()

    def _register_directory(self) -> None:
        """The directory's hooks into lower apps (My work, notifications, routing)."""

    def _register_accommodation(self) -> None:
        """Safe accommodation's hooks into lower apps (My work, notifications, the case page)."""
