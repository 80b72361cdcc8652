"""What the demo seed keeps about itself: the moment its synthetic history is anchored to."""

from __future__ import annotations

from django.db import models

from vawg.core.models import BaseModel


class DemoClock(BaseModel):
    """The instant the first ``seed_demo`` run planned the demo from ("now" for the synthetic history).

    Every later run on the same database plans from the same instant, so what the seed decides
    (which referrals, on which days, which meetings) never depends on the wall clock: a second run
    the next morning, or across a month's end, finds everything in place and creates nothing.
    There is at most one row.
    """

    anchored_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Demo anchored at {self.anchored_at.isoformat()}"
