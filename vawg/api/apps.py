from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vawg.api"
    label = "api"
