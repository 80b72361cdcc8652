from django.urls import URLPattern

app_name = "drive"

urlpatterns: list[URLPattern] = []
