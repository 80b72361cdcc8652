from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vawg.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from django.core import checks

        from vawg.notifications.checks import notify_configured

        checks.register(notify_configured, checks.Tags.compatibility, deploy=True)
