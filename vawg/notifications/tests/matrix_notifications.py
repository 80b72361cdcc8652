"""Access-matrix entries for the notification choices page: every member of staff has one, their own."""

from __future__ import annotations

from vawg.core.tests.matrix import STAFF, Rule

WEB = {"notifications:notification_preferences": Rule(allowed=STAFF)}
