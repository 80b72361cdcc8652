"""Daily casework in a real browser, as a new user would try it: an IDVA sees their work on signing in,
filters to their high-risk cases, records the person causing harm and two children, and refers to MARAC
choosing the person causing harm; a triager at the receiving agency finds a referral waiting on My work,
cannot accept it until consent is recorded, records it and accepts. Every page passes axe, nothing is
fetched from anywhere else, and no step needs JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.models import CaseParty, CaseTeamMember, PartyRole, RiskLevel
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import MaracReferral
from vawg.marac.tests.factories import MaracAreaFactory
from vawg.people.tests.factories import PersonFactory
from vawg.referrals.models import Consent, Referral, ReferralState
from vawg.referrals.tests.factories import referral_routed_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_party(page: Page, *, role: str, given: str, family: str, born: tuple[int, int, int] | None = None) -> None:
    page.get_by_role("link", name="Add a person causing harm, a child or another adult").click()
    expect(page.locator("h1")).to_contain_text("Add someone around this case")
    page.get_by_label(role, exact=True).check()
    if role == "Person causing harm":
        page.get_by_label("Ex-partner").check()
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    if born is not None:
        day, month, year = born
        page.get_by_label("Day").fill(str(day))
        page.get_by_label("Month").fill(str(month))
        page.get_by_label("Year").fill(str(year))
        page.locator("fieldset", has_text="Does the child live with the victim?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Case ")


def test_it_takes_an_idva_from_my_work_to_a_marac_referral_naming_the_person_causing_harm(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    county = OrganisationFactory(name="County Council")
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    MaracAreaFactory(name="County MARAC", coordinating_organisation=county)
    idva = user_with_role(Role.IDVA, agency, email="idva.daily@example.invalid")
    victim = PersonFactory(given_name="Rowan", family_name="Ashby")
    case = CaseFactory(owning_organisation=agency, victim=victim, created_by=idva, current_risk_level=RiskLevel.HIGH)
    CaseTeamMember.objects.create(case=case, user=idva, added_by=idva)
    other = CaseFactory(owning_organisation=agency, current_risk_level=RiskLevel.STANDARD)
    sign_in(page, live_server, idva.email, totp_device_for(idva))

    page.goto(live_server.url + reverse("accounts:staff_home"))
    expect(page.locator("#my-work")).to_be_visible()
    assert_accessible(page)

    # Their own high-risk cases: the filters sit in the query string and hold no personal data.
    page.goto(live_server.url + reverse("cases:case_list") + "?whose=mine&risk=high")
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    expect(page.get_by_role("link", name=other.reference)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator("h1")).to_contain_text(f"Case {case.reference}")

    # The add page's error state, then the person causing harm and two children.
    page.get_by_role("link", name="Add a person causing harm, a child or another adult").click()
    expect(page.locator("h1")).to_contain_text("Add someone around this case")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    _add_party(page, role="Person causing harm", given="Dorian", family="Vale")
    _add_party(page, role="Child", given="Ivy", family="Ashby", born=(4, 5, 2017))
    _add_party(page, role="Child", given="Milo", family="Ashby", born=(19, 11, 2020))
    for name in ("Dorian Vale", "Ivy Ashby", "Milo Ashby"):
        expect(page.locator("main")).to_contain_text(name)
    assert_accessible(page)
    parties = CaseParty.objects.current().filter(case=case)
    assert sorted(parties.values_list("role", flat=True)) == sorted(
        [PartyRole.PERSON_CAUSING_HARM, PartyRole.CHILD, PartyRole.CHILD]
    )

    # Referring to MARAC: the person causing harm comes from the case's parties.
    page.goto(live_server.url + reverse("marac:referral_create", kwargs={"case_id": case.pk}))
    picker = page.get_by_role("group", name="Who is the person causing harm?")
    expect(picker).to_be_visible()
    expect(picker.get_by_label("Dorian Vale")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("checkbox", name="Professional judgement").check()
    page.get_by_label("Why your professional judgement").fill("Threats to kill after separation")
    page.get_by_role("button", name="Refer to MARAC").click()
    expect(page.locator("#marac-referrals")).to_be_visible()
    assert_accessible(page)
    referral = MaracReferral.objects.get(case=case)
    assert referral.perpetrator is not None and referral.perpetrator.full_name == "Dorian Vale"
    requests_made.assert_all_on_site()


def test_it_shows_a_triager_a_referral_awaiting_consent_and_accepts_it_once_consent_is_recorded(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    police = OrganisationFactory(name="Agency B Constabulary", type=OrganisationType.POLICE)
    triager = user_with_role(Role.IDVA, agency, email="triager.daily@example.invalid")
    officer = user_with_role(Role.POLICE, police, email="officer.daily@example.invalid")
    referral = referral_routed_to(
        agency,
        subject=PersonFactory(given_name="Sky", family_name="Marlow"),
        referrer_user=officer,
        referrer_organisation=police,
    )
    Referral.objects.filter(pk=referral.pk).update(
        consent=Consent.NOT_YET_ASKED, current_state=ReferralState.AWAITING_CONSENT
    )
    sign_in(page, live_server, triager.email, totp_device_for(triager))

    page.goto(live_server.url + reverse("accounts:staff_home"))
    waiting = page.locator("#my-work-consent_awaited")
    expect(waiting).to_contain_text("1")
    assert_accessible(page)
    waiting.get_by_role("link").click()
    expect(page.get_by_role("link", name=referral.reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=referral.reference).click()
    expect(page.locator("#consent-awaited")).to_be_visible()
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Record the person's consent").click()
    page.get_by_label("They agreed to the referral and to information being shared").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("h1")).to_have_text(f"Referral {referral.reference}")
    expect(page.locator("#consent-awaited")).to_have_count(0)
    for button in ("Mark as triaged", "Send to the service", "Accept"):
        page.get_by_role("button", name=button).click()
        expect(page.locator("h1")).to_have_text(f"Referral {referral.reference}")
    expect(page.locator("#referral-state")).to_have_text("Accepted")
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.current_state == ReferralState.ACCEPTED
    requests_made.assert_all_on_site()
