"""The victim kept informed after MARAC: who records it, the list of victims to tell, the safe-contact warning."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseDenyEntryFactory, CaseTeamMemberFactory
from vawg.marac.models import AgendaItem, InformedOutcome, MeetingState, VictimInformed
from vawg.marac.presenters.informed import NO_SAFE_CONTACT_WARNING
from vawg.marac.selectors.informed import items_to_inform_by, victims_to_tell
from vawg.marac.services.informed import victim_informed_record
from vawg.marac.tests.factories import listed_case
from vawg.people.models import Channel, SafeContactPreference, SafeStatus


def heard_item(agencies: Any, *, attending: list[Any], referring: Any) -> AgendaItem:
    item = listed_case(
        coordinating=agencies.county,
        attending=attending,
        state=MeetingState.HELD,
        referring_organisation=referring,
    )
    AgendaItem.objects.filter(pk=item.pk).update(heard_at=timezone.now() - timedelta(days=1))
    item.refresh_from_db()
    return item


def record(item: AgendaItem, by: User, outcome: str = InformedOutcome.TOLD, **kwargs: Any) -> VictimInformed:
    return victim_informed_record(
        agenda_item=item,
        by=by,
        outcome=outcome,
        informed_on=kwargs.pop("informed_on", timezone.localdate()),
        note=kwargs.pop("note", "Told by phone in the safe window: actions explained"),
    )


def test_it_lets_the_idva_at_an_invited_agency_record_and_clears_the_list(agencies: Any, idva_a: User) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.b)
    assert list(victims_to_tell(idva_a)) == [item]
    record(item, idva_a, InformedOutcome.NOT_REACHED)
    assert list(victims_to_tell(idva_a)) == [item]  # could not be reached: still to tell
    row = record(item, idva_a)
    assert row.organisation == agencies.a
    assert list(victims_to_tell(idva_a)) == []
    assert AuditEntry.objects.filter(action="marac.victim_informed.record").count() == 2


def test_it_lets_the_referring_agency_record_only_when_there_is_no_idva(
    agencies: Any, police_b: User, idva_a: User
) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.b)
    assert list(items_to_inform_by(police_b)) == [item]
    CaseTeamMemberFactory(case=item.marac_referral.case, user=idva_a, added_by=idva_a)
    assert list(items_to_inform_by(police_b)) == []
    with pytest.raises(PermissionDenied):
        record(item, police_b)


def test_it_refuses_agencies_not_at_the_meeting_and_items_not_heard(
    agencies: Any, outsider_c: User, idva_a: User
) -> None:
    item = heard_item(agencies, attending=[agencies.b], referring=agencies.b)
    with pytest.raises(PermissionDenied):
        record(item, outsider_c)
    with pytest.raises(PermissionDenied):
        record(item, idva_a)  # an IDVA, but agency A was not invited
    listed = listed_case(coordinating=agencies.county, attending=[agencies.a])
    with pytest.raises(PermissionDenied):
        record(listed, idva_a)  # not heard yet


def test_it_hides_a_deny_listed_case(agencies: Any, idva_a: User) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.a)
    CaseDenyEntryFactory(case=item.marac_referral.case, user=idva_a)
    assert list(victims_to_tell(idva_a)) == []


def test_it_needs_a_note_and_a_sensible_date(agencies: Any, idva_a: User) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.b)
    with pytest.raises(ValidationError) as error:
        record(item, idva_a, note="  ", informed_on=timezone.localdate() + timedelta(days=1))
    assert set(error.value.message_dict) == {"note", "informed_on"}
    with pytest.raises(ValidationError) as error:
        record(item, idva_a, informed_on=timezone.localdate() - timedelta(days=5))
    assert "informed_on" in error.value.message_dict


def test_it_warns_when_no_safe_way_to_contact_is_recorded(agencies: Any, idva_a: User, signed_in: Any) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.b)
    client = signed_in(idva_a)
    url = f"/marac/items/{item.pk}/informed/"
    assert NO_SAFE_CONTACT_WARNING in client.get(url).content.decode().replace("&#x27;", "'")
    SafeContactPreference.objects.create(
        person=item.marac_referral.case.victim, channel=Channel.SMS, version=1, status=SafeStatus.SAFE, system_job="t"
    )
    assert NO_SAFE_CONTACT_WARNING not in client.get(url).content.decode().replace("&#x27;", "'")


def test_it_records_from_the_page_and_lists_victims_to_tell(agencies: Any, idva_a: User, signed_in: Any) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.b)
    client = signed_in(idva_a)
    listing = client.get("/marac/victims-to-tell/").content.decode()
    assert item.marac_referral.reference in listing
    today = timezone.localdate()
    bad = client.post(f"/marac/items/{item.pk}/informed/", {"note": ""})
    assert bad.status_code == 200 and "Select what happened" in bad.content.decode()
    done = client.post(
        f"/marac/items/{item.pk}/informed/",
        {
            "outcome": InformedOutcome.UNSAFE,
            "informed_on_0": today.day,
            "informed_on_1": today.month,
            "informed_on_2": today.year,
            "note": "Perpetrator back in the home: no contact",
        },
    )
    assert done.status_code == 302
    assert VictimInformed.objects.get().outcome == InformedOutcome.UNSAFE
    assert item.marac_referral.reference not in client.get("/marac/victims-to-tell/").content.decode()


def test_it_404s_the_record_page_for_users_who_may_not_record(
    agencies: Any, outsider_c: User, police_b: User, signed_in: Any
) -> None:
    item = heard_item(agencies, attending=[agencies.a], referring=agencies.a)
    for user in (outsider_c, police_b):
        assert signed_in(user).get(f"/marac/items/{item.pk}/informed/").status_code == 404
