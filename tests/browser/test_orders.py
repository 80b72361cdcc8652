"""Protective orders in a real browser: every page passes axe.

A police officer who can see a person causing harm (named on a victim's case an IDVA service holds) records
a DVPN from his page through the forms, without JavaScript, and sees the DVPO hearing deadline; the victim's
IDVA then sees the order and that deadline in the case's "Protective orders" section.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, assert_accessible
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.models import PartyRelationship, PartyRole
from vawg.cases.services import case_party_add
from vawg.cases.tests.factories import CaseFactory, CaseTeamMemberFactory
from vawg.core.dates import LONDON
from vawg.intelligence.models import HarmAgencyReason, PersonCausingHarm
from vawg.intelligence.tests.factories import HarmAgencyFactory, PoliceIncidentFactory
from vawg.justice.models import Order
from vawg.justice.presenters.orders import when
from vawg.justice.rules.orders import OrderFacts, deadlines_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_a_dvpn_and_shows_its_hearing_deadline_to_the_victims_idva_accessibly(
    page: Page, live_server: Any, requests_made: RequestLog, browser: Any
) -> None:
    force = OrganisationFactory(name="County Constabulary")
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service")
    officer = user_with_role(Role.POLICE, force, email="police.orders@example.invalid")
    idva = user_with_role(Role.IDVA, agency, email="idva.orders@example.invalid")
    case = CaseFactory(owning_organisation=agency)
    CaseTeamMemberFactory(case=case, user=idva)
    harmer, relationship = PartyRole.PERSON_CAUSING_HARM, PartyRelationship.EX_PARTNER
    party = case_party_add(
        by=idva, case=case, role=harmer, relationship_to_victim=relationship, given_name="Dale", family_name="Ashworth"
    )
    record = PersonCausingHarm.objects.get(person=party.person)  # held by the IDVA service
    HarmAgencyFactory(person_causing_harm=record, organisation=force, reason=HarmAgencyReason.POLICE_DATA)
    PoliceIncidentFactory(perpetrator=record, victim=case.victim, organisation=force)
    served = (timezone.now() - timedelta(hours=2)).astimezone(LONDON).replace(second=0, microsecond=0)
    deadlines = deadlines_for(OrderFacts(order_type="dvpn", served_at=served))
    hearing = next(deadline for deadline in deadlines if deadline.code == "dvpo-hearing")

    sign_in(page, live_server, officer.email, totp_device_for(officer))
    harm_url = reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": record.pk})
    page.goto(live_server.url + harm_url)
    assert_accessible(page)
    page.get_by_role("link", name="Record an order").click()
    assert_accessible(page)
    page.get_by_label("Domestic violence protection notice (DVPN)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text("DVPN")
    assert_accessible(page)
    page.get_by_label(case.victim.full_name).check()
    page.get_by_label("Day").fill(str(served.day))
    page.get_by_label("Month").fill(str(served.month))
    page.get_by_label("Year").fill(str(served.year))
    page.get_by_label("Time", exact=True).fill(f"{served:%H:%M}")
    page.get_by_label("Authorising officer's rank").select_option("superintendent")
    page.get_by_label("The victim's view was sought and considered").check()
    page.get_by_label("The welfare of any child was considered").check()
    page.get_by_role("button", name="Record").click()
    expect(page.locator("#order-timers")).to_contain_text("DVPO application heard")
    expect(page.locator("#order-timers")).to_contain_text(when(hearing.due_at))
    assert_accessible(page)
    order = Order.objects.get()
    assert order.next_due_at == hearing.due_at

    context = browser.new_context()
    idva_page = context.new_page()
    sign_in(idva_page, live_server, idva.email, totp_device_for(idva))
    idva_page.goto(live_server.url + reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    section = idva_page.locator("#protective-orders + table")
    expect(section).to_contain_text("DVPN")
    expect(section).to_contain_text(f"DVPO application heard: {when(hearing.due_at)}")
    assert_accessible(idva_page)
    context.close()
    requests_made.assert_all_on_site()
