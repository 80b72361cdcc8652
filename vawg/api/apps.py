from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vawg.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Disabling a user revokes their tokens (the auth class also refuses inactive users on its own).
        from vawg.accounts.hooks import ON_USER_DISABLED
        from vawg.api.services import revoke_tokens_of_disabled_user

        if revoke_tokens_of_disabled_user not in ON_USER_DISABLED:
            ON_USER_DISABLED.append(revoke_tokens_of_disabled_user)
