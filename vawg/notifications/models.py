"""Staff notifications: one row per email to send, each user's choices, and the fake gateway's outbox.

A notification says only that there is something to look at, and links to it (ADR 0010). Nothing here
holds a name, an address, a reference or any detail of a case.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from vawg.core.models import BaseModel


class NotificationKind(models.TextChoices):
    REFERRAL_ROUTED = "referral-routed", "A referral routed to your agency"
    REFERRAL_OUTCOME = "referral-outcome", "A referral you made accepted or declined"
    CONSENT_AWAITED = "consent-awaited", "A referral waiting for consent"
    MARAC_RESEARCH_SET = "marac-research-set", "MARAC research set for your agency"
    MARAC_ACTION_DUE = "marac-action-due", "A MARAC action of yours due soon or overdue"
    CASE_SHARED = "case-shared", "A case shared with your agency"
    BREAK_GLASS = "break-glass", "Break-glass on a case your agency owns"
    SERVICE_CHECK_DUE = "service-check-due", "A services directory entry of your agency due a check"
    ACCOMMODATION_RESERVED = "accommodation-reserved", "A reservation of one of your agency's accommodation units"
    ACCOMMODATION_ANSWERED = "accommodation-answered", "An answer to a reservation you made for accommodation"
    ORDER_DEADLINE = "order-deadline", "A protective order or disclosure deadline soon or passed"
    ORDER_BREACH = "order-breach", "A breach of an order protecting someone on your case"
    PROGRAMME_REFERRAL = "programme-referral", "A new referral to your agency's behaviour-change programme"
    PARTNER_SUPPORT = "partner-support", "A programme's partner to support, or their safety report"
    # Not a choice users make: the daily email that gathers their digest messages.
    DIGEST = "digest", "Daily digest"


# What users choose between, kind by kind (the digest itself is not one of them).
CHOOSABLE_KINDS: tuple[NotificationKind, ...] = tuple(kind for kind in NotificationKind if kind != "digest")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away, one email each time"
    DIGEST = "digest", "In one email a day"


class NotificationState(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    AWAITING_DIGEST = "awaiting-digest", "Waiting for the daily digest"
    DIGESTED = "digested", "Sent in a digest"
    CANCELLED = "cancelled", "Not sent: the recipient may no longer open the page"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def due(self, *, now: datetime) -> NotificationQuerySet:
        """Queued messages whose next attempt time has come."""
        return self.filter(state=NotificationState.QUEUED, next_attempt_at__lte=now)

    def stale_claims(self, *, claimed_before: datetime) -> NotificationQuerySet:
        """Messages a worker claimed and never confirmed: it may have died before or after sending."""
        return self.filter(state=NotificationState.SENDING, claimed_at__lt=claimed_before)

    def awaiting_digest(self) -> NotificationQuerySet:
        return self.filter(state=NotificationState.AWAITING_DIGEST)

    def failed(self) -> NotificationQuerySet:
        return self.filter(state=NotificationState.FAILED)


class Notification(BaseModel):
    """One email to one member of staff, from queueing to the gateway's answer.

    ``send_key`` is derived from (kind, event, recipient) and unique, so queueing the same event for the
    same person again does nothing; it is also the opaque ``reference`` given to the gateway, which lets a
    worker that restarts ask whether a message it claimed was already sent.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    event = models.CharField(max_length=200)
    link = models.CharField(max_length=500)
    send_key = models.CharField(max_length=64, unique=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    state = models.CharField(max_length=20, choices=NotificationState.choices, default=NotificationState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    gateway_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The gateway's status code of the last failure (never its message, which may echo what was sent).
    last_error = models.CharField(max_length=40, blank=True)
    # The digest email that carried this message (for messages delivered in a digest).
    digest = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="items")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | ~Q(gateway_id=""), name="notification_sent_has_gateway_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class NotificationPreference(BaseModel):
    """How one user wants one kind of notification: straight away (the default) or in the daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=[(kind.value, kind.label) for kind in CHOOSABLE_KINDS])
    delivery = models.CharField(max_length=20, choices=Delivery.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_notification_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class FakeEmail(BaseModel):
    """An email the fake gateway 'sent' (demo and tests): kept in the database so it outlives the worker."""

    email_address = models.EmailField()
    template_id = models.CharField(max_length=100, blank=True)
    reference = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=600, blank=True)
    personalisation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.email_address}: {self.subject}"
