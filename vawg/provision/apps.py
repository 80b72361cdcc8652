from __future__ import annotations

from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "vawg.provision"
    label = "provision"
    verbose_name = "Services and safe accommodation"
