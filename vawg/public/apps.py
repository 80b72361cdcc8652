from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "vawg.public"
    label = "public"
