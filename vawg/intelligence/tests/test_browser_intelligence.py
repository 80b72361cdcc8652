"""People causing harm in a real browser, without JavaScript needed, axe on every page (tests/browser/).

The police import an extract, decide a pair the model was unsure of, run the ranking and nominate the top
person to MATAC from it; the MATAC coordinator accepts a nomination to a meeting, records a tactic, holds
the meeting and publishes the minutes; a victim's IDVA sees the serial flag beside the person causing harm
on the case page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import CHROMIUM_ARGS, RequestLog, assert_accessible, origin_of
from tests.browser.test_staff_sign_in import sign_in
from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import totp_device_for
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.cases.models import PartyRelationship, PartyRole
from vawg.cases.services import case_party_add
from vawg.cases.tests.factories import CaseFactory, PersonFactory
from vawg.intelligence.models import IdentityLink, LinkState, MatacNomination, NominationSource, PersonCausingHarm
from vawg.intelligence.presenters.harm import SERIAL_FLAG_TEXT
from vawg.intelligence.services.matac import matac_meeting_create, matac_nomination_create
from vawg.intelligence.services.police import police_import
from vawg.intelligence.services.rfg import rfg_run
from vawg.intelligence.tests.factories import police_csv, police_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, as tests/browser/conftest.py launches it (this module lives beside the app)."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def requests_made(page: Page, live_server: Any) -> Iterator[RequestLog]:
    log = RequestLog(origin=origin_of(live_server.url))
    page.on("request", log.record)
    yield log
    assert not log.offsite(), f"requests left {log.origin}: {log.offsite()}"


def _uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _extract(today: date) -> bytes:
    """Dale Ashworth (known to no service) harmed two women; the first, Rosemary Berrington, is on a case
    (her date of birth a year off and a postcode the service does not hold: a pair to review); a second man
    harmed a third woman."""
    dale = {"perpetrator_force_ref": "P-1", "perpetrator_given_name": "Dale", "perpetrator_family_name": "Ashworth"}
    rosemary = {
        "victim_force_ref": "V-1",
        "victim_given_name": "Rosemary",
        "victim_family_name": "Berrington",
        "victim_date_of_birth": "19/06/1985",
        "victim_postcode": "ZZ99 1AB",
    }
    rows = [
        police_row(incident_id="INC-1", occurred_on=_uk(today - timedelta(days=200)), offence_code="8N",
                   outcome_code="15", **dale, **rosemary),
        police_row(incident_id="INC-2", occurred_on=_uk(today - timedelta(days=150)), offence_code="NC",
                   **dale, **rosemary),
        police_row(incident_id="INC-3", occurred_on=_uk(today - timedelta(days=40)), offence_code="L-NFS", **dale,
                   victim_force_ref="V-2", victim_given_name="Jodie", victim_family_name="Marchwood",
                   victim_date_of_birth="02/02/1992"),
        police_row(incident_id="INC-4", occurred_on=_uk(today - timedelta(days=90)), offence_code="105A",
                   outcome_code="16", perpetrator_force_ref="P-2", perpetrator_given_name="Glen",
                   perpetrator_family_name="Tarrant", victim_force_ref="V-3", victim_given_name="Amy",
                   victim_family_name="Tarrant", victim_date_of_birth="11/11/1995"),
    ]  # fmt: skip
    return police_csv(*rows)


def _partnership() -> tuple[Organisation, User, User]:
    """A force with a police officer and its MATAC coordinator, a case of Rosemary Berrington's at an IDVA
    service, and enough other people for the model to weigh names as in real data."""
    force = OrganisationFactory(name="Northshire Police", type=OrganisationType.POLICE)
    police = user_with_role(Role.POLICE, force, email="police.intelligence@example.invalid")
    coordinator = user_with_role(Role.MATAC_COORDINATOR, force, email="matac.intelligence@example.invalid")
    agency = OrganisationFactory(name="Agency A Domestic Abuse Service", type=OrganisationType.SPECIALIST_SERVICE)
    PersonFactory.create_batch(30)
    victim = PersonFactory(given_name="Rosemary", family_name="Berrington", date_of_birth=date(1984, 6, 19))
    CaseFactory(owning_organisation=agency, victim=victim)
    return force, police, coordinator


def test_it_imports_reviews_a_pair_ranks_and_nominates(
    page: Page, live_server: Any, requests_made: RequestLog, tmp_path: Path
) -> None:
    _force, police, _coordinator = _partnership()
    extract = tmp_path / "extract.csv"
    extract.write_bytes(_extract(timezone.localdate()))

    sign_in(page, live_server, police.email, totp_device_for(police))
    page.goto(live_server.url + reverse("police:police_import_list"))
    expect(page.locator("h1")).to_have_text("Police data")
    assert_accessible(page)
    page.get_by_label("Police extract (CSV)").set_input_files(str(extract))
    page.get_by_role("button", name="Import the extract").click()
    expect(page.locator("body")).to_contain_text("extract.csv")
    assert_accessible(page)

    # The pair the model was unsure of: the same name, the date of birth a year apart.
    assert IdentityLink.objects.filter(current_state=LinkState.WAITING).count() == 1
    page.goto(live_server.url + reverse("linkage:identity_link_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Review").first.click()
    expect(page.locator("main")).to_contain_text("Berrington")
    assert_accessible(page)
    page.get_by_role("link", name="Record a decision").click()
    assert_accessible(page)
    page.get_by_label("The same person: accept the link").check()
    page.get_by_label("Why").fill("Same name and the same day of birth; the year was mistyped.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)
    assert IdentityLink.objects.get().current_state == LinkState.ACCEPTED

    page.goto(live_server.url + reverse("ranking:rfg_ranking_detail"))
    assert_accessible(page)
    page.get_by_role("button", name="Run the ranking now").click()
    expect(page.locator("main table")).to_contain_text("Ashworth")
    assert_accessible(page)
    page.locator("tr", has_text="Ashworth").get_by_role("link", name="Nominate to MATAC").click()
    expect(page.locator("h1")).to_contain_text("Ashworth")
    expect(page.locator("main")).to_contain_text("From the RFG ranking")
    assert_accessible(page)
    page.get_by_role("button", name="Nominate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nomination sent to the MATAC coordinator")
    assert_accessible(page)
    assert MatacNomination.objects.get().source == NominationSource.RANKING
    requests_made.assert_all_on_site()


def test_it_accepts_a_nomination_records_a_tactic_and_publishes_the_minutes(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    force, police, coordinator = _partnership()
    police_import(organisation=force, file_name="extract.csv", data=_extract(timezone.localdate()), system_job="tests")
    rfg_run(as_of=timezone.localdate(), system_job="tests")
    meeting = matac_meeting_create(
        by=coordinator,
        starts_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(10))),
        location="Police HQ, room 2",
        organisations=[force],
    )
    person = PersonCausingHarm.objects.get(person__family_name="Ashworth")
    nomination = matac_nomination_create(by=police, person=person, source=NominationSource.RANKING)

    sign_in(page, live_server, coordinator.email, totp_device_for(coordinator))
    page.goto(live_server.url + reverse("matac:nomination_list"))
    assert_accessible(page)
    page.goto(live_server.url + reverse("matac:nomination_detail", kwargs={"nomination_id": nomination.pk}))
    assert_accessible(page)
    page.locator(f"input[name=meeting][value='{meeting.pk}']").check()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a tactic").click()
    assert_accessible(page)
    page.get_by_label("Meeting").select_option(str(meeting.pk))
    page.get_by_label("Disruption").check()
    page.get_by_label("What is to be done").fill("Check vehicle and licensing records for other lines of enquiry.")
    due = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Owning agency").select_option(label=force.name)
    for part, value in enumerate((due.day, due.month, due.year)):
        page.locator(f"input[name=due_on_{part}]").fill(str(value))
    page.get_by_role("button", name="Add the tactic").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("matac:meeting_detail", kwargs={"meeting_id": meeting.pk}))
    assert_accessible(page)
    page.get_by_role("button", name="Mark the meeting held").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish minutes to the invited agencies").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.current_state == "minutes-published"
    requests_made.assert_all_on_site()


def test_it_shows_the_victim_s_idva_the_serial_flag_on_the_case(
    page: Page, live_server: Any, requests_made: RequestLog
) -> None:
    force, _police, _coordinator = _partnership()
    agency = Organisation.objects.get(name="Agency A Domestic Abuse Service")
    idva = user_with_role(Role.IDVA, agency, email="idva.intelligence@example.invalid")
    case = CaseFactory(owning_organisation=agency, victim=PersonFactory(given_name="Jodie", family_name="Marchwood"))
    case_party_add(
        by=idva,
        case=case,
        role=PartyRole.PERSON_CAUSING_HARM,
        given_name="Dale",
        family_name="Ashworth",
        date_of_birth=date(1980, 2, 1),
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        postcode="ZZ99 9ZZ",
    )
    # The police know him too, for harming Rosemary Berrington and Jodie Marchwood: serial.
    police_import(organisation=force, file_name="extract.csv", data=_extract(timezone.localdate()), system_job="tests")

    sign_in(page, live_server, idva.email, totp_device_for(idva))
    page.goto(live_server.url + reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    expect(page.locator("main")).to_contain_text(SERIAL_FLAG_TEXT)
    assert_accessible(page)
    requests_made.assert_all_on_site()
