"""Access-matrix entries for partner support (docs/programmes.md#partner-support).

The matrix world (factories_partner.partner_world): the programme is at agency C, where the programme
worker runs it; the partner's case is agency A's, worked by idva_a, who alone supports partners and sees
the case. Everyone else, the programme worker first, gets 403 or 404 on every partner-support URL.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule

PARTNER_WORKER = frozenset({"idva_a"})


def _world(ctx: dict[str, Any], *, linked: bool) -> Any:
    from vawg.programmes.tests.factories_partner import partner_world

    key = f"partner_world_{linked}"
    if key not in ctx:
        ctx[key] = partner_world(ctx["personas"], ctx["agencies"], linked=linked)
    return ctx[key]


def _start(ctx: dict[str, Any]) -> dict[str, Any]:
    world = _world(ctx, linked=False)
    return {"case_id": world.case.pk, "referral_id": world.referral.pk}


def _support(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"partner_support_id": _world(ctx, linked=True).support.pk}


WEB = {
    "partner_support:partner_support_start": Rule(allowed=PARTNER_WORKER, kwargs=_start, audited="cases.case.view"),
    "partner_support:partner_safety_report_new": Rule(
        allowed=PARTNER_WORKER, kwargs=_support, audited="programmes.partner_support.view"
    ),
    "partner_support:partner_support_end": Rule(
        allowed=PARTNER_WORKER, kwargs=_support, audited="programmes.partner_support.view"
    ),
}

API: dict[str, Rule] = {}
