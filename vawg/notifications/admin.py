"""Staff notifications in the admin site: system administrators see every message and why one failed.

Read-only: messages are written only by the notification services. Nothing here holds personal
content (a kind, an opaque event key, a link and the gateway's status code)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from vawg.notifications.models import Notification

ADMIN_SITE = "accounts.access_admin_site"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("created_at", "kind", "recipient", "state", "attempts", "last_error", "sent_at")
    list_filter = ("state", "kind")
    fields = (
        "recipient",
        "kind",
        "event",
        "link",
        "delivery",
        "state",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "gateway_id",
        "sent_at",
        "last_error",
        "created_at",
    )
    readonly_fields = fields
    ordering = ("-created_at",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(ADMIN_SITE))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.has_perm(ADMIN_SITE))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
