"""Access-matrix entries for MATAC (docs/matac.md, docs/access-control.md), and the builders MATAC's tests
share (``world``: a subject at a meeting with a tactic, made through the services).

The matrix world: the MATAC coordinator is at agency C; the person causing harm is held by agency B
(police); meetings invite agency B only. So the coordinator runs everything, police_b (invited, and the
agency that nominated) sees the meeting, subject, tactic and its copy of the minutes; the other members of
agency C take part in MATAC but were not invited, and see nothing of this subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from vawg.core.tests.matrix import Rule

TAKE_PART = frozenset(
    {
        "idva_a",
        "police_b",
        "outsider_c",
        "social_worker",
        "health",
        "programme_worker",
        "matac_coordinator",
        "probation",
    }
)
COORDINATOR = frozenset({"matac_coordinator"})
INVITED = frozenset({"matac_coordinator", "police_b"})
AGGREGATES = frozenset({"matac_coordinator", "analyst", "board_member", "commissioner", "marac_coordinator", "admin"})


@dataclass
class World:
    coordinator: Any
    police: Any
    person: Any  # PersonCausingHarm
    score: Any  # RfgScore
    meeting: Any  # scheduled, invites agency B
    nomination: Any
    subject: Any
    tactic: Any


def rfg_score(person: Any, *, total: float = 40.0, rank: int = 1, as_of: Any = None) -> Any:
    """An RFG run with one score for ``person`` (rows built directly: the ranking has its own tests)."""
    from django.utils import timezone

    from vawg.intelligence.models import HarmWeightTable, RfgRun, RfgScore, WeightScheme

    table = HarmWeightTable.objects.filter(scheme=WeightScheme.LOCAL, version="matac-tests").first()
    if table is None:
        table = HarmWeightTable.objects.create(
            scheme=WeightScheme.LOCAL, version="matac-tests", source="Tests", system_job="tests"
        )
    run = RfgRun.objects.create(
        as_of=as_of or timezone.localdate(),
        model_version="tests",
        parameters={},
        inputs_sha256="0" * 64,
        weight_table=table,
        system_job="tests",
    )
    return RfgScore.objects.create(
        run=run,
        person_causing_harm=person,
        rank=rank,
        recency=3,
        frequency=4,
        frequency_12m=2,
        gravity=total / 2,
        gravity_max=10.0,
        victims=2,
        serial=True,
        total=total,
    )


def meeting(coordinator: Any, organisations: list[Any], *, days: int = 1, location: str = "Police HQ, room 2") -> Any:
    from django.utils import timezone

    from vawg.intelligence.services import matac as services

    return services.matac_meeting_create(
        by=coordinator,
        starts_at=timezone.now() + timedelta(days=days),
        location=location,
        organisations=organisations,
    )


def world(personas: dict[str, Any], agencies: Any, *, given_name: str = "Matac", family_name: str = "Subject") -> World:
    """A person held by agency B, scored; a meeting yesterday (not yet marked held) inviting B; police_b's
    nomination accepted there; one tactic owned by B."""
    from django.utils import timezone

    from vawg.intelligence.models import NominationSource, TacticKind
    from vawg.intelligence.services import matac as services
    from vawg.intelligence.tests.factories import PersonCausingHarmFactory

    coordinator, police = personas["matac_coordinator"], personas["police_b"]
    person = PersonCausingHarmFactory(
        owning_organisation=agencies.b, person__given_name=given_name, person__family_name=family_name
    )
    score = rfg_score(person)
    scheduled = meeting(coordinator, [agencies.b], days=-1)
    nomination = services.matac_nomination_create(
        by=police,
        person=person,
        source=NominationSource.PARTNER,
        reason="Three incidents with two partners in a year, escalating",
    )
    subject = services.matac_nomination_accept(nomination=nomination, meeting=scheduled, by=coordinator)
    tactic = services.matac_tactic_create(
        subject=subject,
        meeting=scheduled,
        by=coordinator,
        kind=TacticKind.DISRUPTION,
        description="Check bail conditions weekly",
        owning_organisation=agencies.b,
        owner=police,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    return World(coordinator, police, person, score, scheduled, nomination, subject, tactic)


def open_nomination(personas: dict[str, Any], agencies: Any) -> Any:
    from vawg.intelligence.models import NominationSource
    from vawg.intelligence.services import matac as services
    from vawg.intelligence.tests.factories import PersonCausingHarmFactory

    person = PersonCausingHarmFactory(owning_organisation=agencies.b)
    rfg_score(person)
    return services.matac_nomination_create(
        by=personas["police_b"],
        person=person,
        source=NominationSource.PARTNER,
        reason="Repeated breaches of a non-molestation order",
    )


def published(w: World) -> Any:
    """``w``'s meeting held and its minutes published."""
    from vawg.intelligence.services import matac as services

    services.matac_meeting_transition(meeting=w.meeting, to="held", by=w.coordinator)
    services.matac_minutes_publish(meeting=w.meeting, by=w.coordinator)
    return w.meeting


def _world(ctx: dict[str, Any]) -> World:
    if "matac_world" not in ctx:
        ctx["matac_world"] = world(ctx["personas"], ctx["agencies"])
    found: World = ctx["matac_world"]
    return found


def _meeting(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"meeting_id": _world(ctx).meeting.pk}


def _published(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"meeting_id": published(_world(ctx)).pk}


def _nomination(ctx: dict[str, Any]) -> dict[str, Any]:
    _world(ctx)
    return {"nomination_id": open_nomination(ctx["personas"], ctx["agencies"]).pk}


def _subject(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"subject_id": _world(ctx).subject.pk}


def _tactic(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"tactic_id": _world(ctx).tactic.pk}


WEB = {
    "matac:meeting_list": Rule(allowed=TAKE_PART),
    "matac:meeting_new": Rule(allowed=COORDINATOR),
    "matac:meeting_detail": Rule(allowed=INVITED, kwargs=_meeting, audited="intelligence.matac_meeting.view"),
    "matac:meeting_transition": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_meeting,
        data={"to": "held"},
        audited="intelligence.matac_meeting.hold",
    ),
    "matac:minutes_detail": Rule(allowed=INVITED, kwargs=_published, audited="intelligence.matac_minutes.view"),
    "matac:minutes_download": Rule(allowed=INVITED, kwargs=_published, audited="intelligence.matac_minutes.download"),
    "matac:minutes_publish": Rule(allowed=COORDINATOR, method="POST", kwargs=_meeting),
    "matac:nomination_list": Rule(allowed=TAKE_PART),
    "matac:nomination_new": Rule(allowed=TAKE_PART),
    "matac:nomination_detail": Rule(allowed=INVITED, kwargs=_nomination, audited="intelligence.matac_nomination.view"),
    "matac:nomination_accept": Rule(allowed=COORDINATOR, method="POST", kwargs=_nomination),
    "matac:nomination_decline": Rule(
        allowed=COORDINATOR,
        method="POST",
        kwargs=_nomination,
        data={"reason": "Not enough to show a pattern yet"},
        audited="intelligence.matac_nomination.decline",
    ),
    "matac:subject_detail": Rule(allowed=INVITED, kwargs=_subject, audited="intelligence.matac_subject.view"),
    "matac:subject_profile": Rule(allowed=COORDINATOR, kwargs=_subject, audited="intelligence.matac_subject.view"),
    "matac:subject_review": Rule(allowed=COORDINATOR, kwargs=_subject, audited="intelligence.matac_subject.view"),
    "matac:subject_exit": Rule(allowed=COORDINATOR, kwargs=_subject, audited="intelligence.matac_subject.view"),
    "matac:tactic_new": Rule(allowed=COORDINATOR, kwargs=_subject, audited="intelligence.matac_subject.view"),
    "matac:tactic_list": Rule(allowed=TAKE_PART),
    "matac:tactic_detail": Rule(allowed=INVITED, kwargs=_tactic, audited="intelligence.matac_tactic.view"),
    "matac:cohort_report": Rule(allowed=AGGREGATES),
}

API: dict[str, Rule] = {}
