"""Access-matrix entries for the people-causing-harm pages and API (docs/people-causing-harm.md,
docs/access-control.md).

The matrix record is held by agency B, the police persona's; nothing links it to agency C, where the
MATAC coordinator, the probation officer and the programme worker (who also hold
``intelligence.view_people_causing_harm``) work. So only the police officer sees it and manages who may;
those three reach the list and search (showing nobody) and get 404 on the record; everyone else 403.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule

VIEWERS = frozenset({"police_b", "matac_coordinator", "probation", "programme_worker"})
HOLDER = frozenset({"police_b"})  # sees and manages the matrix record
VIEW = "intelligence.person_causing_harm.view"


def _record_of_b(ctx: dict[str, Any]) -> Any:
    from vawg.intelligence.models import HarmAgencyReason
    from vawg.intelligence.tests.factories import HarmAgencyFactory, PersonCausingHarmFactory

    record = ctx.get("harm_record")
    if record is None:
        record = PersonCausingHarmFactory(owning_organisation=ctx["agencies"].b)
        HarmAgencyFactory(person_causing_harm=record, organisation=ctx["agencies"].b, reason=HarmAgencyReason.OWNS)
        ctx["harm_record"] = record
    return record


def _record(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"person_causing_harm_id": _record_of_b(ctx).pk}


def _agency(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.tests.factories import HarmAgencyFactory

    record = _record_of_b(ctx)
    link = HarmAgencyFactory(person_causing_harm=record, organisation=ctx["agencies"].a)
    return {"person_causing_harm_id": record.pk, "harm_agency_id": link.pk}


def _grant(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.tests.factories import HarmAccessGrantFactory

    record = _record_of_b(ctx)
    grant = HarmAccessGrantFactory(person_causing_harm=record, organisation=ctx["agencies"].county)
    return {"person_causing_harm_id": record.pk, "grant_id": grant.pk}


def _team_member(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.tests.factories import HarmTeamMemberFactory

    record = _record_of_b(ctx)
    member = HarmTeamMemberFactory(person_causing_harm=record)
    return {"person_causing_harm_id": record.pk, "team_member_id": member.pk}


def _deny_entry(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.intelligence.tests.factories import HarmDenyEntryFactory

    record = _record_of_b(ctx)
    entry = HarmDenyEntryFactory(person_causing_harm=record)
    return {"person_causing_harm_id": record.pk, "deny_entry_id": entry.pk}


def _api_record(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"id": _record_of_b(ctx).pk}


WEB: dict[str, Rule] = {
    "harm:person_causing_harm_list": Rule(allowed=VIEWERS, audited="intelligence.person_causing_harm.list"),
    "harm:person_causing_harm_search": Rule(allowed=VIEWERS),
    "harm:person_causing_harm_detail": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
    "harm:person_causing_harm_access": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
    "harm:harm_agency_add": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
    "harm:harm_agency_end": Rule(allowed=HOLDER, method="POST", kwargs=_agency),
    "harm:harm_grant_add": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
    "harm:harm_grant_revoke": Rule(allowed=HOLDER, method="POST", kwargs=_grant),
    "harm:harm_team_member_add": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
    "harm:harm_team_member_remove": Rule(allowed=HOLDER, method="POST", kwargs=_team_member),
    "harm:harm_deny_entry_add": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
    "harm:harm_deny_entry_remove": Rule(allowed=HOLDER, method="POST", kwargs=_deny_entry),
    "harm:harm_restriction_change": Rule(allowed=HOLDER, kwargs=_record, audited=VIEW),
}

API: dict[str, Rule] = {
    "GET /api/v1/people-causing-harm": Rule(allowed=VIEWERS),
    "GET /api/v1/people-causing-harm/{id}": Rule(allowed=HOLDER, kwargs=_api_record),
}
