"""Access-matrix entries for the people around a case (vawg/cases/views/parties.py and vawg/cases/api.py).

Agency A's IDVA owns and manages the matrix case; nobody else may see it, so everyone else gets 403 or 404.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import CASE_OWNER, CASEWORK, Rule, case_a, case_of_a


def _party_a(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.models import CaseParty, PartyRelationship, PartyRole
    from vawg.cases.tests.factories import PersonFactory

    case = case_of_a(ctx)
    party = CaseParty.objects.create(
        case=case,
        person=PersonFactory(),
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        added_by=ctx["personas"]["idva_a"],
    )
    return {"case_id": case.pk, "party_id": party.pk}


def _case_a_id(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"id": case_of_a(ctx, plain=True).pk}


PARTY_BODY = {
    "role": "person-causing-harm",
    "given_name": "Matrix",
    "family_name": "Person",
    "date_of_birth": "1980-01-01",
    "relationship_to_victim": "ex-partner",
}

WEB: dict[str, Rule] = {
    "cases:case_party_add": Rule(allowed=CASE_OWNER, kwargs=case_a, audited="cases.case.view"),
    "cases:case_party_change": Rule(allowed=CASE_OWNER, kwargs=_party_a, audited="cases.case.view"),
    "cases:case_party_end": Rule(allowed=CASE_OWNER, kwargs=_party_a, audited="cases.case.view"),
}

API: dict[str, Rule] = {
    # Every casework role may list the cases it can see (an empty list for most).
    "GET /api/v1/cases": Rule(allowed=CASEWORK),
    "GET /api/v1/cases/{id}": Rule(allowed=CASE_OWNER, kwargs=_case_a_id),
    "POST /api/v1/cases/{id}/parties": Rule(allowed=CASE_OWNER, method="POST", kwargs=_case_a_id, data=PARTY_BODY),
}
