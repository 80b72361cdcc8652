"""Partner support: starting it from the partner's case, safety reports, ending it, the alert to the partner's
worker, and the two page sections (docs/programmes.md#partner-support)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseFactory
from vawg.notifications.models import Notification
from vawg.programmes.models import (
    AttendanceOutcome,
    ExitReason,
    FeelsSafe,
    PartnerSafetyReport,
    PartnerSupport,
    ProgrammeReferralState,
    ProgrammeSession,
    RiskChange,
)
from vawg.programmes.presenters.partner import referral_page_section
from vawg.programmes.services import attendance_record, programme_referral_transition
from vawg.programmes.services import partner as services
from vawg.programmes.tests.factories_partner import partner_world, pch_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: dict[str, Any], agencies: Any) -> Any:
    return partner_world(personas, agencies, linked=False)


def test_it_starts_partner_support_from_the_case_and_audits_ids_only(world: Any, personas: dict[str, Any]) -> None:
    idva = personas["idva_a"]
    support = services.partner_support_start(referral=world.referral, partner_case=world.case, by=idva)
    assert support.worker == idva
    assert support.support_agency_id == world.case.owning_organisation_id
    assert support.started_on == timezone.localdate()
    entry = AuditEntry.objects.get(action="programmes.partner_support.start")
    assert entry.details == {"case_id": str(world.case.pk), "programme_referral_id": str(world.referral.pk)}
    assert entry.agency_id == str(world.case.owning_organisation_id)


def test_it_refuses_a_second_support_for_the_same_pair(world: Any, personas: dict[str, Any]) -> None:
    idva = personas["idva_a"]
    services.partner_support_start(referral=world.referral, partner_case=world.case, by=idva)
    with pytest.raises(ValidationError, match="already in place"):
        services.partner_support_start(referral=world.referral, partner_case=world.case, by=idva)


def test_it_refuses_a_referral_about_someone_not_on_the_case(
    world: Any, personas: dict[str, Any], agencies: Any
) -> None:
    other_case = CaseFactory(owning_organisation=agencies.a)
    with pytest.raises(ValidationError, match="not about a person causing harm on this case"):
        services.partner_support_start(referral=world.referral, partner_case=other_case, by=personas["idva_a"])
    assert not PartnerSupport.objects.exists()


def test_it_refuses_a_referral_that_never_started(personas: dict[str, Any], agencies: Any) -> None:
    closed = partner_world(personas, agencies, linked=False, state=ProgrammeReferralState.WITHDRAWN)
    with pytest.raises(ValidationError, match="never started"):
        services.partner_support_start(referral=closed.referral, partner_case=closed.case, by=personas["idva_a"])


def test_it_answers_404_to_an_idva_who_cannot_see_the_case(world: Any, agencies: Any) -> None:
    elsewhere = user_with_role(Role.IDVA, agencies.b, email="idva.b@example.invalid")
    with pytest.raises(Http404):
        services.partner_support_start(referral=world.referral, partner_case=world.case, by=elsewhere)


def test_it_refuses_the_programme_worker(world: Any, personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.partner_support_start(
            referral=world.referral, partner_case=world.case, by=personas["programme_worker"]
        )


def test_it_records_a_safety_report_with_codes_only_in_the_audit(personas: dict[str, Any], agencies: Any) -> None:
    linked = partner_world(personas, agencies, notes="Private words of the partner")
    report = linked.report
    assert report.notes == "Private words of the partner"
    entry = AuditEntry.objects.get(action="programmes.partner_safety_report.record")
    assert entry.details == {
        "partner_support_id": str(linked.support.pk),
        "case_id": str(linked.case.pk),
        "feels_safe": FeelsSafe.MOSTLY,
        "risk_change": RiskChange.SAME,
    }
    assert "Private" not in str(entry.details)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reported_on": timezone.localdate() + timedelta(days=1)}, "reported_on"),
        ({"reported_on": timezone.localdate() - timedelta(days=400)}, "reported_on"),
        ({"feels_safe": "fine"}, "feels_safe"),
        ({"risk_change": ""}, "risk_change"),
        ({"physical": 4}, "physical"),
        ({"notes": "x" * 4001}, "notes"),
    ],
)
def test_it_refuses_a_bad_safety_report_and_saves_nothing(
    personas: dict[str, Any], agencies: Any, change: dict[str, Any], field: str
) -> None:
    linked = partner_world(personas, agencies)
    values: dict[str, Any] = {
        "reported_on": timezone.localdate(),
        "feels_safe": FeelsSafe.SAFE,
        "risk_change": RiskChange.LOWER,
        **change,
    }
    with pytest.raises(ValidationError) as raised:
        services.partner_safety_report_record(partner_support=linked.support, by=personas["idva_a"], **values)
    assert field in raised.value.message_dict
    assert PartnerSafetyReport.objects.count() == 1


def test_it_ends_support_once_and_then_takes_no_reports(personas: dict[str, Any], agencies: Any) -> None:
    linked = partner_world(personas, agencies)
    idva = personas["idva_a"]
    ended = services.partner_support_end(partner_support=linked.support, by=idva)
    assert ended.ended_on == timezone.localdate()
    with pytest.raises(ValidationError, match="ended"):
        services.partner_support_end(partner_support=ended, by=idva)
    with pytest.raises(ValidationError, match="ended"):
        services.partner_safety_report_record(
            partner_support=ended,
            reported_on=timezone.localdate(),
            feels_safe=FeelsSafe.SAFE,
            risk_change=RiskChange.LOWER,
            by=idva,
        )


def test_it_tells_the_partners_worker_when_the_person_leaves_early_and_not_the_programme_worker(
    personas: dict[str, Any], agencies: Any
) -> None:
    linked = partner_world(personas, agencies)
    worker = personas["programme_worker"]
    programme_referral_transition(
        referral=linked.referral, to_state=ProgrammeReferralState.EXITED, exit_reason=ExitReason.DISENGAGED, by=worker
    )
    told = Notification.objects.filter(kind="partner-support")
    assert [n.recipient for n in told] == [personas["idva_a"]]
    assert told.get().link == reverse("cases:case_detail", kwargs={"case_id": linked.case.pk}) + "#partner-support"
    assert not Notification.objects.filter(recipient=worker, kind="partner-support").exists()


def test_it_tells_the_partners_worker_once_when_he_misses_more_sessions_than_the_rule_allows(
    personas: dict[str, Any], agencies: Any
) -> None:
    linked = partner_world(personas, agencies)
    worker = personas["programme_worker"]
    rule = linked.programme.max_missed_in_a_row  # more than this many misses in a row calls for a review
    start = timezone.now() - timedelta(days=7 * (rule + 3))
    told = Notification.objects.filter(kind="partner-support")
    for week in range(rule + 2):
        session = ProgrammeSession.objects.create(
            programme=linked.programme, number=week + 1, starts_at=start + timedelta(days=7 * week)
        )
        attendance_record(session=session, outcomes={linked.referral: AttendanceOutcome.MISSED}, by=worker)
        assert told.count() == (1 if week >= rule else 0), week
    assert [n.recipient for n in told] == [personas["idva_a"]]
    assert told.get().link == reverse("cases:case_detail", kwargs={"case_id": linked.case.pk}) + "#partner-support"
    assert not Notification.objects.filter(recipient=worker).exists()


def test_it_does_not_tell_a_worker_the_case_now_hides(personas: dict[str, Any], agencies: Any) -> None:
    from vawg.cases.tests.factories import CaseDenyEntryFactory

    linked = partner_world(personas, agencies)
    CaseDenyEntryFactory(case=linked.case, user=personas["idva_a"])
    programme_referral_transition(
        referral=linked.referral,
        to_state=ProgrammeReferralState.COMPLETED,
        confirmed=True,
        by=personas["programme_worker"],
    )
    assert not Notification.objects.filter(kind="partner-support").exists()


def test_it_says_only_the_month_on_the_programme_referral_page(personas: dict[str, Any], agencies: Any) -> None:
    linked = partner_world(personas, agencies)
    template, context = referral_page_section(linked.referral, personas["programme_worker"]) or ("", {})
    assert context == {"since": timezone.localdate().strftime("%B %Y")}
    services.partner_support_end(partner_support=linked.support, by=personas["idva_a"])
    assert referral_page_section(linked.referral, personas["programme_worker"]) == (template, {"since": ""})


def test_it_shows_the_section_and_reports_on_the_case_page_to_the_partners_worker(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    linked = partner_world(personas, agencies, notes="Partner report canary words")
    body = signed_in(personas["idva_a"]).get(reverse("cases:case_detail", kwargs={"case_id": linked.case.pk}))
    text = body.content.decode()
    assert 'id="partner-support"' in text
    assert "Partner report canary words" in text
    assert "Matrix change group" in text
    assert (
        reverse("partner_support:partner_safety_report_new", kwargs={"partner_support_id": linked.support.pk}) in text
    )


def test_it_lets_the_worker_start_support_from_the_case_page(
    world: Any, personas: dict[str, Any], signed_in: SignedIn
) -> None:
    client = signed_in(personas["idva_a"])
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": world.case.pk})).content.decode()
    start = reverse(
        "partner_support:partner_support_start", kwargs={"case_id": world.case.pk, "referral_id": world.referral.pk}
    )
    assert start in page
    assert client.post(start).status_code == 302
    assert PartnerSupport.objects.filter(referral=world.referral, partner_case=world.case).exists()
    # Once linked it is no longer offered, and the start page answers 404.
    assert client.get(start).status_code == 404


def test_it_does_not_offer_a_referral_of_someone_no_longer_on_the_case(
    world: Any, personas: dict[str, Any], signed_in: SignedIn
) -> None:
    from vawg.cases.models import CaseParty

    CaseParty.objects.filter(case=world.case).update(ended_at=timezone.now())
    start = reverse(
        "partner_support:partner_support_start", kwargs={"case_id": world.case.pk, "referral_id": world.referral.pk}
    )
    assert signed_in(personas["idva_a"]).get(start).status_code == 404


def test_it_keeps_what_was_typed_when_a_report_is_refused(
    personas: dict[str, Any], agencies: Any, signed_in: SignedIn
) -> None:
    linked = partner_world(personas, agencies)
    url = reverse("partner_support:partner_safety_report_new", kwargs={"partner_support_id": linked.support.pk})
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in(personas["idva_a"]).post(
        url,
        {
            "reported_on_0": tomorrow.day,
            "reported_on_1": tomorrow.month,
            "reported_on_2": tomorrow.year,
            "feels_safe": FeelsSafe.UNSAFE,
            "risk_change": RiskChange.HIGHER,
            "notes": "Kept after the error",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "The date of the report must be today or in the past" in text
    assert "Kept after the error" in text
    assert PartnerSafetyReport.objects.count() == 1


def test_it_records_a_report_through_the_page(personas: dict[str, Any], agencies: Any, signed_in: SignedIn) -> None:
    linked = partner_world(personas, agencies)
    url = reverse("partner_support:partner_safety_report_new", kwargs={"partner_support_id": linked.support.pk})
    today = timezone.localdate()
    response = signed_in(personas["idva_a"]).post(
        url,
        {
            "reported_on_0": today.day,
            "reported_on_1": today.month,
            "reported_on_2": today.year,
            "feels_safe": FeelsSafe.UNSAFE,
            "risk_change": RiskChange.HIGHER,
            "physical": "2",
            "notes": "",
        },
    )
    assert response.status_code == 302
    newest = PartnerSafetyReport.objects.order_by("-created_at").first()
    assert newest is not None
    assert (newest.risk_change, newest.physical, newest.sexual) == (RiskChange.HIGHER, 2, None)


def test_it_links_only_people_causing_harm_on_the_case(personas: dict[str, Any], agencies: Any) -> None:
    from vawg.programmes.selectors.partner import linkable_referrals

    world = partner_world(personas, agencies, linked=False)
    other = partner_world(personas, agencies, linked=False)
    assert linkable_referrals(user=personas["idva_a"], case=world.case) == [world.referral]
    pch_party(world.case, other.harm.person, personas["idva_a"])
    assert set(linkable_referrals(user=personas["idva_a"], case=world.case)) == {world.referral, other.referral}
    assert linkable_referrals(user=personas["programme_worker"], case=world.case) == []
