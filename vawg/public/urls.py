"""Public pages: neutral addresses with nothing personal in them."""

from __future__ import annotations

from django.urls import path

from vawg.public import views

app_name = "public"
urlpatterns = [
    path("", views.page_home, name="page_home"),
    path("staying-safe-online/", views.page_staying_safe, name="page_staying_safe"),
    path("accessibility/", views.page_accessibility, name="page_accessibility"),
    path("privacy/", views.page_privacy, name="page_privacy"),
    path("exit/", views.page_exit, name="page_exit"),
]
