"""How cases enter the MARAC queue: an eligible DASH, an accepted front-door referral, a professional's referral."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseFactory
from vawg.marac.models import MaracArea, MaracReferral, MaracReferralSource, MaracReferralState
from vawg.marac.services.intake import marac_referral_refer
from vawg.marac.tests.factories import MaracAreaFactory, MaracReferralFactory
from vawg.referrals.models import ReferralState, RiskGrade, RiskTool, ServiceKind
from vawg.referrals.services import referral_accept
from vawg.referrals.tests.factories import ReferralFactory, ReferralRouteFactory
from vawg.risk.rules import DASH_ITEM_NUMBERS, Answer
from vawg.risk.services import Judgement, dash_assessment_submit


def answers(*yes: int) -> dict[int, Answer]:
    return {n: Answer.YES if n in yes else Answer.NO for n in DASH_ITEM_NUMBERS}


@pytest.fixture
def area(agencies: Any) -> MaracArea:
    return MaracAreaFactory(name="Hertfordshire MARAC", coordinating_organisation=agencies.county)


@pytest.fixture
def case(agencies: Any) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def submit(case: Case, by: User, *yes: int, **kwargs: Any) -> Any:
    return dash_assessment_submit(
        case=case,
        by=by,
        answers=answers(*yes),
        item_notes={},
        judgement=kwargs.pop("judgement", Judgement()),
        assessment_date=kwargs.pop("on", timezone.localdate()),
    )


# DASH ----------------------------------------------------------------------------------------------------


def test_it_queues_a_case_from_an_eligible_dash(area: MaracArea, case: Case, idva_a: User, agencies: Any) -> None:
    ReferralFactory(subject=case.victim, case=case, children_in_household=2)
    assessment = submit(case, idva_a, *range(1, 15))
    referral = MaracReferral.objects.get()
    assert (referral.case, referral.area, referral.source) == (case, area, MaracReferralSource.DASH)
    assert referral.current_state == MaracReferralState.QUEUED
    assert referral.criteria == ["visible_high_risk"]
    assert referral.dash_assessment == assessment
    assert referral.referring_organisation == agencies.a
    assert referral.referred_by == idva_a
    assert referral.children_in_household == 2
    assert referral.evidence["dash_assessment_id"] == str(assessment.pk)
    assert referral.evidence["visible_high_risk"] == {"met": True, "score": 14, "threshold": 14}
    assert not referral.is_repeat
    assert AuditEntry.objects.filter(action="marac.referral.create").count() == 1


def test_it_does_not_queue_a_dash_below_every_criterion(area: MaracArea, case: Case, idva_a: User) -> None:
    submit(case, idva_a, 1, 2, 3)
    assert not MaracReferral.objects.exists()


def test_it_skips_a_second_eligible_dash_while_one_is_open_without_failing_it(
    area: MaracArea, case: Case, idva_a: User
) -> None:
    submit(case, idva_a, *range(1, 15))
    second = submit(case, idva_a, *range(1, 16))
    assert second.pk is not None and second.marac_eligible
    assert MaracReferral.objects.count() == 1
    entry = AuditEntry.objects.get(action="marac.referral.skip_open")
    assert entry.details["dash_assessment_id"] == str(second.pk)


def test_it_marks_a_dash_within_12_months_of_the_last_referral_as_a_repeat(
    area: MaracArea, case: Case, idva_a: User
) -> None:
    last = MaracReferralFactory(
        case=case, area=area, referred_on=timezone.localdate() - timedelta(days=100), current_state="heard"
    )
    submit(case, idva_a, judgement=Judgement(raise_to_high=True, rationale="Threats to kill"))
    referral = MaracReferral.objects.get(source=MaracReferralSource.DASH)
    assert referral.criteria == ["professional_judgement", "repeat"]
    assert referral.is_repeat and referral.repeat_of == last


def test_it_queues_a_restricted_case_because_the_hook_acts_for_the_service(
    area: MaracArea, idva_a: User, agencies: Any
) -> None:
    from vawg.cases.tests.factories import CaseTeamMemberFactory

    restricted = CaseFactory(owning_organisation=agencies.a, is_restricted=True, restricted_reason="Staff member")
    CaseTeamMemberFactory(case=restricted, user=idva_a, added_by=idva_a)
    submit(restricted, idva_a, *range(1, 15))
    assert MaracReferral.objects.filter(case=restricted).count() == 1


def test_it_queues_a_case_even_when_a_coordinator_is_deny_listed(
    area: MaracArea, case: Case, idva_a: User, marac_coordinator: User
) -> None:
    CaseDenyEntryFactory(case=case, user=marac_coordinator)
    submit(case, idva_a, *range(1, 15))
    assert MaracReferral.objects.filter(case=case).count() == 1
    # The queue is still gated: the deny-listed coordinator does not see it.
    assert not MaracReferral.objects.visible_to(marac_coordinator).exists()


def test_it_does_not_fail_the_dash_when_no_marac_is_set_up(case: Case, idva_a: User) -> None:
    submit(case, idva_a, *range(1, 15))
    assert not MaracReferral.objects.exists()
    assert AuditEntry.objects.filter(action="marac.referral.skip_no_area").count() == 1


# Front door ----------------------------------------------------------------------------------------------


def routed_to_marac(agencies: Any, case: Case, **fields: Any) -> Any:
    referral = ReferralFactory(subject=case.victim, current_state=ReferralState.SENT, **fields)
    ReferralRouteFactory(referral=referral, organisation=agencies.county, service_kind=ServiceKind.MARAC)
    return referral


@pytest.mark.parametrize(
    ("tool", "score", "grade", "criterion"),
    [
        (RiskTool.SAFELIVES_DASH, 14, RiskGrade.HIGH, "visible_high_risk"),
        (RiskTool.SAFELIVES_DASH, 13, RiskGrade.HIGH, "professional_judgement"),
        (RiskTool.DARA, None, RiskGrade.HIGH, "professional_judgement"),
    ],
)
def test_it_queues_a_front_door_referral_accepted_at_a_coordinating_agency(
    area: MaracArea,
    marac_coordinator: User,
    agencies: Any,
    tool: str,
    score: int | None,
    grade: str,
    criterion: str,
) -> None:
    case = CaseFactory(owning_organisation=agencies.county)
    front_door = routed_to_marac(
        agencies,
        case,
        risk_tool=tool,
        risk_score=score,
        risk_grade=grade,
        children_in_household=3,
        referrer_organisation=agencies.b,
    )
    referral_accept(referral=front_door, by=marac_coordinator, organisation=agencies.county)
    front_door.refresh_from_db()
    referral = MaracReferral.objects.get()
    assert referral.case == front_door.case
    assert referral.source == MaracReferralSource.FRONT_DOOR
    assert referral.criteria == [criterion]
    assert referral.children_in_household == 3
    assert referral.referring_organisation == agencies.b
    assert referral.front_door_referral == front_door
    if criterion == "professional_judgement":
        assert referral.evidence["professional_judgement"]["risk_grade"] == grade


def test_it_does_not_queue_a_referral_not_routed_to_marac(
    area: MaracArea, marac_coordinator: User, agencies: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.county)
    front_door = ReferralFactory(subject=case.victim, current_state=ReferralState.SENT)
    ReferralRouteFactory(referral=front_door, organisation=agencies.county, service_kind=ServiceKind.OUTREACH)
    referral_accept(referral=front_door, by=marac_coordinator, organisation=agencies.county)
    assert not MaracReferral.objects.exists()


# A professional's referral --------------------------------------------------------------------------------


def test_it_requires_a_rationale_for_professional_judgement(area: MaracArea, case: Case, idva_a: User) -> None:
    with pytest.raises(ValidationError) as error:
        marac_referral_refer(case=case, by=idva_a, criteria=["professional_judgement"], judgement_rationale=" ")
    assert "judgement_rationale" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        marac_referral_refer(case=case, by=idva_a, criteria=["potential_escalation"], incident_count=2)
    assert "incident_count" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        marac_referral_refer(case=case, by=idva_a, criteria=[])
    assert "criteria" in error.value.message_dict
    assert not MaracReferral.objects.exists()


def test_it_refuses_a_case_the_user_cannot_see(area: MaracArea, case: Case, outsider_c: User) -> None:
    with pytest.raises(Http404):
        marac_referral_refer(case=case, by=outsider_c, criteria=["potential_escalation"], incident_count=3)


def test_it_refers_a_case_from_the_refer_page(
    area: MaracArea, case: Case, idva_a: User, agencies: Any, signed_in: Any
) -> None:
    client = signed_in(idva_a)
    url = f"/marac/cases/{case.pk}/refer/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Refer to MARAC" in page.content.decode()
    bad = client.post(url, {"criteria": ["professional_judgement"], "area": area.pk})
    assert bad.status_code == 200
    assert "Enter why your professional judgement" in bad.content.decode()
    done = client.post(
        url,
        {
            "criteria": ["professional_judgement", "potential_escalation"],
            "judgement_rationale": "Recent strangulation",
            "incident_count": "4",
            "reason": "Escalating",
            "children_in_household": "1",
            "urgent": "on",
            "area": area.pk,
        },
    )
    assert done.status_code == 302
    referral = MaracReferral.objects.get()
    assert referral.source == MaracReferralSource.PROFESSIONAL
    assert referral.criteria == ["potential_escalation", "professional_judgement"]
    assert referral.evidence["potential_escalation"]["incident_count"] == 4
    assert referral.urgent and referral.children_in_household == 1
    assert referral.referring_organisation == agencies.a
    assert "Recent strangulation" in referral.reason
    # The case page now shows the MARAC section with the referral, to the referring agency.
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert referral.reference in detail
    assert f"/marac/cases/{case.pk}/refer/" in detail


def test_it_404s_the_refer_page_for_a_case_the_user_cannot_see(
    area: MaracArea, case: Case, outsider_c: User, signed_in: Any
) -> None:
    assert signed_in(outsider_c).get(f"/marac/cases/{case.pk}/refer/").status_code == 404


def test_it_hides_referrals_the_user_may_not_see_from_the_case_section(
    area: MaracArea, case: Case, idva_a: User, agencies: Any, signed_in: Any
) -> None:
    hidden = MaracReferralFactory(case=case, area=area, referring_organisation=agencies.b)
    own = MaracReferralFactory(case=case, area=area, referring_organisation=agencies.a, current_state="heard")
    page = signed_in(idva_a).get(f"/cases/{case.pk}/").content.decode()
    assert own.reference in page
    assert hidden.reference not in page
