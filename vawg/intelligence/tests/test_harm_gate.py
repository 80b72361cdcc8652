"""The one gate to people-causing-harm records, over every route and every kind of persona.

The record is owned by agency B (the police persona's). Agency C is where the MATAC coordinator,
probation officer and programme worker (and the outsider, a housing officer) work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vawg.accounts.models import Membership, Organisation, User
from vawg.cases.models import Case, CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseAgencyFactory, CaseDenyEntryFactory, CaseFactory
from vawg.intelligence.models import PersonCausingHarm
from vawg.intelligence.tests.factories import (
    HarmAccessGrantFactory,
    HarmAgencyFactory,
    HarmDenyEntryFactory,
    HarmTeamMemberFactory,
    PersonCausingHarmFactory,
)

pytestmark = pytest.mark.django_db

Setup = Callable[[PersonCausingHarm, dict[str, Any]], None]
C_HOLDERS = {"matac_coordinator", "probation", "programme_worker"}  # hold view_people_causing_harm at C
NOBODY: set[str] = set()
ALL_BUT_PROBATION = {"police_b", "matac_coordinator", "programme_worker"}


def _c(ctx: dict[str, Any]) -> Organisation:
    return ctx["agencies"].c


def _user(ctx: dict[str, Any], name: str) -> User:
    return ctx["personas"][name]


def owned(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    pass


def works_with_c(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmAgencyFactory(person_causing_harm=record, organisation=_c(ctx))


def works_with_c_ended(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmAgencyFactory(person_causing_harm=record, organisation=_c(ctx), ended_at=timezone.now())


def granted_to_c(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmAccessGrantFactory(person_causing_harm=record, organisation=_c(ctx))


def grant_expired(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmAccessGrantFactory(
        person_causing_harm=record, organisation=_c(ctx), expires_at=timezone.now() - timedelta(seconds=1)
    )


def grant_revoked(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmAccessGrantFactory(person_causing_harm=record, organisation=_c(ctx), revoked_at=timezone.now())


def probation_on_team(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmTeamMemberFactory(person_causing_harm=record, user=_user(ctx, "probation"))


def probation_left_team(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmTeamMemberFactory(person_causing_harm=record, user=_user(ctx, "probation"), ended_at=timezone.now())


def restrict(record: PersonCausingHarm) -> None:
    PersonCausingHarm.objects.filter(pk=record.pk).update(is_restricted=True, restricted_reason="Tests")


def restricted(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    works_with_c(record, ctx)
    restrict(record)


def restricted_probation_on_team(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    probation_on_team(record, ctx)
    granted_to_c(record, ctx)
    restrict(record)


def police_denied(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    HarmDenyEntryFactory(person_causing_harm=record, user=_user(ctx, "police_b"))


def probation_denied_on_team(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    probation_on_team(record, ctx)
    works_with_c(record, ctx)
    HarmDenyEntryFactory(person_causing_harm=record, user=_user(ctx, "probation"))


def probation_deny_lifted(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    works_with_c(record, ctx)
    HarmDenyEntryFactory(person_causing_harm=record, user=_user(ctx, "probation"), removed_at=timezone.now())


def _party_on_case_of_a(record: PersonCausingHarm, ctx: dict[str, Any], **party: Any) -> Case:
    case = CaseFactory(owning_organisation=ctx["agencies"].a)
    CaseParty.objects.create(
        case=case,
        person=record.person,
        role=party.get("role", PartyRole.PERSON_CAUSING_HARM),
        relationship_to_victim=PartyRelationship.INTIMATE_PARTNER,
        added_by=case.created_by,
        ended_at=party.get("ended_at"),
    )
    return case


def on_case_shared_with_c(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    CaseAgencyFactory(case=_party_on_case_of_a(record, ctx), organisation=_c(ctx))


def on_case_party_ended(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    CaseAgencyFactory(case=_party_on_case_of_a(record, ctx, ended_at=timezone.now()), organisation=_c(ctx))


def on_case_as_other_adult(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    CaseAgencyFactory(case=_party_on_case_of_a(record, ctx, role=PartyRole.OTHER_ADULT), organisation=_c(ctx))


def on_case_shared_with_c_ended(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    CaseAgencyFactory(case=_party_on_case_of_a(record, ctx), organisation=_c(ctx), ended_at=timezone.now())


def on_case_probation_denied_the_case(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    case = _party_on_case_of_a(record, ctx)
    CaseAgencyFactory(case=case, organisation=_c(ctx))
    CaseDenyEntryFactory(case=case, user=_user(ctx, "probation"))


def on_restricted_case(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    case = _party_on_case_of_a(record, ctx)
    CaseAgencyFactory(case=case, organisation=_c(ctx))
    Case.objects.filter(pk=case.pk).update(is_restricted=True, restricted_reason="Tests")


def on_case_record_restricted(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    on_case_shared_with_c(record, ctx)
    restrict(record)


def police_disabled(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    User.objects.filter(pk=_user(ctx, "police_b").pk).update(is_active=False)


def police_membership_ended(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    Membership.objects.filter(user=_user(ctx, "police_b")).update(ended_at=timezone.now() - timedelta(seconds=1))


def agency_b_closed(record: PersonCausingHarm, ctx: dict[str, Any]) -> None:
    Organisation.objects.filter(pk=ctx["agencies"].b.pk).update(is_active=False)


# (name, setup, the personas who see the record). Everyone else in ``personas`` must not.
GATE: list[tuple[str, Setup, set[str]]] = [
    ("owned by B", owned, {"police_b"}),
    ("C works with them", works_with_c, {"police_b"} | C_HOLDERS),
    ("C's work ended", works_with_c_ended, {"police_b"}),
    ("granted to C", granted_to_c, {"police_b"} | C_HOLDERS),
    ("C's grant expired", grant_expired, {"police_b"}),
    ("C's grant revoked", grant_revoked, {"police_b"}),
    ("probation on the team", probation_on_team, {"police_b", "probation"}),
    ("probation left the team", probation_left_team, {"police_b"}),
    ("restricted: only the named team", restricted, NOBODY),
    ("restricted, probation on the team", restricted_probation_on_team, {"probation"}),
    ("police deny-listed", police_denied, NOBODY),
    (
        "deny-list beats team and agency",
        probation_denied_on_team,
        {"police_b", "matac_coordinator", "programme_worker"},
    ),
    ("deny-list entry removed", probation_deny_lifted, {"police_b"} | C_HOLDERS),
    ("on a case shared with C", on_case_shared_with_c, {"police_b"} | C_HOLDERS),
    ("party ended on that case", on_case_party_ended, {"police_b"}),
    ("another adult on that case", on_case_as_other_adult, {"police_b"}),
    ("C stopped working on that case", on_case_shared_with_c_ended, {"police_b"}),
    (
        "probation denied that case",
        on_case_probation_denied_the_case,
        {"police_b", "matac_coordinator", "programme_worker"},
    ),
    ("on a restricted case", on_restricted_case, {"police_b"}),
    ("on a case, record restricted", on_case_record_restricted, NOBODY),
    ("police disabled", police_disabled, NOBODY),
    ("police membership ended", police_membership_ended, NOBODY),
    ("agency B closed", agency_b_closed, NOBODY),
]


@pytest.mark.parametrize(("name", "setup", "seen_by"), GATE, ids=[row[0] for row in GATE])
def test_it_lets_through_exactly_the_personas_each_route_allows(
    name: str, setup: Setup, seen_by: set[str], personas: dict[str, User | None], agencies: Any
) -> None:
    record = PersonCausingHarmFactory(owning_organisation=agencies.b)
    setup(record, {"personas": personas, "agencies": agencies})
    seeing = {
        persona
        for persona, user in personas.items()
        if user is not None
        and PersonCausingHarm.objects.visible_to(User.objects.get(pk=user.pk)).filter(pk=record.pk).exists()
    }
    assert seeing == seen_by


def test_it_answers_in_one_query(
    django_assert_num_queries: Any, personas: dict[str, User | None], agencies: Any
) -> None:
    probation = personas["probation"]
    assert probation is not None
    for _ in range(3):
        on_case_shared_with_c(PersonCausingHarmFactory(owning_organisation=agencies.b), {"agencies": agencies})
    with django_assert_num_queries(1):
        assert len(list(PersonCausingHarm.objects.visible_to(probation))) == 3


def test_it_refuses_anonymous_users() -> None:
    from django.contrib.auth.models import AnonymousUser

    PersonCausingHarmFactory()
    assert not PersonCausingHarm.objects.visible_to(AnonymousUser()).exists()  # type: ignore[arg-type]


def test_it_counts_what_it_lists(personas: dict[str, User | None], agencies: Any) -> None:
    police = personas["police_b"]
    assert police is not None
    PersonCausingHarmFactory.create_batch(3, owning_organisation=agencies.b)
    PersonCausingHarmFactory.create_batch(2, owning_organisation=agencies.c)
    visible = PersonCausingHarm.objects.visible_to(police)
    assert visible.count() == 3 == len(list(visible))
