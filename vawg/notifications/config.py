"""Parameters of the sending rules (vawg/notifications/rules.py), described in docs/adr/0010-staff-notifications.md."""

from __future__ import annotations

from datetime import timedelta

# Attempts at one message before it is marked failed (and shown to administrators).
MAX_ATTEMPTS = 6
# The wait after the first retryable failure; it doubles after each further one, up to the cap.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
# Notify's answers worth trying again: rate or daily limit (429) and its own errors or being unreachable (5xx).
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
