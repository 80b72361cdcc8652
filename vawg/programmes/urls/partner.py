from django.urls import URLPattern

app_name = "partner_support"

urlpatterns: list[URLPattern] = []
