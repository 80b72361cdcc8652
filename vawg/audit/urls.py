from __future__ import annotations

from django.urls import path

from vawg.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("record/<str:object_type>/<str:object_id>/", views.record_access_list, name="record_access_list"),
]
