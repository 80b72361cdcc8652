"""The one case gate: Case.objects.visible_to(user) and case_get_for(user=user, case_id=pk)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Agencies
from vawg.accounts.models import Membership, User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.models import Case
from vawg.cases.selectors import case_get_for
from vawg.cases.tests.factories import (
    BreakGlassAccessFactory,
    CaseAccessGrantFactory,
    CaseAgencyFactory,
    CaseDenyEntryFactory,
    CaseFactory,
    CaseTeamMemberFactory,
)

pytestmark = pytest.mark.django_db

PAST = timedelta(days=-1)


@dataclass
class World:
    case: Case
    agencies: Agencies
    idva_a: User
    police_b: User
    outsider_c: User
    marac_coordinator: User
    analyst: User
    board_member: User
    admin_user: User


Setup = Callable[[World], User]


def _grant(w: World, **extra: object) -> User:
    CaseAccessGrantFactory(case=w.case, organisation=w.agencies.b, **extra)
    return w.police_b


def _team(w: World, user: User, **extra: object) -> User:
    CaseTeamMemberFactory(case=w.case, user=user, **extra)
    return user


def _deny(w: World, user: User) -> User:
    CaseDenyEntryFactory(case=w.case, user=user)
    return user


def _glass(w: World, user: User, **extra: object) -> User:
    BreakGlassAccessFactory(case=w.case, user=user, **extra)
    return user


def _restrict(w: World) -> None:
    Case.objects.filter(pk=w.case.pk).update(is_restricted=True, restricted_reason="Victim works for a partner")


def _restricted(setup: Setup) -> Setup:
    def wrapped(w: World) -> User:
        _restrict(w)
        return setup(w)

    return wrapped


def _disable(user: User) -> User:
    user.is_active = False
    user.save()
    return user


def _end_memberships(user: User) -> User:
    Membership.objects.filter(user=user).update(ended_at=timezone.now() - timedelta(minutes=1))
    return user


def _deactivate_agency(w: World) -> User:
    w.agencies.a.is_active = False
    w.agencies.a.save()
    return w.idva_a


# (relationship, setup -> the user whose view is checked, may they see the case owned by agency A?)
VISIBILITY_TABLE: list[tuple[str, Setup, bool]] = [
    ("owning-agency caseworker", lambda w: w.idva_a, True),
    ("owning agency, analyst role", lambda w: user_with_role(Role.ANALYST, w.agencies.a), False),
    ("owning agency, board role", lambda w: user_with_role(Role.BOARD, w.agencies.a), False),
    ("owning agency, administrator role", lambda w: user_with_role(Role.ADMIN, w.agencies.a), False),
    ("other agency without grant", lambda w: w.police_b, False),
    ("other agency with grant", lambda w: _grant(w), True),
    ("other agency with expired grant", lambda w: _grant(w, expires_at=timezone.now() + PAST), False),
    ("other agency with revoked grant", lambda w: _grant(w, revoked_at=timezone.now()), False),
    ("third agency while B has a grant", lambda w: (_grant(w), w.outsider_c)[1], False),
    (
        "case agency member",
        lambda w: (CaseAgencyFactory(case=w.case, organisation=w.agencies.c), w.outsider_c)[1],
        True,
    ),
    (
        "ended case agency member",
        lambda w: (
            CaseAgencyFactory(case=w.case, organisation=w.agencies.c, ended_at=timezone.now()),
            w.outsider_c,
        )[1],
        False,
    ),
    ("named team member at another agency", lambda w: _team(w, w.outsider_c), True),
    ("ended team member", lambda w: _team(w, w.outsider_c, ended_at=timezone.now()), False),
    ("team member without a casework role", lambda w: _team(w, w.analyst), False),
    ("restricted x owning-agency caseworker", _restricted(lambda w: w.idva_a), False),
    ("restricted x named team member", _restricted(lambda w: _team(w, w.idva_a)), True),
    ("restricted x agency with grant", _restricted(lambda w: _grant(w)), False),
    (
        "restricted x case agency member",
        _restricted(lambda w: (CaseAgencyFactory(case=w.case, organisation=w.agencies.c), w.outsider_c)[1]),
        False,
    ),
    ("restricted x break-glass", _restricted(lambda w: _glass(w, w.police_b)), True),
    ("deny-listed owner", lambda w: _deny(w, w.idva_a), False),
    ("deny-listed team member", lambda w: _deny(w, _team(w, w.outsider_c)), False),
    ("deny-listed grant holder", lambda w: _deny(w, _grant(w)), False),
    ("deny-listed on restricted case, named", _restricted(lambda w: _deny(w, _team(w, w.idva_a))), False),
    (
        "removed deny entry",
        lambda w: (CaseDenyEntryFactory(case=w.case, user=w.idva_a, removed_at=timezone.now()), w.idva_a)[1],
        True,
    ),
    ("break-glass", lambda w: _glass(w, w.police_b), True),
    ("expired break-glass", lambda w: _glass(w, w.police_b, expires_at=timezone.now() + PAST), False),
    ("break-glass while deny-listed", lambda w: _deny(w, _glass(w, w.police_b)), False),
    ("disabled owning-agency caseworker", lambda w: _disable(w.idva_a), False),
    ("disabled team member", lambda w: _disable(_team(w, w.outsider_c)), False),
    ("owning-agency caseworker whose membership ended", lambda w: _end_memberships(w.idva_a), False),
    ("caseworker at a deactivated owning agency", _deactivate_agency, False),
    ("MARAC coordinator without a relationship", lambda w: w.marac_coordinator, False),
    ("analyst", lambda w: w.analyst, False),
    ("board member", lambda w: w.board_member, False),
    ("administrator", lambda w: w.admin_user, False),
]


@pytest.fixture
def world(
    agencies: Agencies,
    idva_a: User,
    police_b: User,
    outsider_c: User,
    marac_coordinator: User,
    analyst: User,
    board_member: User,
    admin_user: User,
) -> World:
    case = CaseFactory(owning_organisation=agencies.a)
    return World(case, agencies, idva_a, police_b, outsider_c, marac_coordinator, analyst, board_member, admin_user)


@pytest.mark.parametrize(("relationship", "setup", "expected"), VISIBILITY_TABLE, ids=[r[0] for r in VISIBILITY_TABLE])
def test_it_shows_a_case_only_to_those_with_a_need_to_know(
    world: World, relationship: str, setup: Setup, expected: bool
) -> None:
    user = User.objects.get(pk=setup(world).pk)  # as the next request would load them
    CaseFactory(owning_organisation=world.agencies.c)  # noise: a case nobody here is linked to but C's staff

    visible = Case.objects.visible_to(user)

    assert visible.filter(pk=world.case.pk).exists() is expected
    assert (world.case.pk in set(visible.values_list("pk", flat=True))) is expected
    if expected:
        assert case_get_for(user=user, case_id=world.case.pk) == world.case
    else:
        with pytest.raises(Http404):
            case_get_for(user=user, case_id=world.case.pk)


def test_it_shows_nothing_to_an_anonymous_user(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert Case.objects.visible_to(AnonymousUser()).count() == 0
    with pytest.raises(Http404):
        case_get_for(user=AnonymousUser(), case_id=world.case.pk)


@pytest.mark.parametrize("pk", ["not-a-uuid", "", None, 12])
def test_it_answers_404_for_malformed_ids(idva_a: User, pk: object) -> None:
    with pytest.raises(Http404):
        case_get_for(user=idva_a, case_id=pk)


def test_it_answers_404_for_a_missing_case_as_for_a_forbidden_one(world: World) -> None:
    with pytest.raises(Http404) as missing:
        case_get_for(user=world.police_b, case_id=uuid.uuid4())
    with pytest.raises(Http404) as forbidden:
        case_get_for(user=world.police_b, case_id=world.case.pk)
    assert str(missing.value) == str(forbidden.value)


def test_it_shows_a_case_with_break_glass_until_the_access_expires(world: World) -> None:
    _glass(world, world.police_b)
    assert Case.objects.visible_to(world.police_b).filter(pk=world.case.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(hours=4, minutes=1)):
        assert not Case.objects.visible_to(world.police_b).filter(pk=world.case.pk).exists()


def test_it_hides_a_case_once_the_grant_expires(world: World) -> None:
    _grant(world, expires_at=timezone.now() + timedelta(days=2))
    assert Case.objects.visible_to(world.police_b).count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=2, seconds=1)):
        assert Case.objects.visible_to(world.police_b).count() == 0


def test_it_applies_a_restriction_on_the_very_next_query(world: World) -> None:
    visible = Case.objects.visible_to(world.idva_a)
    assert visible.count() == 1
    _restrict(world)
    assert Case.objects.visible_to(world.idva_a).count() == 0


def test_it_lists_fifty_visible_cases_in_one_query(
    agencies: Agencies, idva_a: User, police_b: User, django_assert_max_num_queries: Callable[..., object]
) -> None:
    cases = CaseFactory.create_batch(50, owning_organisation=agencies.a)
    for case in cases[:5]:
        CaseDenyEntryFactory(case=case, user=police_b)
        CaseTeamMemberFactory(case=case, user=idva_a)
        CaseAccessGrantFactory(case=case, organisation=agencies.c)
    CaseFactory.create_batch(5, owning_organisation=agencies.b)
    user = User.objects.get(pk=idva_a.pk)

    with django_assert_max_num_queries(1):  # type: ignore[operator]
        listed = list(Case.objects.visible_to(user).select_related("victim", "owning_organisation"))
        names = [(case.owning_organisation.name, case.victim.pk) for case in listed]
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        count = Case.objects.visible_to(user).count()

    assert len(names) == 50
    assert count == 50


# Properties over random worlds ------------------------------------------------------------------

ROLES = [Role.IDVA, Role.POLICE, Role.ANALYST]
N_ORGS, N_USERS, N_CASES = 3, 4, 3
GRANT_STATES = ["in-force", "expired", "revoked"]

user_spec = st.tuples(st.integers(0, N_ORGS - 1), st.sampled_from(ROLES), st.booleans())
case_spec = st.fixed_dictionaries(
    {
        "owner": st.integers(0, N_ORGS - 1),
        "restricted": st.booleans(),
        "agencies": st.sets(st.integers(0, N_ORGS - 1), max_size=2),
        "grants": st.lists(st.tuples(st.integers(0, N_ORGS - 1), st.sampled_from(GRANT_STATES)), max_size=2),
        "team": st.sets(st.integers(0, N_USERS - 1), max_size=2),
        "deny": st.sets(st.integers(0, N_USERS - 1), max_size=1),
        "glass": st.sets(st.integers(0, N_USERS - 1), max_size=1),
    }
)
worlds = st.tuples(
    st.lists(user_spec, min_size=N_USERS, max_size=N_USERS),
    st.lists(case_spec, min_size=N_CASES, max_size=N_CASES),
)


def _expected(spec: dict[str, object], user: tuple[int, Role, bool], index: int) -> bool:
    """The policy written out in plain Python: the oracle the query must agree with."""
    org, role, active = user
    if not active or role == Role.ANALYST or index in spec["deny"]:  # type: ignore[operator]
        return False
    if index in spec["team"] or index in spec["glass"]:  # type: ignore[operator]
        return True
    if spec["restricted"]:
        return False
    grants = {o for o, state in spec["grants"] if state == "in-force"}  # type: ignore[attr-defined]
    return org == spec["owner"] or org in spec["agencies"] or org in grants  # type: ignore[operator]


def _build(
    users_spec: list[tuple[int, Role, bool]], cases_spec: list[dict[str, object]]
) -> tuple[list[User], list[Case]]:
    orgs = OrganisationFactory.create_batch(N_ORGS)
    users = [user_with_role(role, orgs[org], is_active=active) for org, role, active in users_spec]
    cases = []
    now = timezone.now()
    for spec in cases_spec:
        case = CaseFactory(owning_organisation=orgs[spec["owner"]], is_restricted=spec["restricted"])  # type: ignore[index]
        for org in spec["agencies"]:  # type: ignore[attr-defined]
            CaseAgencyFactory(case=case, organisation=orgs[org])
        for org, state in spec["grants"]:  # type: ignore[attr-defined]
            expires = now + (PAST if state == "expired" else timedelta(days=30))
            revoked = now if state == "revoked" else None
            CaseAccessGrantFactory(case=case, organisation=orgs[org], expires_at=expires, revoked_at=revoked)
        for i in spec["team"]:  # type: ignore[attr-defined]
            CaseTeamMemberFactory(case=case, user=users[i])
        for i in spec["deny"]:  # type: ignore[attr-defined]
            CaseDenyEntryFactory(case=case, user=users[i])
        for i in spec["glass"]:  # type: ignore[attr-defined]
            BreakGlassAccessFactory(case=case, user=users[i])
        cases.append(case)
    return users, cases


def _visible(users: list[User]) -> list[set[object]]:
    return [set(Case.objects.visible_to(User.objects.get(pk=u.pk)).values_list("pk", flat=True)) for u in users]


PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(world_spec=worlds)
def test_it_agrees_with_the_policy_in_lists_counts_and_single_lookups(
    world_spec: tuple[list[tuple[int, Role, bool]], list[dict[str, object]]],
) -> None:
    users_spec, cases_spec = world_spec
    with transaction.atomic():
        users, cases = _build(users_spec, cases_spec)
        for index, (user, spec) in enumerate(zip(users, users_spec, strict=True)):
            fresh = User.objects.get(pk=user.pk)
            expected = {c.pk for c, cs in zip(cases, cases_spec, strict=True) if _expected(cs, spec, index)}
            assert set(Case.objects.visible_to(fresh).values_list("pk", flat=True)) == expected
            assert Case.objects.visible_to(fresh).count() == len(expected)
            for case in cases:
                try:
                    case_get_for(user=fresh, case_id=case.pk)
                    found = True
                except Http404:
                    found = False
                assert found is (case.pk in expected)
        transaction.set_rollback(True)


@PROPERTY_SETTINGS
@given(world_spec=worlds, case_index=st.integers(0, N_CASES - 1), user_index=st.integers(0, N_USERS - 1))
def test_it_never_shows_more_after_a_deny_entry_is_added(
    world_spec: tuple[list[tuple[int, Role, bool]], list[dict[str, object]]], case_index: int, user_index: int
) -> None:
    with transaction.atomic():
        users, cases = _build(*world_spec)
        before = _visible(users)
        if not cases[case_index].deny_entries.filter(user=users[user_index], removed_at__isnull=True).exists():
            CaseDenyEntryFactory(case=cases[case_index], user=users[user_index])
        after = _visible(users)
        assert all(a <= b for a, b in zip(after, before, strict=True))
        assert cases[case_index].pk not in after[user_index]
        transaction.set_rollback(True)


@PROPERTY_SETTINGS
@given(world_spec=worlds, pick=st.integers(0, 100))
def test_it_never_shows_more_after_a_grant_is_revoked(
    world_spec: tuple[list[tuple[int, Role, bool]], list[dict[str, object]]], pick: int
) -> None:
    with transaction.atomic():
        users, _cases = _build(*world_spec)
        grants = list(CaseAccessGrantFactory._meta.model.objects.filter(revoked_at__isnull=True).order_by("pk"))
        before = _visible(users)
        if grants:
            grant = grants[pick % len(grants)]
            grant.revoked_at = timezone.now()
            grant.save()
        after = _visible(users)
        assert all(a <= b for a, b in zip(after, before, strict=True))
        transaction.set_rollback(True)


def test_it_finds_break_glass_candidates_only_for_named_roles_and_never_when_deny_listed(
    world: World, marac_coordinator: User
) -> None:
    _restrict(world)
    other = CaseFactory(owning_organisation=world.agencies.c)
    CaseDenyEntryFactory(case=other, user=world.police_b)

    assert set(Case.objects.break_glass_candidates_for(world.police_b)) == {world.case}
    assert set(Case.objects.break_glass_candidates_for(marac_coordinator)) == {world.case, other}
    assert not Case.objects.break_glass_candidates_for(world.idva_a).exists()
    assert not Case.objects.break_glass_candidates_for(world.analyst).exists()
    # Finding a candidate never shows it: that needs break-glass access first.
    assert not Case.objects.visible_to(world.police_b).exists()


def test_it_gives_no_sight_of_an_agencys_cases_through_a_non_casework_role(agencies: Any) -> None:
    from vawg.accounts.roles import Role
    from vawg.accounts.tests.factories import MembershipFactory, user_with_role
    from vawg.cases.tests.factories import CaseFactory

    case = CaseFactory(owning_organisation=agencies.county)
    # An IDVA at agency A who is also the county council's analyst.
    person = user_with_role(Role.IDVA, agencies.a)
    MembershipFactory(user=person, organisation=agencies.county, role=Role.ANALYST)
    assert case not in Case.objects.visible_to(person)
    MembershipFactory(user=person, organisation=agencies.county, role=Role.MARAC_COORDINATOR)
    assert case in Case.objects.visible_to(person)
