"""Builders for the justice app's tests: orders recorded through the services (reusing the people, cases
and intelligence factories)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.intelligence.models import PersonCausingHarm
from vawg.justice import services
from vawg.justice.models import ConditionKind, Order


def dvpn(
    *,
    by: User,
    respondent: PersonCausingHarm,
    case: Case,
    served_at: datetime | None = None,
    condition: str = "Not to enter Example Close",
    **fields: Any,
) -> Order:
    """A DVPN served at ``served_at`` (30 hours ago by default) protecting ``case``'s victim."""
    fields.setdefault("authorising_rank", "superintendent")
    fields.setdefault("victim_view_considered", True)
    fields.setdefault("child_welfare_considered", True)
    return services.order_record(
        by=by,
        respondent=respondent,
        order_type="dvpn",
        state="served",
        protected=[services.Protected(person=case.victim, case=case)],
        conditions=[services.Term(kind=ConditionKind.EXCLUSION, text=condition)],
        served_at=served_at or timezone.now() - timedelta(hours=30),
        issuing_body="Police (demo)",
        **fields,
    )
