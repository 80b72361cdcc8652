"""Consent that gates referrals: the rule for a new referral, awaiting consent, recording it, sharing
without it (the override), acceptance refused until then, and the list's QuerySet."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import LawfulBasis
from vawg.notifications.models import Notification
from vawg.people.models import Person
from vawg.referrals import services
from vawg.referrals.models import (
    Consent,
    FormOfAbuse,
    Referral,
    ReferralConsentRecord,
    ReferralSource,
    ReferralState,
    RiskGrade,
    RiskTool,
    ServiceKind,
)
from vawg.referrals.rules.consent import MARAC_HIGH_RISK_MESSAGE, ConsentStep, consent_step
from vawg.referrals.services.intake import ReferralInput, referral_submit
from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory, record_referral

pytestmark = pytest.mark.django_db

REASON = "Asking her would alert him: he reads her messages"


def awaiting(by: User, district: Any, **fields: Any) -> Referral:
    """A referral made by ``by``, consent not yet asked, routed (outreach) to agency A."""
    return record_referral(by=by, district=district, consent=Consent.NOT_YET_ASKED, **fields)


def actions(referral: Referral) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(referral.pk), object_type="referrals.referral")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# The rule for a new referral -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "grade", "kinds", "expected"),
    [
        (Consent.GIVEN, RiskGrade.HIGH, [ServiceKind.MARAC], ConsentStep.GO_ON),
        (Consent.NOT_GIVEN_LAWFUL_BASIS, RiskGrade.HIGH, [ServiceKind.MARAC], ConsentStep.GO_ON),
        (Consent.GIVEN, RiskGrade.MEDIUM, [ServiceKind.OUTREACH], ConsentStep.GO_ON),
        (Consent.NOT_YET_ASKED, RiskGrade.HIGH, [ServiceKind.IDVA, ServiceKind.MARAC], ConsentStep.REFUSE),
        (Consent.NOT_YET_ASKED, RiskGrade.HIGH, [ServiceKind.IDVA], ConsentStep.AWAIT),
        (Consent.NOT_YET_ASKED, RiskGrade.MEDIUM, [ServiceKind.MARAC], ConsentStep.AWAIT),
        (Consent.NOT_YET_ASKED, RiskGrade.NOT_ASSESSED, [ServiceKind.OUTREACH], ConsentStep.AWAIT),
        (Consent.NOT_YET_ASKED, RiskGrade.HIGH, [], ConsentStep.AWAIT),
    ],
)
def test_it_decides_what_a_new_referral_does_about_consent(
    consent: str, grade: str, kinds: list[str], expected: ConsentStep
) -> None:
    assert consent_step(consent=consent, risk_grade=grade, service_kinds=kinds) == expected


# Awaiting consent at intake --------------------------------------------------------------------


def test_it_makes_a_referral_whose_consent_is_not_yet_asked_wait(police_b: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    assert referral.current_state == ReferralState.AWAITING_CONSENT
    rows = list(referral.statuses.order_by("created_at").values_list("state", "created_by"))
    assert rows == [(ReferralState.SUBMITTED, police_b.pk), (ReferralState.AWAITING_CONSENT, police_b.pk)]
    assert actions(referral) == ["referrals.referral.submit", "referrals.referral.route", "referrals.consent.await"]
    assert list(Referral.objects.awaiting_consent()) == [referral]


def test_it_tells_the_referrer_once_that_consent_is_awaited(police_b: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    told = Notification.objects.filter(kind="consent-awaited")
    assert [(n.recipient_id, n.event) for n in told] == [(police_b.pk, f"referral:{referral.pk}:consent-awaited")]


def test_it_does_not_make_a_referral_with_consent_wait(police_b: User, district: Any) -> None:
    referral = record_referral(by=police_b, district=district, consent=Consent.GIVEN)
    assert referral.current_state == ReferralState.SUBMITTED
    assert not Notification.objects.filter(kind="consent-awaited").exists()
    assert not Referral.objects.awaiting_consent().exists()


# MARAC at high risk ----------------------------------------------------------------------------


def high_risk(**overrides: Any) -> ReferralInput:
    values: dict[str, Any] = {
        "given_name": "Alice",
        "family_name": "Example",
        "date_of_birth": date(1990, 5, 17),
        "forms_of_abuse": [FormOfAbuse.DOMESTIC_ABUSE],
        "risk_tool": RiskTool.SAFELIVES_DASH,
        "risk_score": 16,
        "risk_grade": RiskGrade.HIGH,
        "details": "Synthetic details for a test.",
    }
    values.update(overrides)
    return ReferralInput(**values)


def test_it_refuses_a_high_risk_referral_to_marac_without_consent_or_a_lawful_basis(police_b: User) -> None:
    people = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        referral_submit(
            data=high_risk(consent=Consent.NOT_YET_ASKED),
            by=police_b,
            source=ReferralSource.PROFESSIONAL,
            idempotency_key="marac-1",
        )
    assert caught.value.message_dict == {"consent": [MARAC_HIGH_RISK_MESSAGE]}
    assert not Referral.objects.exists()
    assert Person.objects.count() == people  # nothing saved
    assert not AuditEntry.objects.filter(action__startswith="referrals.").exists()


@pytest.mark.parametrize(
    "consent",
    [
        {"consent": Consent.GIVEN},
        {
            "consent": Consent.NOT_GIVEN_LAWFUL_BASIS,
            "lawful_basis": LawfulBasis.SAFEGUARDING,
            "consent_reason": "High risk of serious harm",
        },
    ],
)
def test_it_sends_a_high_risk_referral_to_marac_with_consent_or_a_lawful_basis(
    police_b: User, consent: dict[str, str]
) -> None:
    referral, _ = referral_submit(
        data=high_risk(**consent), by=police_b, source=ReferralSource.PROFESSIONAL, idempotency_key="marac-2"
    )
    assert referral.current_state == ReferralState.SUBMITTED  # it never waits for consent
    assert ServiceKind.MARAC in referral.routes.values_list("service_kind", flat=True)


# Accepting -------------------------------------------------------------------------------------


def test_it_refuses_to_accept_a_referral_awaiting_consent(police_b: User, idva_a: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    with pytest.raises(ValidationError) as caught:
        services.referral_accept(referral=referral, by=idva_a)
    assert caught.value.message_dict == {"consent": [services.CONSENT_NEEDED_MESSAGE]}
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.AWAITING_CONSENT and referral.case_id is None


def test_it_refuses_to_accept_an_older_open_referral_whose_consent_is_not_yet_asked(
    police_b: User, idva_a: User, agencies: Any
) -> None:
    """Made before the awaiting-consent state existed: sent, with consent not yet asked."""
    referral = ReferralFactory(consent=Consent.NOT_YET_ASKED, current_state=ReferralState.SENT, referrer_user=police_b)
    ReferralRouteFactory(referral=referral, organisation=agencies.a)
    assert list(Referral.objects.awaiting_consent()) == [referral]
    with pytest.raises(ValidationError, match="awaiting consent"):
        services.referral_accept(referral=referral, by=idva_a)
    services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=idva_a)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.SENT  # recording consent does not move it
    services.referral_accept(referral=referral, by=idva_a)
    assert referral.current_state == ReferralState.ACCEPTED


def _triage_and_accept(referral: Referral, by: User) -> None:
    for step in (ReferralState.TRIAGED, ReferralState.SENT):
        services.referral_transition(referral=referral, to=step, by=by)
    services.referral_accept(referral=referral, by=by)


def test_it_accepts_once_consent_is_recorded(police_b: User, idva_a: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    record = services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=police_b)
    referral.refresh_from_db()
    assert (record.created_by, record.overridden, referral.consent) == (police_b, False, Consent.GIVEN)
    assert referral.current_state == ReferralState.SUBMITTED
    latest = referral.statuses.order_by("-created_at").first()
    assert (latest.state, latest.created_by, latest.reason) == (ReferralState.SUBMITTED, police_b, "Consent recorded")
    assert not Referral.objects.awaiting_consent().exists()
    _triage_and_accept(referral, idva_a)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.ACCEPTED and referral.case_id is not None


def test_it_accepts_once_consent_is_overridden(police_b: User, idva_a: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    services.referral_consent_override(
        referral=referral, lawful_basis=LawfulBasis.SAFEGUARDING, reason=REASON, by=police_b
    )
    _triage_and_accept(referral, idva_a)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.ACCEPTED


# Recording consent -----------------------------------------------------------------------------


def test_it_lets_a_receiving_triager_record_consent_not_given_with_a_lawful_basis(
    police_b: User, idva_a: User, district: Any
) -> None:
    referral = awaiting(police_b, district)
    services.referral_consent_record(
        referral=referral,
        consent=Consent.NOT_GIVEN_LAWFUL_BASIS,
        lawful_basis=LawfulBasis.VITAL_INTERESTS,
        reason="  Risk to life  ",
        by=idva_a,
    )
    referral.refresh_from_db()
    assert (referral.consent, referral.lawful_basis, referral.consent_reason) == (
        Consent.NOT_GIVEN_LAWFUL_BASIS,
        LawfulBasis.VITAL_INTERESTS,
        "Risk to life",
    )
    entry = AuditEntry.objects.get(action="referrals.consent.record")
    assert entry.actor_id == str(idva_a.pk) and entry.object_id == str(referral.pk)
    assert entry.details["consent"] == Consent.NOT_GIVEN_LAWFUL_BASIS
    assert entry.details["lawful_basis"] == LawfulBasis.VITAL_INTERESTS


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"consent": Consent.NOT_YET_ASKED}, "consent"),
        ({"consent": Consent.NOT_GIVEN_LAWFUL_BASIS, "reason": "Risk to life"}, "lawful_basis"),
        (
            {"consent": Consent.NOT_GIVEN_LAWFUL_BASIS, "lawful_basis": LawfulBasis.CONSENT, "reason": "Risk"},
            "lawful_basis",
        ),
        ({"consent": Consent.NOT_GIVEN_LAWFUL_BASIS, "lawful_basis": LawfulBasis.SAFEGUARDING}, "reason"),
    ],
)
def test_it_refuses_incomplete_consent_and_saves_nothing(
    police_b: User, district: Any, fields: dict[str, str], field: str
) -> None:
    referral = awaiting(police_b, district)
    with pytest.raises(ValidationError) as caught:
        services.referral_consent_record(referral=referral, by=police_b, **fields)
    assert field in caught.value.message_dict
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.AWAITING_CONSENT
    assert referral.consent == Consent.NOT_YET_ASKED
    assert not ReferralConsentRecord.objects.exists()
    assert not AuditEntry.objects.filter(action="referrals.consent.record").exists()


def test_it_lets_only_the_referrer_or_a_receiving_triager_record_consent(
    police_b: User, agencies: Any, district: Any, outsider_c: User
) -> None:
    referral = awaiting(police_b, district)
    colleague = user_with_role(Role.POLICE, agencies.b)  # sees the referral (the closed loop), did not make it
    for user in (colleague, outsider_c):
        with pytest.raises(PermissionDenied):
            services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=user)
    assert not ReferralConsentRecord.objects.exists()


def test_it_refuses_consent_from_a_referrer_who_has_left_the_referring_agency(police_b: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    police_b.memberships.update(ended_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=police_b)


def test_it_records_consent_only_once(police_b: User, idva_a: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=police_b)
    with pytest.raises(ValidationError, match="already been recorded"):
        services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=idva_a)
    assert ReferralConsentRecord.objects.count() == 1


def test_it_does_not_record_consent_on_a_withdrawn_referral(police_b: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    services.referral_transition(referral=referral, to=ReferralState.WITHDRAWN, by=police_b)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=police_b)


# Sharing without consent (the override) ----------------------------------------------------------


def test_it_records_an_override_with_its_audit_entry(police_b: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    record = services.referral_consent_override(
        referral=referral, lawful_basis=LawfulBasis.SAFEGUARDING, reason=REASON, by=police_b
    )
    referral.refresh_from_db()
    assert record.overridden and record.created_by == police_b and record.reason == REASON
    assert (referral.consent, referral.lawful_basis) == (Consent.NOT_GIVEN_LAWFUL_BASIS, LawfulBasis.SAFEGUARDING)
    assert referral.current_state == ReferralState.SUBMITTED
    latest = referral.statuses.order_by("-created_at").first()
    assert latest.reason == services.OVERRIDDEN_NOTE and latest.created_by == police_b
    entry = AuditEntry.objects.get(action="referrals.consent.override")
    assert entry.actor_id == str(police_b.pk) and entry.object_id == str(referral.pk)
    assert entry.purpose == REASON
    assert entry.details["lawful_basis"] == LawfulBasis.SAFEGUARDING
    assert entry.details["consent_record_id"] == str(record.pk)


def test_it_needs_the_override_permission(police_b: User, idva_a: User, district: Any) -> None:
    referral = awaiting(police_b, district)
    assert not idva_a.has_perm("referrals.override_consent")
    with pytest.raises(PermissionDenied):
        services.referral_consent_override(
            referral=referral, lawful_basis=LawfulBasis.SAFEGUARDING, reason=REASON, by=idva_a
        )
    assert not ReferralConsentRecord.objects.exists()


def test_it_refuses_an_override_by_a_holder_who_cannot_see_the_referral(
    police_b: User, marac_coordinator: User, district: Any
) -> None:
    referral = awaiting(police_b, district)
    with pytest.raises(PermissionDenied):
        services.referral_consent_override(
            referral=referral, lawful_basis=LawfulBasis.SAFEGUARDING, reason=REASON, by=marac_coordinator
        )


@pytest.mark.parametrize(
    ("basis", "reason", "field"),
    [
        (LawfulBasis.SAFEGUARDING, "Too short a reason", "reason"),
        (LawfulBasis.SAFEGUARDING, "   ", "reason"),
        ("", REASON, "lawful_basis"),
        (LawfulBasis.CONSENT, REASON, "lawful_basis"),
    ],
)
def test_it_needs_a_basis_and_a_reason_of_twenty_characters_to_override(
    police_b: User, district: Any, basis: str, reason: str, field: str
) -> None:
    referral = awaiting(police_b, district)
    with pytest.raises(ValidationError) as caught:
        services.referral_consent_override(referral=referral, lawful_basis=basis, reason=reason, by=police_b)
    assert field in caught.value.message_dict
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.AWAITING_CONSENT
    assert not AuditEntry.objects.filter(action="referrals.consent.override").exists()


# The list's rows -------------------------------------------------------------------------------


def test_it_lists_referrals_awaiting_consent_for_the_receiver_and_the_referrer(
    police_b: User, idva_a: User, outsider_c: User, agencies: Any, district: Any
) -> None:
    waiting = awaiting(police_b, district)
    record_referral(by=police_b, district=district)  # consent given: not waiting
    colleague = user_with_role(Role.POLICE, agencies.b)  # sees it, but neither made it nor receives it
    assert list(Referral.objects.awaiting_consent().for_user(idva_a)) == [waiting]
    assert list(Referral.objects.awaiting_consent().for_user(police_b)) == [waiting]
    assert not Referral.objects.awaiting_consent().for_user(colleague).exists()
    assert not Referral.objects.awaiting_consent().for_user(outsider_c).exists()
