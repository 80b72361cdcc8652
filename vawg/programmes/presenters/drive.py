"""High-harm case management on the pages: intervention rows with their state and due tags, the caseload,
and the section of a high-harm programme referral's page (case manager, interventions by agency)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from vawg.accounts.models import User
from vawg.core.presenters import Tag
from vawg.programmes.forms.drive import CaseManagerForm
from vawg.programmes.models import (
    CLOSED_REFERRAL_STATES,
    Intervention,
    InterventionState,
    ProgrammeKind,
    ProgrammeReferral,
)
from vawg.programmes.rules.drive import DUE_SOON, OVERDUE, intervention_due
from vawg.programmes.selectors.drive import case_manager_choices, interventions_of_referral
from vawg.programmes.services.drive import may_transition

STATE_TAGS = {
    InterventionState.PLANNED: Tag("Planned", "blue"),
    InterventionState.IN_PROGRESS: Tag("In progress", "light-blue"),
    InterventionState.DONE: Tag("Done", "green"),
    InterventionState.NOT_DONE: Tag("Not done", "grey"),
}
DUE_TAGS = {OVERDUE: Tag("Overdue", "red"), DUE_SOON: Tag("Due soon", "orange")}
WITHHELD = "Name withheld (restricted record)"


def person_name(referral: ProgrammeReferral) -> str:
    """The person's name, or a pseudonym line when their record is restricted."""
    harm = referral.person_causing_harm
    if harm.is_restricted:
        return WITHHELD
    return f"{harm.person.given_name} {harm.person.family_name}".strip()


@dataclass(frozen=True)
class InterventionRow:
    intervention: Intervention
    kind: str
    agency: str
    description: str
    due_on: date | None
    state_tag: Tag
    due_tag: Tag | None
    person: str


def intervention_rows(interventions: Iterable[Intervention], *, with_person: bool = False) -> list[InterventionRow]:
    today = timezone.localdate()
    return [
        InterventionRow(
            intervention=item,
            kind=item.get_kind_display(),
            agency=item.organisation.name,
            description=item.description,
            due_on=item.due_on,
            state_tag=STATE_TAGS[InterventionState(item.current_state)],
            due_tag=DUE_TAGS.get(intervention_due(state=item.current_state, due_on=item.due_on, today=today)),
            person=person_name(item.referral) if with_person else "",
        )
        for item in interventions
    ]


@dataclass(frozen=True)
class CaseloadRow:
    referral: ProgrammeReferral
    person: str
    state: str
    next_due_on: date | None


def caseload_rows(referrals: Iterable[ProgrammeReferral]) -> list[CaseloadRow]:
    return [
        CaseloadRow(
            referral=referral,
            person=person_name(referral),
            state=referral.get_current_state_display(),
            next_due_on=getattr(referral, "next_due_on", None),
        )
        for referral in referrals
    ]


def referral_page_section(referral: ProgrammeReferral, user: User) -> tuple[str, dict[str, Any]] | None:
    """REFERRAL_PAGE_SECTIONS, for high-harm programmes only: the case manager (and the form to name one),
    the interventions by agency with their state and due date, and the link to add one."""
    if referral.programme.kind != ProgrammeKind.HIGH_HARM:
        return None
    interventions = list(interventions_of_referral(user, referral))
    form = CaseManagerForm(choices=case_manager_choices(referral), initial={"case_manager": referral.case_manager_id})
    context = {
        "referral": referral,
        "case_manager": referral.case_manager,
        "may_assign": referral.current_state not in CLOSED_REFERRAL_STATES,
        "form": form,
        "rows": intervention_rows(interventions),
        "may_change": {item.pk for item in interventions if may_transition(item, user)},
    }
    return "programmes/drive/_referral_section.html", context
