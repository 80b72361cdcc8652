"""How many self-referrals one visitor has sent in each rate-limit window (the public forms)."""

from __future__ import annotations

from django.db import models


class SelfReferralRateCount(models.Model):
    """Self-referrals sent from one client address in one fixed window.

    ``client_key`` is a keyed hash of the address (HMAC with the secret key): the table never holds
    a visitor's address. Rows whose window is over are deleted as new submissions are counted.
    """

    client_key = models.CharField(max_length=64)
    window_seconds = models.PositiveIntegerField()
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client_key", "window_seconds", "window_start"], name="referrals_rate_count_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.window_seconds}s from {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
