"""Registries through which other parts take part in a programme referral's life (ADR 0009).

Programmes is the top domain app, but its own parts (partner support, high-harm case management) and
any app above it fill these in their ``AppConfig.ready()``:

- ``ON_PROGRAMME_REFERRAL_STATE_CHANGED``: ``programme_referral_transition`` calls each with the referral
  (its ``current_state`` already the new state) and the new ``ProgrammeReferralStatus`` row, after the row
  is written and audited, inside the same transaction. A callback writes through its own services, with
  its own audit entries; what it writes commits or rolls back with the transition, and an error it
  raises refuses the whole change. Partner support uses it to tell the partner's worker when a
  programme ends early.
- ``ON_ATTENDANCE_REVIEW_DUE``: ``attendance_record`` calls each with a referral and the attendance row
  that made the attendance rule's verdict turn to "review the place" (it was not due before the rows just
  written), inside the same transaction. Partner support uses it to tell the partner's worker: missed
  sessions can mean the risk to the partner is rising.
- ``REFERRAL_PAGE_SECTIONS``: the referral page calls each with the referral and the user (the gate,
  ``ProgrammeReferral.objects.visible_to``, has already let the user see it) and includes the template
  it names with its context as ``section``. Returning None leaves the section out. Same shape as
  ``vawg.cases.hooks.CASE_PAGE_SECTIONS``. A section shows only what its own gate lets the user see,
  reads in a bounded number of queries, writes nothing, and never shows a location field or anything
  from a victim's case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import User
    from vawg.programmes.models import Attendance, ProgrammeReferral, ProgrammeReferralStatus

StateChanged = Callable[["ProgrammeReferral", "ProgrammeReferralStatus"], None]
ON_PROGRAMME_REFERRAL_STATE_CHANGED: list[StateChanged] = []

ReviewDue = Callable[["ProgrammeReferral", "Attendance"], None]
ON_ATTENDANCE_REVIEW_DUE: list[ReviewDue] = []

ReferralSection = Callable[["ProgrammeReferral", "User"], tuple[str, dict[str, Any]] | None]
REFERRAL_PAGE_SECTIONS: list[ReferralSection] = []
