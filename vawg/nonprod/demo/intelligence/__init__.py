"""People causing harm, police data, the RFG ranking and MATAC in the demo (part of ``manage.py seed_demo``,
after the casework, MARAC and provision steps).

1. Every person causing harm on a demo case has a record (``people_causing_harm_backfill``).
2. The force's synthetic extract of two years (vawg/nonprod/demo/intelligence/extract.py) is imported through
   the real ``police_import`` for Chiltern Vale Constabulary (demo), as the system job "seed_demo": the
   incidents, the people, the identity links (most automatic, a few waiting for ``police@demo.invalid`` to
   review) and the serial flags are all the import's own work.
3. Probation supervises a few people causing harm with convictions in the extract, and the programme provider
   works with one or two (``HarmAgency`` reasons supervises and programme).
4. The RFG ranking as of five weeks ago, the MATAC history from it (vawg/nonprod/demo/intelligence/matac.py),
   and the ranking as of today.

Run once: a later run finds the import and the meetings in place and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.cases.models import CaseParty, PartyRole
from vawg.intelligence.models import (
    HarmAgency,
    HarmAgencyReason,
    IdentityLink,
    PersonCausingHarm,
    PoliceImport,
    PoliceIncident,
    RfgRun,
)
from vawg.intelligence.services.harm import people_causing_harm_backfill, person_causing_harm_ensure
from vawg.intelligence.services.police import police_import
from vawg.intelligence.services.rfg import rfg_run
from vawg.nonprod.demo.data import ROLE_AGENCY
from vawg.nonprod.demo.intelligence.extract import FILE_NAME, FORCE, demo_extract, imported_at
from vawg.nonprod.demo.intelligence.matac import MatacStory, seed_matac
from vawg.nonprod.demo.referrals import at
from vawg.notifications.services import notifications_paused

SYSTEM_JOB = "seed_demo"
RANKED_BEFORE_DAYS = 35
SUPERVISED = 4
PROGRAMME = 2


@dataclass
class IntelligenceReport:
    created: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            (
                "police_imports",
                "police_incidents",
                "identity_links",
                "rfg_runs",
                "harm_agency_links",
                "matac_meetings",
                "matac_nominations",
                "matac_subjects",
                "matac_tactics",
                "matac_reviews",
                "matac_exits",
            ),
            0,
        )
    )
    walkthrough_case: str = ""  # the reference of the case whose person causing harm the extract makes serial


def seed_intelligence(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> IntelligenceReport:
    report = IntelligenceReport()
    force = organisations[FORCE]
    with notifications_paused():
        data, walkthrough = demo_extract(seed=seed, anchor=now)
        if not PoliceImport.objects.filter(organisation=force, system_job=SYSTEM_JOB).exists():
            # Once, on the first run: on a later run the serial flags would be assessed again on a later
            # day, and the demo would write something (it ages like real data, by itself, instead).
            people_causing_harm_backfill(system_job=SYSTEM_JOB)
            links_before = IdentityLink.objects.count()
            with at(imported_at(now)):
                police_import(organisation=force, file_name=FILE_NAME, data=data, system_job=SYSTEM_JOB)
            report.created["police_imports"] = 1
            report.created["police_incidents"] = PoliceIncident.objects.filter(organisation=force).count()
            report.created["identity_links"] = IdentityLink.objects.count() - links_before
        report.walkthrough_case = _flagged(walkthrough)
        if RfgRun.objects.filter(system_job=SYSTEM_JOB).exists():
            return report
        before = _rank(now - timedelta(days=RANKED_BEFORE_DAYS), report)
        supervised = _partners(before, organisations, report)
        story = MatacStory(
            before=before,
            rank_today=lambda: _rank(imported_at(now) + timedelta(hours=1), report),
            accounts=accounts,
            organisations=organisations,
            supervised=supervised,
        )
        seed_matac(now=now, story=story, created=report.created)
    return report


def _flagged(reference: str) -> str:
    """``reference`` if its case's first person causing harm is flagged serial, else ""."""
    party = (
        CaseParty.objects.current()
        .filter(case__reference=reference, role=PartyRole.PERSON_CAUSING_HARM)
        .order_by("added_at")
        .first()
    )
    serial = party is not None and PersonCausingHarm.objects.serial().filter(person=party.person_id).exists()
    return reference if serial else ""


def _rank(moment: datetime, report: IntelligenceReport) -> RfgRun:
    with at(moment):
        run = rfg_run(as_of=timezone.localdate(), system_job=SYSTEM_JOB)
    report.created["rfg_runs"] += 1
    return run


def _partners(
    run: RfgRun, organisations: dict[str, Organisation], report: IntelligenceReport
) -> list[PersonCausingHarm]:
    """Probation supervises a few of the ranked people with a charge in the extract (below the top five: the
    police nominate the top); the programme provider works with two further down the list. Returns the
    people probation supervises, highest ranked first."""
    probation = organisations[ROLE_AGENCY[Role.PROBATION]]
    programme = organisations[ROLE_AGENCY[Role.PROGRAMME_WORKER]]
    charged = PoliceIncident.objects.filter(outcome_code="1").values("perpetrator_id")
    scores = run.scores.filter(rank__gt=5).order_by("rank")
    picks = [
        (probation, HarmAgencyReason.SUPERVISES, score.person_causing_harm)
        for score in scores.filter(person_causing_harm__in=charged).select_related("person_causing_harm")[:SUPERVISED]
    ]
    picks += [
        (programme, HarmAgencyReason.PROGRAMME, score.person_causing_harm)
        for score in scores.filter(rank__gt=40).select_related("person_causing_harm")[:PROGRAMME]
    ]
    with at(run.created_at - timedelta(hours=1)):
        for organisation, reason, person in picks:
            open_link = HarmAgency.objects.filter(
                person_causing_harm=person, organisation=organisation, reason=reason, ended_at__isnull=True
            )
            if not open_link.exists():
                person_causing_harm_ensure(
                    person=person.person, organisation=organisation, reason=reason, system_job=SYSTEM_JOB
                )
                report.created["harm_agency_links"] += 1
    return [person for organisation, _reason, person in picks if organisation == probation]
