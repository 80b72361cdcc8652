"""The triage pages: inbox, referral page and its actions, overdue list, and the referrer's sent list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory
from vawg.core.dates import LONDON
from vawg.people.tests.factories import PersonFactory
from vawg.referrals import services
from vawg.referrals.models import (
    DuplicateResolution,
    FormOfAbuse,
    PossibleDuplicate,
    Referral,
    ReferralState,
    RiskGrade,
)
from vawg.referrals.tests.factories import record_referral

pytestmark = pytest.mark.django_db


def _detail(referral: Referral) -> str:
    return reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk})


def _transition(client: Client, referral: Referral, to: str) -> Any:
    return client.post(reverse("referrals:referral_transition", kwargs={"referral_id": referral.pk}), {"to": to})


def test_it_lists_referrals_routed_to_my_agency_in_the_inbox(
    referral: Referral, police_b: Any, idva_a: Any, signed_in: Callable[[Any], Client]
) -> None:
    elsewhere = record_referral(by=police_b, forms_of_abuse=[FormOfAbuse.STALKING.value])  # helpline, not agency A
    page = signed_in(idva_a).get(reverse("referrals:referral_inbox")).content.decode()
    assert referral.reference in page
    assert elsewhere.reference not in page
    assert referral.subject.family_name not in page  # lists name no one


def test_it_filters_the_inbox_by_state(
    referral: Referral, police_b: Any, idva_a: Any, district: Any, signed_in: Callable[[Any], Client]
) -> None:
    triaged = record_referral(by=police_b, district=district)
    services.referral_transition(referral=triaged, to=ReferralState.TRIAGED, by=idva_a)
    page = signed_in(idva_a).get(reverse("referrals:referral_inbox"), {"state": "triaged"}).content.decode()
    assert triaged.reference in page
    assert referral.reference not in page


def test_it_shows_the_referral_page_and_audits_the_read(
    referral: Referral, idva_a: Any, signed_in: Callable[[Any], Client]
) -> None:
    response = signed_in(idva_a).get(_detail(referral))
    assert response.status_code == 200
    assert escape(referral.subject.full_name) in response.content.decode()  # "O'Neill" is HTML-escaped
    assert AuditEntry.objects.filter(action="referrals.referral.view", object_id=str(referral.pk)).count() == 1


@pytest.mark.parametrize("persona", ["outsider_c", "analyst", "board_member", "admin_user", "marac_coordinator"])
def test_it_answers_404_to_those_who_may_not_see_the_referral(
    persona: str, referral: Referral, request: pytest.FixtureRequest, signed_in: Callable[[Any], Client]
) -> None:
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(_detail(referral)).status_code in (403, 404)
    assert _transition(client, referral, "triaged").status_code in (403, 404)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.SUBMITTED


def test_it_moves_a_referral_through_triage_send_and_accept_opening_a_case(
    referral: Referral, idva_a: Any, agencies: Any, signed_in: Callable[[Any], Client]
) -> None:
    client = signed_in(idva_a)
    for state in ("triaged", "sent", "accepted"):
        response = _transition(client, referral, state)
        assert response.status_code == 302, state
        assert response["Location"] == _detail(referral)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.ACCEPTED
    assert Case.objects.get(pk=referral.case_id).owning_organisation == agencies.a


def test_it_explains_an_illegal_transition(referral: Referral, idva_a: Any, signed_in: Callable[[Any], Client]) -> None:
    response = _transition(signed_in(idva_a), referral, "closed")
    assert response.status_code == 400
    assert "A referral that is submitted cannot be closed" in response.content.decode()


def test_it_does_not_let_the_referrer_triage(
    referral: Referral, police_b: Any, signed_in: Callable[[Any], Client]
) -> None:
    client = signed_in(police_b)
    assert client.get(_detail(referral)).status_code == 200
    assert _transition(client, referral, "triaged").status_code == 404
    assert client.get(reverse("referrals:referral_decline", kwargs={"referral_id": referral.pk})).status_code == 404


def test_it_lets_the_referrer_withdraw(referral: Referral, police_b: Any, signed_in: Callable[[Any], Client]) -> None:
    assert _transition(signed_in(police_b), referral, "withdrawn").status_code == 302
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.WITHDRAWN


def test_it_needs_a_reason_to_decline_and_shows_it_to_the_referrer(
    referral: Referral, idva_a: Any, police_b: Any, signed_in: Callable[[Any], Client]
) -> None:
    services.referral_transition(referral=referral, to=ReferralState.TRIAGED, by=idva_a)
    client = signed_in(idva_a)
    url = reverse("referrals:referral_decline", kwargs={"referral_id": referral.pk})
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert "Enter why the referral is being declined" in empty.content.decode()
    assert client.post(url, {"reason": "Outside our area: please refer to the Watford service"}).status_code == 302
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.DECLINED
    sent = signed_in(police_b).get(reverse("referrals:referral_sent_list")).content.decode()
    assert referral.reference in sent
    assert "Outside our area: please refer to the Watford service" in sent


def test_it_lists_only_my_own_referrals_as_sent(
    referral: Referral, agencies: Any, district: Any, signed_in: Callable[[Any], Client]
) -> None:
    colleague = user_with_role(Role.POLICE, agencies.b)
    theirs = record_referral(by=colleague, district=district)
    page = signed_in(colleague).get(reverse("referrals:referral_sent_list")).content.decode()
    assert theirs.reference in page
    assert referral.reference not in page


def test_it_lists_overdue_first_contact_for_my_agency(
    police_b: Any, idva_a: Any, district: Any, signed_in: Callable[[Any], Client]
) -> None:
    # Referred on Friday 27 November 2026: high risk is due by the end of Monday 30th, medium by Wednesday 2 December.
    with time_machine.travel(datetime(2026, 11, 27, 15, 0, tzinfo=LONDON), tick=False):
        high = record_referral(by=police_b, district=district, risk_grade=RiskGrade.HIGH)
        medium = record_referral(by=police_b, district=district, risk_grade=RiskGrade.MEDIUM)
        contacted = record_referral(by=police_b, district=district, risk_grade=RiskGrade.HIGH)
        services.referral_first_contact(referral=contacted, by=idva_a, at=datetime(2026, 11, 27, 15, 0, tzinfo=LONDON))
        closed = record_referral(by=police_b, district=district, risk_grade=RiskGrade.HIGH)
        services.referral_transition(referral=closed, to=ReferralState.WITHDRAWN, by=police_b)
    url = reverse("referrals:referral_overdue_list")

    def overdue_at(moment: datetime) -> set[str]:
        with time_machine.travel(moment, tick=False):
            response = signed_in(idva_a).get(url)  # signed in then, so the session has not timed out
            assert response.status_code == 200
            page = response.content.decode()
        return {r.reference for r in (high, medium, contacted, closed) if r.reference in page}

    assert overdue_at(datetime(2026, 11, 30, 23, 59, 0, tzinfo=LONDON)) == set()
    assert overdue_at(datetime(2026, 12, 1, 0, 0, 1, tzinfo=LONDON)) == {high.reference}
    assert overdue_at(datetime(2026, 12, 3, 9, 0, tzinfo=LONDON)) == {high.reference, medium.reference}


def test_it_records_first_contact_from_the_referral_page(
    referral: Referral, idva_a: Any, signed_in: Callable[[Any], Client]
) -> None:
    response = signed_in(idva_a).post(reverse("referrals:first_contact_record", kwargs={"referral_id": referral.pk}))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.first_contact_at is not None


def test_it_resolves_a_possible_duplicate_from_the_referral_page(
    referral: Referral, idva_a: Any, signed_in: Callable[[Any], Client]
) -> None:
    existing = PersonFactory(given_name="Existing", family_name="Record")
    CaseFactory(victim=existing, owning_organisation=idva_a.memberships.get().organisation)  # agency A knows her
    flag = PossibleDuplicate.objects.create(referral=referral, person=existing, reasons=["same name and date of birth"])
    client = signed_in(idva_a)
    assert "Is Existing Record" in client.get(_detail(referral)).content.decode()
    url = reverse("referrals:duplicate_resolve", kwargs={"referral_id": referral.pk, "duplicate_id": flag.pk})
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"resolution": "linked"}).status_code == 302
    flag.refresh_from_db()
    referral.refresh_from_db()
    assert flag.resolution == DuplicateResolution.LINKED
    assert referral.subject_id == existing.pk


def test_it_never_reveals_a_possible_duplicate_held_only_by_another_agency(
    referral: Referral, idva_a: Any, agencies: Any, signed_in: Callable[[Any], Client]
) -> None:
    elsewhere = PersonFactory(given_name="Heldelsewhere", family_name="Only")
    CaseFactory(victim=elsewhere, owning_organisation=agencies.b)  # only agency B can see this person
    flag = PossibleDuplicate.objects.create(
        referral=referral, person=elsewhere, reasons=["same name and date of birth"]
    )
    client = signed_in(idva_a)
    page = client.get(_detail(referral)).content.decode()
    assert "Heldelsewhere" not in page
    assert "Possible duplicate records" not in page
    url = reverse("referrals:duplicate_resolve", kwargs={"referral_id": referral.pk, "duplicate_id": flag.pk})
    assert client.post(url, {"resolution": "linked"}).status_code == 404
    flag.refresh_from_db()
    assert flag.resolution == DuplicateResolution.PENDING


def test_it_marks_the_fgm_report_task_done(idva_a: Any, agencies: Any, signed_in: Callable[[Any], Client]) -> None:
    nurse = user_with_role(Role.HEALTH, OrganisationFactory(type=OrganisationType.NHS))
    child = PersonFactory(date_of_birth=datetime.now(tz=LONDON).date() - timedelta(days=365 * 12))
    referral = record_referral(by=nurse, subject=child, forms_of_abuse=[FormOfAbuse.FGM.value])
    task = referral.tasks.get()
    route = referral.routes.filter(organisation=agencies.a).first()
    assert route is not None  # the specialist service (agency A) receives harmful-practices referrals
    client = signed_in(idva_a)
    assert "Report known FGM" in client.get(_detail(referral)).content.decode()
    url = reverse("referrals:task_complete", kwargs={"referral_id": referral.pk, "task_id": task.pk})
    assert client.post(url).status_code == 302
    task.refresh_from_db()
    assert task.done_by == idva_a


def test_it_shows_the_referrers_account_to_the_receiving_service_and_referrer_only(
    referral: Referral, idva_a: Any, police_b: Any, agencies: Any, signed_in: Callable[[Any], Client]
) -> None:
    colleague = user_with_role(Role.POLICE, agencies.b)
    assert "Synthetic referral details" in signed_in(idva_a).get(_detail(referral)).content.decode()
    assert "Synthetic referral details" in signed_in(police_b).get(_detail(referral)).content.decode()
    colleague_page = signed_in(colleague).get(_detail(referral))
    assert colleague_page.status_code == 200  # the closed loop: state and outcome
    assert "Synthetic referral details" not in colleague_page.content.decode()
