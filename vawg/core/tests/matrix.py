"""The access-matrix vocabulary, shared by tests/test_access_matrix.py and each app's matrix module.

An app's ``tests/matrix*.py`` module defines ``WEB`` and ``API`` dicts of ``Rule`` (same keys as the
main table); tests/test_access_matrix.py merges them, so an unlisted URL still fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Who is in each group (persona names from conftest.personas).
ANONYMOUS = "anonymous"
STAFF = frozenset(
    {
        "idva_a",
        "police_b",
        "marac_coordinator",
        "outsider_c",
        "analyst",
        "board_member",
        "admin",
        "social_worker",
        "health",
        "accommodation_manager",
        "programme_worker",
        "commissioner",
        "matac_coordinator",
        "probation",
    }
)
# Relationships that must look exactly like anonymous: a user disabled after signing in, and a
# session that passed the password but not the TOTP step (docs/security.md#s-1: it reaches nothing).
LIKE_ANONYMOUS = frozenset({ANONYMOUS, "disabled", "password_only"})
EVERYONE = STAFF | LIKE_ANONYMOUS
ADMIN_ONLY = frozenset({"admin"})


@dataclass(frozen=True)
class Rule:
    """Who may use one URL: the personas allowed, the method to try, and how to build its arguments."""

    allowed: frozenset[str]
    method: str = "GET"
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # Audit action an allowed request must write exactly once ("" for none checked).
    audited: str = ""
    # A step of the sign-in journey: reachable without a session; it may send you on to another step.
    sign_in_step: bool = False


# Casework roles, and the owner of the matrix case (agency A's IDVA).
CASEWORK = frozenset(
    {
        "idva_a",
        "police_b",
        "marac_coordinator",
        "outsider_c",
        "social_worker",
        "health",
        "accommodation_manager",
        "programme_worker",
        "matac_coordinator",
        "probation",
    }
)
CASE_OWNER = frozenset({"idva_a"})


# The matrix case: held by agency A; ``ctx["case_variant"]`` (restricted / deny_listed) hides it from idva_a.
def case_of_a(ctx: dict[str, Any], *, plain: bool = False) -> Any:
    """A case held by agency A; ``ctx["case_variant"]`` makes it restricted or deny-lists idva_a."""
    from vawg.cases.tests.factories import CaseFactory

    case = CaseFactory(owning_organisation=ctx["agencies"].a)
    return case if plain else apply_variant(ctx, case)


def apply_variant(ctx: dict[str, Any], case: Any) -> Any:
    from vawg.cases.models import Case
    from vawg.cases.tests.factories import CaseDenyEntryFactory

    variant = ctx.get("case_variant", "")
    if variant == "restricted":
        Case.objects.filter(pk=case.pk).update(is_restricted=True, restricted_reason="Matrix")
    elif variant == "deny_listed":
        CaseDenyEntryFactory(case=case, user=ctx["personas"]["idva_a"])
    return case


def case_a(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"case_id": case_of_a(ctx).pk}
