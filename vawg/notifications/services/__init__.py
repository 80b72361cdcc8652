"""Every write of staff notifications: queueing, sending, digests and preferences."""

from vawg.notifications.services.digest import digest_build, digests_build, notification_preferences_save
from vawg.notifications.services.gateways import (
    FakeGateway,
    GatewayError,
    NotificationGateway,
    NotifyGateway,
    gateway_get,
)
from vawg.notifications.services.queue import notification_queue, notifications_paused, send_key
from vawg.notifications.services.sending import (
    notification_cancel,
    notification_deliver,
    notification_send,
    notifications_send_due,
)

__all__ = [
    "FakeGateway",
    "GatewayError",
    "NotificationGateway",
    "NotifyGateway",
    "digest_build",
    "digests_build",
    "gateway_get",
    "notification_cancel",
    "notification_deliver",
    "notification_preferences_save",
    "notification_queue",
    "notification_send",
    "notifications_paused",
    "notifications_send_due",
    "send_key",
]
