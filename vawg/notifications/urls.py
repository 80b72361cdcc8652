"""Mounted at /account/notifications/."""

from __future__ import annotations

from django.urls import path

from vawg.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_preferences, name="notification_preferences"),
]
