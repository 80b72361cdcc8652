"""Public pages: neutral addresses with nothing personal in them."""

from __future__ import annotations

from django.urls import path

from vawg.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("staying-safe-online/", views.safety, name="safety"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("exit/", views.exit_page, name="exit"),
]
