"""Access-matrix entries for protective orders (docs/orders.md, docs/access-control.md), and the world
orders' tests share.

The matrix world: the person causing harm is held by agency B (police); the victim's case is held by agency
A (idva_a owns it). police_b records a DVPN protecting the victim. So police_b sees and manages it; idva_a
sees the order through the case (its page and the case section) but not the register (403); the MATAC
coordinator and probation hold justice.view_orders but cannot see this person (404); everyone else 403/404.
"""

from __future__ import annotations

from typing import Any

from vawg.accounts.roles import Role, holders_of
from vawg.core.tests.matrix import Rule

# The persona named for each role in conftest.personas.
_PERSONA = {
    Role.IDVA: "idva_a",
    Role.POLICE: "police_b",
    Role.MARAC_COORDINATOR: "marac_coordinator",
    Role.HOUSING: "outsider_c",
    Role.ANALYST: "analyst",
    Role.BOARD: "board_member",
    Role.ADMIN: "admin",
}


def holders(perm: str) -> frozenset[str]:
    return frozenset(_PERSONA.get(Role(role), role.replace("-", "_")) for role in holders_of(perm))


VIEWERS = holders("justice.view_orders")
CASEWORKERS = holders("cases.view_cases")
POLICE = frozenset({"police_b"})
SEE_ORDER = frozenset({"police_b", "idva_a"})


def order_world(ctx: dict[str, Any]) -> Any:
    """The DVPN of the matrix world (made once per test)."""
    if "order_world" not in ctx:
        from vawg.cases.tests.factories import CaseFactory
        from vawg.intelligence.tests.factories import PersonCausingHarmFactory
        from vawg.justice.tests.factories import dvpn

        agencies = ctx["agencies"]
        respondent = PersonCausingHarmFactory(owning_organisation=agencies.b)
        case = CaseFactory(owning_organisation=agencies.a)
        ctx["order_world"] = dvpn(by=ctx["personas"]["police_b"], respondent=respondent, case=case)
    return ctx["order_world"]


def _order(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": order_world(ctx).pk}


def _person(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"person_causing_harm_id": order_world(ctx).respondent_id}


WEB = {
    "orders:order_list": Rule(allowed=VIEWERS),
    "orders:order_case_due_list": Rule(allowed=CASEWORKERS),
    "orders:order_detail": Rule(allowed=SEE_ORDER, kwargs=_order, audited="justice.order.view"),
    "orders:order_new": Rule(allowed=POLICE, kwargs=_person),
    "orders:order_outcome": Rule(allowed=POLICE, kwargs=_order),
    "orders:order_status": Rule(allowed=POLICE, kwargs=_order),
    "orders:order_breach_new": Rule(allowed=POLICE, kwargs=_order),
}

API: dict[str, Rule] = {}
