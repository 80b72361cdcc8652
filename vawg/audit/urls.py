from __future__ import annotations

from django.urls import path

from vawg.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("record/<str:object_type>/<str:object_id>/", views.record_access, name="record_access"),
]
