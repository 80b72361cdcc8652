"""Access-matrix entries for high-harm case management (docs/programmes.md#high-harm-case-management).

The matrix world (factories_partner.drive_world): a high-harm referral at agency C with the programme
worker as case manager, and one intervention owned by agency B. The provider's programme worker sees it
all; police_b (agency B) sees its own agency's intervention; the other members of agency C, who act on
interventions but not B's, see their (empty) list only.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule

RUNS = frozenset({"programme_worker"})
ACTS = frozenset(
    {
        "idva_a",
        "police_b",
        "marac_coordinator",
        "outsider_c",
        "social_worker",
        "health",
        "programme_worker",
        "matac_coordinator",
        "probation",
    }
)
SEES_INTERVENTION = frozenset({"programme_worker", "police_b"})


def _world(ctx: dict[str, Any]) -> Any:
    from vawg.programmes.tests.factories_partner import drive_world

    if "drive_world" not in ctx:
        ctx["drive_world"] = drive_world(ctx["personas"], ctx["agencies"])
    return ctx["drive_world"]


def _referral(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": _world(ctx).referral.pk}


def _assign(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": _world(ctx).referral.pk}


def _intervention(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"intervention_id": _world(ctx).intervention.pk}


WEB = {
    "high_harm:caseload_detail": Rule(allowed=RUNS),
    "high_harm:case_manager_assign": Rule(allowed=RUNS, method="POST", kwargs=_assign),
    "high_harm:intervention_new": Rule(allowed=RUNS, kwargs=_referral, audited="programmes.programme_referral.view"),
    "high_harm:intervention_list": Rule(allowed=ACTS),
    "high_harm:intervention_detail": Rule(
        allowed=SEES_INTERVENTION, kwargs=_intervention, audited="programmes.intervention.view"
    ),
}

API: dict[str, Rule] = {}
