"""Identity resolution: pairs of people records judged to be the same person, never merged
(docs/identity-resolution.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who


class LinkState(models.TextChoices):
    LINKED = "linked", "Linked automatically"
    WAITING = "waiting", "Waiting for review"
    ACCEPTED = "accepted", "Accepted: the same person"
    REJECTED = "rejected", "Rejected: not the same person"


class IdentityLink(BaseModel):
    """Two Person records the model scored as possibly the same person (``left`` has the smaller id)."""

    left = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    match_probability = models.FloatField()
    model_version = models.CharField(max_length=40)
    # How the model compared each field: {"given_name": {"level": "close", "weight": 2.1}, ...}. Levels and
    # weights only, never a value from either record (docs/identity-resolution.md#review).
    comparison = models.JSONField(default=dict, blank=True)
    current_state = models.CharField(max_length=20, choices=LinkState.choices, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="intelligence_one_link_per_pair"),
            models.CheckConstraint(condition=Q(left__lt=F("right")), name="intelligence_link_left_before_right"),
        ]

    def __str__(self) -> str:
        return f"Identity link {self.pk}"


class IdentityLinkDecision(ImmutableModel):
    """Each state the link has been in: the model's verdict (system job) and every reviewer's decision."""

    link = models.ForeignKey(IdentityLink, on_delete=models.PROTECT, related_name="decisions")
    state = models.CharField(max_length=20, choices=LinkState.choices)
    reason = models.TextField(blank=True)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
