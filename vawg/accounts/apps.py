from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vawg.accounts"
    label = "accounts"
