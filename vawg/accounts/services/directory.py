"""Users, memberships, agencies and districts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.hooks import ON_USER_DISABLED
from vawg.accounts.models import District, Membership, Organisation, StaffSession, StaffSessionEndReason, User
from vawg.accounts.services._common import end_sessions
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid

# Users ------------------------------------------------------------------------------------------


@transaction.atomic
def user_create(*, email: str, full_name: str, by: User | None = None, system_job: str = "") -> User:
    """A new member of staff. They have no usable password and no authenticator yet (see setup_link_create)."""
    require_one_author(by=by, system_job=system_job)
    user = User(email=email.strip().lower(), full_name=full_name.strip())
    user.set_unusable_password()
    save_valid(user)
    audit_record(action="accounts.user.create", obj=user, by=by, system_job=system_job)
    return user


@transaction.atomic
def user_update(*, user: User, email: str, full_name: str, by: User | None = None, system_job: str = "") -> User:
    require_one_author(by=by, system_job=system_job)
    changed = [
        name
        for name, value in (("email", email.strip().lower()), ("full_name", full_name.strip()))
        if getattr(user, name) != value
    ]
    user.email = email.strip().lower()
    user.full_name = full_name.strip()
    save_valid(user)
    audit_record(action="accounts.user.update", obj=user, details={"changed": changed}, by=by, system_job=system_job)
    return user


@transaction.atomic
def user_disable(
    *,
    user: User,
    reason: str,
    by: User | None = None,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Disable a user at once: every session ends and every API token is revoked (docs/security.md#s-14)."""
    require_one_author(by=by, system_job=system_job)
    user.is_active = False
    user.disabled_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["is_active", "disabled_at", "updated_at"])
    ended = end_sessions(StaffSession.objects.for_user(user), reason=StaffSessionEndReason.USER_DISABLED)
    for hook in ON_USER_DISABLED:
        hook(user)
    audit_record(
        action="accounts.user.disable",
        by=by,
        system_job=system_job,
        obj=user,
        request=request,
        details={"reason": reason[:200], "sessions_ended": ended},
    )


@transaction.atomic
def user_enable(
    *, user: User, by: User | None = None, system_job: str = "", request: HttpRequest | None = None
) -> None:
    require_one_author(by=by, system_job=system_job)
    user.is_active = True
    user.disabled_at = None
    user.full_clean(exclude=["password"])
    user.save(update_fields=["is_active", "disabled_at", "updated_at"])
    audit_record(action="accounts.user.enable", obj=user, request=request, by=by, system_job=system_job)


# Memberships ------------------------------------------------------------------------------------

OWN_MEMBERSHIP_REFUSAL = "Another administrator must add, change or end your own memberships"


def _require_another_person(*, user: User, by: User | None) -> None:
    """Two-person rule: nobody grants, changes or ends their own roles (docs/access-control.md#own-memberships)."""
    if by is not None and by.pk == user.pk:
        raise ValidationError(OWN_MEMBERSHIP_REFUSAL, code="own_membership")


@transaction.atomic
def membership_add(
    *, user: User, organisation: Organisation, role: str, by: User | None = None, system_job: str = ""
) -> Membership:
    require_one_author(by=by, system_job=system_job)
    _require_another_person(user=user, by=by)
    membership = Membership(user=user, organisation=organisation, role=role)
    save_valid(membership)
    audit_record(
        action="accounts.membership.add",
        by=by,
        system_job=system_job,
        obj=membership,
        agency_id=organisation.pk,
        details={"user": str(user.pk), "role": role},
    )
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, by: User | None = None, system_job: str = "", at: Any = None
) -> Membership:
    require_one_author(by=by, system_job=system_job)
    _require_another_person(user=membership.user, by=by)
    membership.ended_at = at or timezone.now()
    save_valid(membership, update_fields=["ended_at", "updated_at"])
    audit_record(
        action="accounts.membership.end",
        by=by,
        system_job=system_job,
        obj=membership,
        agency_id=membership.organisation_id,
        details={"user": str(membership.user_id), "role": membership.role},
    )
    return membership


# Agencies and districts -------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    name: str,
    type: str,
    by: User | None = None,
    system_job: str = "",
    districts: Iterable[District] = (),
    is_active: bool = True,
    confidential_address: str = "",
) -> Organisation:
    require_one_author(by=by, system_job=system_job)
    organisation = Organisation(name=name, type=type, is_active=is_active, confidential_address=confidential_address)
    save_valid(organisation)
    organisation.districts.set(list(districts))
    audit_record(
        action="accounts.organisation.create",
        by=by,
        system_job=system_job,
        obj=organisation,
        agency_id=organisation.pk,
        details={"has_confidential_address": bool(confidential_address)},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    type: str,
    districts: Iterable[District],
    is_active: bool,
    by: User | None = None,
    system_job: str = "",
    confidential_address: str | None = None,
) -> Organisation:
    """Change an agency. ``confidential_address=None`` keeps the stored address; "" removes it."""
    require_one_author(by=by, system_job=system_job)
    before = Organisation.objects.get(pk=organisation.pk)
    organisation.name, organisation.type, organisation.is_active = name, type, is_active
    changed = [
        field for field in ("name", "type", "is_active") if getattr(before, field) != getattr(organisation, field)
    ]
    if confidential_address is not None and confidential_address != before.confidential_address:
        organisation.confidential_address = confidential_address
        changed.append("confidential_address")
    save_valid(organisation)
    new_districts = list(districts)
    if {district.pk for district in new_districts} != set(before.districts.values_list("pk", flat=True)):
        organisation.districts.set(new_districts)
        changed.append("districts")
    audit_record(
        action="accounts.organisation.update",
        by=by,
        system_job=system_job,
        obj=organisation,
        agency_id=organisation.pk,
        details={"changed": changed},
    )
    return organisation


@transaction.atomic
def district_create(*, name: str, slug: str, by: User | None = None, system_job: str = "") -> District:
    require_one_author(by=by, system_job=system_job)
    district = District(name=name, slug=slug)
    save_valid(district)
    audit_record(action="accounts.district.create", obj=district, by=by, system_job=system_job)
    return district


@transaction.atomic
def district_update(
    *, district: District, name: str, slug: str, by: User | None = None, system_job: str = ""
) -> District:
    require_one_author(by=by, system_job=system_job)
    district.name, district.slug = name, slug
    save_valid(district)
    audit_record(action="accounts.district.update", obj=district, by=by, system_job=system_job)
    return district
