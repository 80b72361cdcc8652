"""Factories for MARAC rows (built directly, without services or audit entries).

``listed_case(...)`` builds the usual fixture in one call: an area coordinated by ``coordinating``,
a meeting (published unless told otherwise) that ``attending`` agencies are invited to, and a MARAC
referral of a case listed on it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from vawg.accounts.tests.factories import OrganisationFactory, UserFactory
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import (
    ActionState,
    AgendaItem,
    Criterion,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracReferral,
    MaracReferralSource,
    MaracReferralState,
    MeetingAgency,
    MeetingState,
    ResearchTask,
    RiskAddressed,
)


class MaracAreaFactory(DjangoModelFactory):
    class Meta:
        model = MaracArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"MARAC area {n}")
    coordinating_organisation = factory.SubFactory(OrganisationFactory)


class MaracMeetingFactory(DjangoModelFactory):
    class Meta:
        model = MaracMeeting

    area = factory.SubFactory(MaracAreaFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    current_state = MeetingState.SCHEDULED
    system_job = "factory"


class MeetingAgencyFactory(DjangoModelFactory):
    class Meta:
        model = MeetingAgency

    meeting = factory.SubFactory(MaracMeetingFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    system_job = "factory"


class MaracReferralFactory(DjangoModelFactory):
    class Meta:
        model = MaracReferral

    reference = factory.Sequence(lambda n: f"M-2026-{n + 90000:05d}")
    case = factory.SubFactory(CaseFactory)
    area = factory.SubFactory(MaracAreaFactory)
    source = MaracReferralSource.PROFESSIONAL
    referring_organisation = factory.SubFactory(OrganisationFactory)
    system_job = "factory"
    referred_on = factory.LazyFunction(timezone.localdate)
    criteria = factory.LazyFunction(lambda: [Criterion.VISIBLE_HIGH_RISK.value])
    current_state = MaracReferralState.QUEUED


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MaracMeetingFactory)
    marac_referral = factory.SubFactory(
        MaracReferralFactory, area=factory.SelfAttribute("..meeting.area"), current_state=MaracReferralState.LISTED
    )
    position = factory.Sequence(lambda n: n + 1)
    system_job = "factory"


class ResearchTaskFactory(DjangoModelFactory):
    class Meta:
        model = ResearchTask

    agenda_item = factory.SubFactory(AgendaItemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    due_at = factory.LazyAttribute(lambda o: o.agenda_item.meeting.starts_at - timedelta(days=1))
    system_job = "factory"


class MaracActionFactory(DjangoModelFactory):
    class Meta:
        model = MaracAction

    agenda_item = factory.SubFactory(AgendaItemFactory)
    description = "Review the safety plan with the victim"
    owning_organisation = factory.SubFactory(OrganisationFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    risk_addressed = RiskAddressed.VICTIM
    current_state = ActionState.OPEN
    created_by = factory.SubFactory(UserFactory)


def listed_case(
    *,
    coordinating: Any,
    attending: list[Any] = (),  # type: ignore[assignment]
    state: str = MeetingState.AGENDA_PUBLISHED,
    case: Any = None,
    chair: Any = None,
    **referral_fields: Any,
) -> AgendaItem:
    """An item on a meeting of an area coordinated by ``coordinating``, with ``attending`` invited."""
    area = MaracAreaFactory(coordinating_organisation=coordinating)
    meeting = MaracMeetingFactory(area=area, current_state=state, chair=chair)
    for organisation in attending:
        MeetingAgencyFactory(meeting=meeting, organisation=organisation)
    referral = MaracReferralFactory(
        area=area, case=case or CaseFactory(), current_state=MaracReferralState.LISTED, **referral_fields
    )
    return AgendaItemFactory(meeting=meeting, marac_referral=referral)
