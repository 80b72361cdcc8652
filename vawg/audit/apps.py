from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vawg.audit"
    label = "audit"
