from __future__ import annotations

import importlib

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vawg.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Disabling a user revokes their tokens (the auth class also refuses inactive users on its own).
        from vawg.api.services import revoke_tokens_of_disabled_user

        try:
            accounts_services = importlib.import_module("vawg.accounts.services")
        except ModuleNotFoundError as exc:
            if exc.name != "vawg.accounts.services":
                raise
            return
        hooks = getattr(accounts_services, "ON_USER_DISABLED", None)
        if hooks is not None and revoke_tokens_of_disabled_user not in hooks:
            hooks.append(revoke_tokens_of_disabled_user)
