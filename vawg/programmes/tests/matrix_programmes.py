"""Access-matrix entries for behaviour-change programmes (docs/programmes.md, docs/access-control.md).

The matrix world: agency C is the programme provider (the programme worker and the other agency-C
personas work there); the person causing harm is held by agency B (police), whose officer refers them to
C's group programme. So only the programme worker runs programmes and sees the referral; the refer page
is for holders of ``programmes.refer_to_programme`` who can see the person: police_b (the record's
agency) and, at agency C, the programme worker, the MATAC coordinator and probation, who all see the
record through C's programme link. The IDVA, the MARAC coordinator and the social worker may refer but
cannot see this person (404); everyone else is refused.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from vawg.core.tests.matrix import Rule

RUN = frozenset({"programme_worker"})
REFER_SEEING = frozenset({"police_b", "programme_worker", "matac_coordinator", "probation"})
VIEW = "programmes.programme_referral.view"


def _world(ctx: dict[str, Any]) -> dict[str, Any]:
    """A group programme at agency C, police_b's referral into it (waiting to start) and a session held
    yesterday, made through the services."""
    if "programmes_world" not in ctx:
        from django.utils import timezone

        from vawg.intelligence.tests.factories import PersonCausingHarmFactory
        from vawg.programmes import services
        from vawg.programmes.tests.factories import ProgrammeFactory

        agencies, personas = ctx["agencies"], ctx["personas"]
        worker = personas["programme_worker"]
        programme = ProgrammeFactory(provider=agencies.c, name="Matrix Change Group")
        person = PersonCausingHarmFactory(
            owning_organisation=agencies.b, person__given_name="Programme", person__family_name="Subject"
        )
        referral = services.programme_referral_create(
            programme=programme,
            person_causing_harm=person,
            source="professional",
            reason="Matrix referral",
            referring_organisation=agencies.b,
            by=personas["police_b"],
        )
        services.programme_referral_assess(referral=referral, suitable=True, by=worker)
        session = services.programme_session_create(
            programme=programme, starts_at=timezone.now() - timedelta(days=1), by=worker
        )
        ctx["programmes_world"] = {"programme": programme, "person": person, "referral": referral, "session": session}
    found: dict[str, Any] = ctx["programmes_world"]
    return found


def _programme(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"programme_id": _world(ctx)["programme"].pk}


def _referral(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": _world(ctx)["referral"].pk}


def _session(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"session_id": _world(ctx)["session"].pk}


def _person(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"person_causing_harm_id": _world(ctx)["person"].pk}


WEB = {
    "programmes:referral_queue": Rule(allowed=RUN, kwargs=lambda ctx: (_world(ctx), {})[1]),
    "programmes:programme_list": Rule(allowed=RUN),
    "programmes:programme_new": Rule(allowed=RUN),
    "programmes:programme_detail": Rule(allowed=RUN, kwargs=_programme),
    "programmes:programme_edit": Rule(allowed=RUN, kwargs=_programme),
    "programmes:session_new": Rule(allowed=RUN, kwargs=_programme),
    "programmes:attendance_record": Rule(allowed=RUN, kwargs=_session, audited=VIEW),
    "programmes:referral_detail": Rule(allowed=RUN, kwargs=_referral, audited=VIEW),
    "programmes:referral_assess": Rule(allowed=RUN, kwargs=_referral, audited=VIEW),
    "programmes:referral_transition": Rule(allowed=RUN, kwargs=_referral, audited=VIEW),
    "programmes:outcome_measure_new": Rule(allowed=RUN, kwargs=_referral, audited=VIEW),
    "programmes:referral_session_new": Rule(allowed=RUN, kwargs=_referral, audited=VIEW),
    "programmes:referral_new": Rule(
        allowed=REFER_SEEING, kwargs=_person, audited="programmes.person_causing_harm.view"
    ),
}

API: dict[str, Rule] = {}
