"""Two-person rule for memberships: an administrator never adds, changes or ends their own
membership; another administrator must (docs/access-control.md#own-memberships)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vawg.accounts import services
from vawg.accounts.models import Membership, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

REFUSAL = "Another administrator must add, change or end your own memberships"


@pytest.fixture
def second_admin(agencies: Any) -> User:
    return user_with_role(Role.ADMIN, agencies.county, email="second.admin@example.invalid")


def _inline_post(user: User, rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"memberships-{index}-{name}": value for name, value in row.items()}
    return data


def _new_idva_row(agencies: Any) -> dict[str, str]:
    return {"organisation": str(agencies.a.pk), "role": Role.IDVA, "ended_at_0": "", "ended_at_1": ""}


def test_it_refuses_an_administrator_adding_a_membership_to_themselves(admin_user: User, agencies: Any) -> None:
    with pytest.raises(ValidationError, match=REFUSAL):
        services.membership_add(user=admin_user, organisation=agencies.a, role=Role.IDVA, by=admin_user)

    assert not Membership.objects.filter(user=admin_user, role=Role.IDVA).exists()
    assert not User.objects.get(pk=admin_user.pk).has_perm("cases.view_cases")
    assert not AuditEntry.objects.filter(action="accounts.membership.add").exists()


def test_it_refuses_an_administrator_ending_their_own_membership(admin_user: User) -> None:
    membership = admin_user.memberships.get()

    with pytest.raises(ValidationError, match=REFUSAL):
        services.membership_end(membership=membership, by=admin_user)

    membership.refresh_from_db()
    assert membership.ended_at is None


def test_it_refuses_a_casework_membership_added_on_your_own_admin_page(
    signed_in: SignedIn, admin_user: User, agencies: Any
) -> None:
    client = signed_in(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[admin_user.pk])).content.decode()
    assert REFUSAL in page
    assert 'name="memberships-0-organisation"' not in page  # the memberships are read-only here

    own = admin_user.memberships.get()
    row = {"id": str(own.pk), "user": str(admin_user.pk), "organisation": str(agencies.county.pk)}
    row |= {"role": Role.ADMIN, "ended_at_0": "", "ended_at_1": ""}
    client.post(
        reverse("admin:accounts_user_change", args=[admin_user.pk]),
        _inline_post(admin_user, [row, _new_idva_row(agencies)], initial=1),
    )

    assert not Membership.objects.filter(user=admin_user, role=Role.IDVA).exists()
    assert not User.objects.get(pk=admin_user.pk).has_perm("cases.view_cases")


def test_it_lets_a_second_administrator_add_the_membership(
    signed_in: SignedIn, admin_user: User, second_admin: User, agencies: Any
) -> None:
    response = signed_in(second_admin).post(
        reverse("admin:accounts_user_change", args=[admin_user.pk]),
        _inline_post(admin_user, [_new_idva_row(agencies)], initial=0),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    added = Membership.objects.get(user=admin_user, role=Role.IDVA)
    assert User.objects.get(pk=admin_user.pk).has_perm("cases.view_cases")
    entry = AuditEntry.objects.get(action="accounts.membership.add")
    assert (entry.actor_id, entry.object_id) == (str(second_admin.pk), str(added.pk))
