from django.apps import AppConfig


class NonprodConfig(AppConfig):
    name = "vawg.nonprod"
    label = "nonprod"
