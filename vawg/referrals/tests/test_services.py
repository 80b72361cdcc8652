"""Referral services: recording and routing, the state machine, acceptance, first contact,
the FGM reporting task, possible duplicates and routing-rule history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.core.dates import LONDON
from vawg.people.tests.factories import PersonFactory
from vawg.referrals import services
from vawg.referrals.models import (
    STATE_TRANSITIONS,
    Consent,
    DuplicateResolution,
    FormOfAbuse,
    PossibleDuplicate,
    Referral,
    ReferralSource,
    ReferralState,
    ReferralStatus,
    RiskGrade,
    RiskTool,
    RoutingRule,
    RoutingRuleVersion,
    ServiceKind,
    SubjectRole,
    TaskKind,
)
from vawg.referrals.tests.factories import record_referral

pytestmark = pytest.mark.django_db


def actions(referral: Referral) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(referral.pk), object_type="referrals.referral")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# Recording and routing --------------------------------------------------------------------------


def test_it_records_a_referral_with_a_reference_a_state_row_and_audit_entries(police_b: Any, district: Any) -> None:
    referral = record_referral(by=police_b, district=district)
    assert referral.reference.startswith(f"R-{timezone.localdate().year}-")
    assert list(referral.statuses.values_list("state", flat=True)) == ["submitted"]
    assert referral.current_state == ReferralState.SUBMITTED
    assert actions(referral) == ["referrals.referral.submit", "referrals.referral.route"]
    filed_under = AuditEntry.objects.filter(object_id=str(referral.pk)).values_list("agency_id", flat=True)
    assert set(filed_under) == {str(police_b.memberships.get().organisation_id)}


def test_it_numbers_referrals_in_sequence(police_b: Any, district: Any) -> None:
    first = record_referral(by=police_b, district=district)
    second = record_referral(by=police_b, district=district)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_it_routes_medium_domestic_abuse_to_the_outreach_service_covering_the_district(
    police_b: Any, agencies: Any, district: Any
) -> None:
    OrganisationFactory(name="AAA Other district service", type=OrganisationType.SPECIALIST_SERVICE).districts.add(
        DistrictFactory(name="Watford", slug="watford")
    )
    referral = record_referral(by=police_b, district=district, risk_grade=RiskGrade.MEDIUM)
    assert [(r.service_kind, r.organisation_id) for r in referral.routes.all()] == [("outreach", agencies.a.pk)]


def test_it_routes_high_risk_domestic_abuse_to_idva_and_marac(police_b: Any, agencies: Any, district: Any) -> None:
    referral = record_referral(by=police_b, district=district, risk_grade=RiskGrade.HIGH)
    routes = {r.service_kind: r for r in referral.routes.select_related("rule")}
    assert set(routes) == {ServiceKind.IDVA, ServiceKind.MARAC}
    assert routes[ServiceKind.IDVA].organisation_id == agencies.a.pk
    assert routes[ServiceKind.MARAC].organisation_id == agencies.county.pk
    assert routes[ServiceKind.IDVA].rule_version == routes[ServiceKind.IDVA].rule.version == 1


def test_it_uses_the_organisation_a_rule_names(police_b: Any, outsider_c: Any, agencies: Any, district: Any) -> None:
    services.routing_rule_save(
        rule=RoutingRule(
            name="Stalking to C",
            priority=1,
            conditions={"forms_of_abuse": ["stalking"]},
            service_kind=ServiceKind.OUTREACH,
            organisation=agencies.c,
        ),
        by=None,
        system_job="tests",
    )
    referral = record_referral(by=police_b, district=district, forms_of_abuse=["stalking"])
    assert [(r.service_kind, r.organisation_id) for r in referral.routes.all()] == [("outreach", agencies.c.pk)]


def test_it_refuses_to_route_a_referral_twice(police_b: Any, district: Any) -> None:
    referral = record_referral(by=police_b, district=district)
    with pytest.raises(ValidationError):
        services.referral_route(referral=referral, system_job="tests")


@pytest.mark.parametrize(
    ("grade", "due"),
    [
        # Referred on Friday 27 November 2026 at 15:00.
        (RiskGrade.HIGH, datetime(2026, 11, 30, 23, 59, 59, tzinfo=LONDON)),
        (RiskGrade.MEDIUM, datetime(2026, 12, 2, 23, 59, 59, tzinfo=LONDON)),
        (RiskGrade.STANDARD, datetime(2026, 12, 4, 23, 59, 59, tzinfo=LONDON)),
        (RiskGrade.NOT_ASSESSED, datetime(2026, 12, 4, 23, 59, 59, tzinfo=LONDON)),
    ],
)
def test_it_sets_the_first_contact_target_from_the_risk_grade_in_working_days(
    police_b: Any, district: Any, grade: str, due: datetime
) -> None:
    with time_machine.travel(datetime(2026, 11, 27, 15, 0, tzinfo=LONDON), tick=False):
        tool = RiskTool.NONE if grade == RiskGrade.NOT_ASSESSED else RiskTool.POLICE_DASH
        referral = record_referral(by=police_b, district=district, risk_grade=grade, risk_tool=tool)
    assert referral.first_contact_due == due
    assert referral.first_contact_target_version == "herts-first-contact-2026-1"


# The FGM mandatory reporting task ---------------------------------------------------------------


def _child() -> Any:
    return PersonFactory(date_of_birth=date(2014, 3, 1))


@pytest.mark.parametrize(
    ("role", "org_type", "task"),
    [
        (Role.HEALTH, OrganisationType.NHS, True),
        (Role.SOCIAL_WORKER, OrganisationType.CHILDRENS_SOCIAL_CARE, True),
        (Role.POLICE, OrganisationType.POLICE, False),
    ],
)
def test_it_creates_the_fgm_police_report_task_due_by_the_end_of_the_next_working_day(
    role: Role, org_type: str, task: bool
) -> None:
    referrer = user_with_role(role, OrganisationFactory(type=org_type))
    with time_machine.travel(datetime(2026, 12, 24, 10, 0, tzinfo=LONDON), tick=False):
        referral = record_referral(by=referrer, subject=_child(), forms_of_abuse=[FormOfAbuse.FGM.value])
    tasks = list(referral.tasks.all())
    if task:
        assert [(t.kind, t.due) for t in tasks] == [
            (TaskKind.FGM_POLICE_REPORT, datetime(2026, 12, 29, 23, 59, 59, tzinfo=LONDON))
        ]
    else:
        assert tasks == []


@pytest.mark.parametrize(("age", "expected"), [(30, "Adult Care"), (12, "Children's Care"), (None, "Children's Care")])
def test_it_sends_safeguarding_to_adult_or_childrens_social_care_by_age(age: int | None, expected: str) -> None:
    OrganisationFactory(name="Adult Care", type=OrganisationType.ADULT_SOCIAL_CARE)
    OrganisationFactory(name="Children's Care", type=OrganisationType.CHILDRENS_SOCIAL_CARE)
    birth = None if age is None else timezone.localdate() - timedelta(days=365 * age + 30)
    subject = PersonFactory(date_of_birth=birth, approximate_age=None)
    referral = record_referral(subject=subject, system_job="test", forms_of_abuse=[FormOfAbuse.FORCED_MARRIAGE.value])
    route = referral.routes.get(service_kind=ServiceKind.SAFEGUARDING)
    assert route.organisation is not None
    assert route.organisation.name == expected


def test_it_creates_no_fgm_task_for_an_adult() -> None:
    referrer = user_with_role(Role.HEALTH, OrganisationFactory(type=OrganisationType.NHS))
    referral = record_referral(by=referrer, forms_of_abuse=[FormOfAbuse.FGM.value])
    assert not referral.tasks.exists()


def test_it_marks_a_task_done_once(police_b: Any, idva_a: Any) -> None:
    referrer = user_with_role(Role.HEALTH, OrganisationFactory(type=OrganisationType.NHS))
    referral = record_referral(by=referrer, subject=_child(), forms_of_abuse=[FormOfAbuse.FGM.value])
    task = referral.tasks.get()
    services.referral_task_complete(task=task, by=idva_a)
    assert task.done_at is not None and task.done_by == idva_a
    with pytest.raises(ValidationError):
        services.referral_task_complete(task=task, by=idva_a)


# The state machine ------------------------------------------------------------------------------

ALL_STATES = [state.value for state in ReferralState]
# How to reach each state from a new referral (awaiting consent: one whose consent is not yet asked).
PATHS = {
    ReferralState.SUBMITTED: [],
    ReferralState.AWAITING_CONSENT: [],
    ReferralState.TRIAGED: [ReferralState.TRIAGED],
    ReferralState.SENT: [ReferralState.TRIAGED, ReferralState.SENT],
    ReferralState.ACCEPTED: [ReferralState.TRIAGED, ReferralState.SENT, ReferralState.ACCEPTED],
    ReferralState.DECLINED: [ReferralState.TRIAGED, ReferralState.DECLINED],
    ReferralState.WITHDRAWN: [ReferralState.WITHDRAWN],
    ReferralState.CLOSED: [ReferralState.TRIAGED, ReferralState.DECLINED, ReferralState.CLOSED],
}


def _move(referral: Referral, to: str, by: Any) -> None:
    """Make the move the way the service that owns it does: accepting opens a case, awaiting consent
    happens at intake (for a referral whose consent is not yet asked) and recording consent moves on."""
    if to == ReferralState.ACCEPTED:
        services.referral_accept(referral=referral, by=by)
    elif to == ReferralState.AWAITING_CONSENT:
        Referral.objects.filter(pk=referral.pk).update(consent=Consent.NOT_YET_ASKED)
        referral.refresh_from_db()
        services.referral_consent_await(referral=referral, by=by)
    elif to == ReferralState.SUBMITTED:
        services.referral_consent_record(referral=referral, consent=Consent.GIVEN, by=by)
    else:
        services.referral_transition(referral=referral, to=to, by=by, reason="Synthetic reason")


def _referral_in(state: str, by: Any, idva: Any, district: Any) -> Referral:
    waits = state == ReferralState.AWAITING_CONSENT
    referral = record_referral(by=by, district=district, consent=Consent.NOT_YET_ASKED if waits else Consent.GIVEN)
    for step in PATHS[ReferralState(state)]:
        _move(referral, step, idva)
    return referral


@pytest.mark.parametrize("start", ALL_STATES)
@pytest.mark.parametrize("to", ALL_STATES)
def test_it_allows_exactly_the_transitions_in_the_table(
    start: str, to: str, police_b: Any, idva_a: Any, district: Any
) -> None:
    referral = _referral_in(start, police_b, idva_a, district)
    assert referral.current_state == start
    rows_before = referral.statuses.count()
    if to in STATE_TRANSITIONS[start]:
        _move(referral, to, idva_a)
        referral.refresh_from_db()
        assert referral.current_state == to
        assert referral.statuses.order_by("-created_at").first().state == to
    else:
        with pytest.raises(ValidationError) as caught:
            _move(referral, to, idva_a)
        if (start, to) == (ReferralState.AWAITING_CONSENT, ReferralState.ACCEPTED):
            assert services.CONSENT_NEEDED_MESSAGE in str(caught.value)  # the specific reason, first
        elif to == ReferralState.SUBMITTED:
            assert "Consent has already been recorded for this referral" in str(caught.value)
        else:
            start_label = ReferralState(start).label.lower()
            assert f"A referral that is {start_label} cannot be {ReferralState(to).label.lower()}" in str(caught.value)
        referral.refresh_from_db()
        assert referral.current_state == start
        assert referral.statuses.count() == rows_before


def test_it_needs_a_reason_to_decline(police_b: Any, idva_a: Any, district: Any) -> None:
    referral = _referral_in(ReferralState.TRIAGED, police_b, idva_a, district)
    with pytest.raises(ValidationError) as caught:
        services.referral_transition(referral=referral, to=ReferralState.DECLINED, by=idva_a, reason="  ")
    assert "Enter why the referral is declined" in str(caught.value)


def test_it_keeps_state_rows_immutable(police_b: Any, district: Any) -> None:
    row = record_referral(by=police_b, district=district).statuses.get()
    row.reason = "changed"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_it_audits_each_transition_by_state(police_b: Any, idva_a: Any, district: Any) -> None:
    referral = _referral_in(ReferralState.CLOSED, police_b, idva_a, district)
    assert actions(referral)[2:] == [
        "referrals.referral.triage",
        "referrals.referral.decline",
        "referrals.referral.close",
    ]


# Acceptance -------------------------------------------------------------------------------------


def test_it_opens_a_case_held_by_the_accepting_agency_on_acceptance(
    police_b: Any, idva_a: Any, agencies: Any, district: Any
) -> None:
    referral = _referral_in(ReferralState.SENT, police_b, idva_a, district)
    services.referral_accept(referral=referral, by=idva_a)
    referral.refresh_from_db()
    case = Case.objects.get(pk=referral.case_id)
    assert case.owning_organisation == agencies.a
    assert case.victim_id == referral.subject_id
    assert case.district == district
    assert "referrals.referral.accept" in actions(referral)
    assert [e.summary for e in case.chronology.filter(kind="referral")] == [
        f"Referral {referral.reference} accepted (professional referral)"
    ]


def test_it_links_the_agencys_open_case_for_the_same_person(police_b: Any, idva_a: Any, district: Any) -> None:
    first = _referral_in(ReferralState.ACCEPTED, police_b, idva_a, district)
    second = _referral_in(ReferralState.SENT, police_b, idva_a, district)
    Referral.objects.filter(pk=second.pk).update(subject=first.subject)
    second.refresh_from_db()
    services.referral_accept(referral=second, by=idva_a)
    assert second.case_id == first.case_id
    assert Case.objects.filter(victim=first.subject).count() == 1


def test_it_refuses_acceptance_by_an_agency_the_referral_was_not_sent_to(
    police_b: Any, idva_a: Any, outsider_c: Any, district: Any
) -> None:
    referral = _referral_in(ReferralState.SENT, police_b, idva_a, district)
    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=outsider_c)
    assert not Case.objects.filter(victim=referral.subject).exists()


def test_it_accepts_a_perpetrator_self_referral_without_opening_a_victim_case(agencies: Any) -> None:
    provider = OrganisationFactory(name="Programme (test)", type=OrganisationType.PROGRAMME_PROVIDER)
    worker = user_with_role(Role.PROGRAMME_WORKER, provider)
    referral = record_referral(
        source=ReferralSource.PERPETRATOR_SELF,
        subject_role=SubjectRole.PERPETRATOR,
        risk_tool=RiskTool.NONE,
        risk_grade=RiskGrade.NOT_ASSESSED,
        forms_of_abuse=[],
    )
    assert [(r.service_kind, r.organisation_id) for r in referral.routes.all()] == [
        ("perpetrator-programme", provider.pk)
    ]
    for step in (ReferralState.TRIAGED, ReferralState.SENT):
        services.referral_transition(referral=referral, to=step, by=worker)
    services.referral_accept(referral=referral, by=worker)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.ACCEPTED and referral.case_id is None


# First contact ----------------------------------------------------------------------------------


def test_it_records_first_contact_once_and_not_in_the_future(police_b: Any, idva_a: Any, district: Any) -> None:
    referral = record_referral(by=police_b, district=district)
    with pytest.raises(ValidationError):
        services.referral_first_contact(referral=referral, by=idva_a, at=timezone.now() + timedelta(hours=1))
    services.referral_first_contact(referral=referral, by=idva_a, at=timezone.now())
    assert referral.first_contact_at is not None
    with pytest.raises(ValidationError):
        services.referral_first_contact(referral=referral, by=idva_a, at=timezone.now())
    assert "referrals.first_contact.record" in actions(referral)


# Possible duplicates ----------------------------------------------------------------------------


def test_it_links_a_possible_duplicate_only_when_a_person_says_so(police_b: Any, idva_a: Any, district: Any) -> None:
    existing = PersonFactory()
    referral = record_referral(by=police_b, district=district)
    new_subject = referral.subject_id
    flag = PossibleDuplicate.objects.create(referral=referral, person=existing, reasons=["same name and date of birth"])
    referral.refresh_from_db()
    assert referral.subject_id == new_subject  # nothing merges by itself
    services.possible_duplicate_resolve(duplicate=flag, resolution=DuplicateResolution.LINKED, by=idva_a)
    referral.refresh_from_db()
    assert referral.subject_id == existing.pk
    assert flag.resolved_by == idva_a
    with pytest.raises(ValidationError):
        services.possible_duplicate_resolve(duplicate=flag, resolution=DuplicateResolution.NOT_DUPLICATE, by=idva_a)


def test_it_keeps_the_subject_when_a_flag_is_not_a_duplicate(police_b: Any, idva_a: Any, district: Any) -> None:
    referral = record_referral(by=police_b, district=district)
    flag = PossibleDuplicate.objects.create(referral=referral, person=PersonFactory(), reasons=["similar name"])
    services.possible_duplicate_resolve(duplicate=flag, resolution=DuplicateResolution.NOT_DUPLICATE, by=idva_a)
    referral.refresh_from_db()
    assert referral.subject_id != flag.person_id
    assert flag.resolution == DuplicateResolution.NOT_DUPLICATE


# Routing rules and their history ----------------------------------------------------------------


def test_it_installs_the_default_rules_once_with_a_first_version() -> None:
    assert RoutingRule.objects.count() == 9  # installed by migration 0002
    assert services.routing_rules_install_defaults() == 0
    for rule in RoutingRule.objects.all():
        assert rule.version == 1
        assert rule.versions.get().snapshot["service_kind"] == rule.service_kind


def test_it_keeps_a_version_for_every_rule_change(admin_user: Any) -> None:
    rule = RoutingRule.objects.get(service_kind=ServiceKind.ISVA_SARC)
    rule.priority = 5
    services.routing_rule_save(rule=rule, by=admin_user)
    rule.active = False
    services.routing_rule_save(rule=rule, by=admin_user)
    versions = list(RoutingRuleVersion.objects.filter(rule=rule).order_by("version"))
    assert [(v.version, v.snapshot["priority"], v.snapshot["active"]) for v in versions] == [
        (1, 30, True),
        (2, 5, True),
        (3, 5, False),
    ]
    assert versions[-1].created_by == admin_user
    assert AuditEntry.objects.filter(action="referrals.routing_rule.save", object_id=str(rule.pk)).count() == 2


def test_it_refuses_a_rule_with_unknown_conditions(admin_user: Any) -> None:
    rule = RoutingRule(name="Bad", conditions={"colour": ["blue"]}, service_kind=ServiceKind.OUTREACH)
    with pytest.raises(ValidationError) as caught:
        services.routing_rule_save(rule=rule, by=admin_user)
    assert "conditions" in caught.value.message_dict
    assert not RoutingRule.objects.filter(name="Bad").exists()


def test_it_routes_with_the_rule_as_changed(police_b: Any, admin_user: Any, district: Any) -> None:
    for rule in RoutingRule.objects.filter(service_kind=ServiceKind.OUTREACH):
        rule.active = False
        services.routing_rule_save(rule=rule, by=admin_user)
    referral = record_referral(by=police_b, district=district)
    assert [r.service_kind for r in referral.routes.all()] == ["helpline"]


# Validation of the referral itself -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"forms_of_abuse": ["not-a-form"]}, "forms_of_abuse"),
        ({"needs": ["x"]}, "needs"),
        ({"consent": "not-given-shared-with-lawful-basis"}, "lawful_basis"),
        ({"risk_tool": RiskTool.SAFELIVES_DASH, "risk_score": None}, "risk_score"),
        ({"risk_tool": RiskTool.SAFELIVES_DASH, "risk_score": 25}, "risk_score"),
        ({"risk_tool": RiskTool.DARA, "risk_score": 10}, "risk_score"),
        ({"source": ReferralSource.PERPETRATOR_SELF, "subject_role": SubjectRole.VICTIM}, "subject_role"),
    ],
)
def test_it_refuses_an_invalid_referral(police_b: Any, fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        record_referral(by=police_b, **fields)
    assert field in caught.value.message_dict
    assert not ReferralStatus.objects.exists()


@pytest.mark.parametrize(
    ("score", "grade", "allowed"),
    [
        (9, RiskGrade.STANDARD, True),
        (9, RiskGrade.HIGH, True),  # professional judgement may raise
        (12, RiskGrade.STANDARD, False),
        (14, RiskGrade.MEDIUM, False),
        (14, RiskGrade.HIGH, True),
        (20, RiskGrade.STANDARD, False),
    ],
)
def test_it_never_records_a_dash_score_with_a_lower_risk_level(score: int, grade: str, allowed: bool) -> None:
    from django.core.exceptions import ValidationError as Invalid

    from vawg.referrals.models import RiskTool

    def make() -> Referral:
        return record_referral(system_job="test", risk_tool=RiskTool.SAFELIVES_DASH, risk_score=score, risk_grade=grade)

    if allowed:
        assert make().risk_grade == grade
    else:
        with pytest.raises(Invalid, match="professional judgement can only raise it"):
            make()
