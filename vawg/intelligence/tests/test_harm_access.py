"""Managing who may see a person causing harm: each change audited, bad input refused, no lock-out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import LawfulBasis
from vawg.intelligence.models import (
    HarmAccessGrant,
    HarmAgency,
    HarmAgencyReason,
    HarmDenyEntry,
    HarmRestrictionChange,
    PersonCausingHarm,
)
from vawg.intelligence.services import harm_access as services
from vawg.intelligence.tests.factories import HarmTeamMemberFactory, PersonCausingHarmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(agencies: Agencies) -> dict[str, Any]:
    """Only the two agency-C personas these tests need (the full set costs seconds to make)."""
    return {
        "probation": user_with_role(Role.PROBATION, agencies.c, email="probation@example.invalid"),
        "matac_coordinator": user_with_role(Role.MATAC_COORDINATOR, agencies.c, email="matac@example.invalid"),
    }


@pytest.fixture
def record(agencies: Agencies) -> PersonCausingHarm:
    return PersonCausingHarmFactory(owning_organisation=agencies.b)


def _sees(user: User, record: PersonCausingHarm) -> bool:
    return PersonCausingHarm.objects.visible_to(user).filter(pk=record.pk).exists()


def test_it_grants_and_revokes_access_with_audit(
    record: PersonCausingHarm, agencies: Agencies, police_b: User, personas: dict[str, Any]
) -> None:
    probation = personas["probation"]
    grant = services.harm_grant_add(
        record=record,
        organisation=agencies.c,
        lawful_basis=LawfulBasis.SAFEGUARDING,
        reason="Supervision of licence conditions after release",
        expires_at=timezone.now() + timedelta(days=90),
        by=police_b,
    )
    assert _sees(probation, record)
    services.harm_grant_revoke(grant=grant, by=police_b)
    assert not _sees(probation, record)
    actions = list(AuditEntry.objects.filter(object_id=str(record.pk)).values_list("action", flat=True))
    assert actions == ["intelligence.harm_grant.add", "intelligence.harm_grant.revoke"]
    entry = AuditEntry.objects.get(action="intelligence.harm_grant.add")
    assert "licence" not in str(entry.details)  # the reason stays on the row


@pytest.mark.parametrize(
    ("reason", "days", "field"),
    [
        ("Too short", 30, "reason"),
        ("A long enough reason for sharing it", 0, "expires_at"),
        ("A long enough reason for sharing it", 400, "expires_at"),
    ],
)
def test_it_refuses_a_grant_with_a_short_reason_or_a_bad_expiry(
    record: PersonCausingHarm, agencies: Agencies, police_b: User, reason: str, days: int, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.harm_grant_add(
            record=record,
            organisation=agencies.c,
            lawful_basis=LawfulBasis.SAFEGUARDING,
            reason=reason,
            expires_at=timezone.now() + timedelta(days=days),
            by=police_b,
        )
    assert field in refused.value.message_dict
    assert not HarmAccessGrant.objects.exists()


def test_it_refuses_a_change_that_locks_the_manager_out_and_keeps_nothing(
    record: PersonCausingHarm, police_b: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.harm_restrict(record=record, reason="A colleague knows him", by=police_b)
    assert services.LOCKED_OUT in refused.value.messages
    with pytest.raises(ValidationError):
        services.harm_deny_add(record=record, user=police_b, reason="Testing myself", by=police_b)
    record.refresh_from_db()
    assert not record.is_restricted
    assert not HarmRestrictionChange.objects.exists() and not HarmDenyEntry.objects.exists()
    assert not AuditEntry.objects.filter(object_id=str(record.pk)).exists()


def test_it_restricts_when_the_manager_is_on_the_named_team(
    record: PersonCausingHarm, agencies: Agencies, police_b: User, personas: dict[str, Any]
) -> None:
    services.harm_team_add(record=record, user=police_b, by=police_b)
    services.harm_agency_add(record=record, organisation=agencies.c, reason=HarmAgencyReason.SUPERVISES, by=police_b)
    assert _sees(personas["probation"], record)
    services.harm_restrict(record=record, reason="A colleague knows him", by=police_b)
    assert _sees(police_b, record) and not _sees(personas["probation"], record)
    change = HarmRestrictionChange.objects.get()
    assert change.restricted and change.created_by == police_b
    services.harm_unrestrict(record=record, reason="No longer needed", by=police_b)
    assert _sees(personas["probation"], record)


def test_it_refuses_anyone_who_may_not_manage_the_record(
    record: PersonCausingHarm, agencies: Agencies, personas: dict[str, Any]
) -> None:
    coordinator = personas["matac_coordinator"]  # may manage records, but agency C does not hold this one
    HarmAgency.objects.create(person_causing_harm=record, organisation=agencies.c, reason="matac", system_job="t")
    with pytest.raises(Http404):
        services.harm_deny_add(record=record, user=personas["probation"], reason="Knows him", by=coordinator)
    assert not HarmDenyEntry.objects.exists()


def test_it_lets_only_those_who_may_see_people_causing_harm_join_the_team(
    record: PersonCausingHarm, police_b: User, idva_a: User
) -> None:
    with pytest.raises(ValidationError):
        services.harm_team_add(record=record, user=idva_a, by=police_b)


def test_it_works_without_javascript_and_shows_errors_on_the_form(
    record: PersonCausingHarm, agencies: Agencies, police_b: User, personas: dict[str, Any], signed_in: Any
) -> None:
    client = signed_in(police_b)
    kwargs = {"person_causing_harm_id": record.pk}
    url = reverse("harm:harm_grant_add", kwargs=kwargs)
    expires = timezone.localdate() + timedelta(days=60)
    data = {
        "organisation": agencies.c.pk,
        "lawful_basis": LawfulBasis.SAFEGUARDING,
        "reason": "short",
        "expires_on_0": expires.day,
        "expires_on_1": expires.month,
        "expires_on_2": expires.year,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "in at least 20 characters" in refused.content.decode()
    data["reason"] = "Joint supervision agreed at the MATAC meeting"
    done = client.post(url, data)
    assert done.status_code == 302
    assert _sees(personas["probation"], record)
    deny = client.post(
        reverse("harm:harm_deny_entry_add", kwargs=kwargs), {"email": police_b.email, "reason": "Testing it"}
    )
    assert services.LOCKED_OUT.split(":")[0] in deny.content.decode()
    page = client.get(reverse("harm:person_causing_harm_access", kwargs=kwargs)).content.decode()
    assert agencies.c.name in page


def test_it_removes_a_team_member_and_a_deny_entry(record: PersonCausingHarm, police_b: User, personas: Any) -> None:
    member = HarmTeamMemberFactory(person_causing_harm=record, user=personas["probation"])
    services.harm_team_remove(member=member, by=police_b)
    entry = services.harm_deny_add(record=record, user=personas["probation"], reason="Knows a victim", by=police_b)
    services.harm_deny_remove(entry=entry, by=police_b)
    with pytest.raises(ValidationError):
        services.harm_deny_remove(entry=entry, by=police_b)
    assert AuditEntry.objects.filter(action__startswith="intelligence.harm_").count() == 3
