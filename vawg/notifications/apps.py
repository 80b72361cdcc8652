from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vawg.notifications"
    label = "notifications"
