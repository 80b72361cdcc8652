"""The demo's protective orders and disclosures: every type but DAPN/DAPO (the switch is off), live timers
relative to ``now`` (some due within 48 hours, some overdue, expired or met), and two breaches.

police@demo.invalid's force records them, through the real services, on people causing harm the demo
already has, protecting the victims of their cases (idva@demo.invalid's first, so the IDVA sees an order
on a case). Deterministic: the pairs are taken in a fixed order. A later run finds orders and adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from vawg.accounts.models import Organisation, User
from vawg.accounts.roles import Role
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.core.dates import london_date
from vawg.intelligence.models import PersonCausingHarm, PoliceIncident
from vawg.justice import services
from vawg.justice.models import ConditionKind, Order, RequirementKind
from vawg.marac.models import MaracReferral

DVPN = {
    "authorising_rank": "superintendent",
    "victim_view_considered": True,
    "child_welfare_considered": True,
    "issuing_body": "Chiltern Vale Constabulary (demo)",
}


def _pairs(police: User, idva: User) -> list[tuple[PersonCausingHarm, Case]]:
    """(person causing harm the police see, an open case where they harm its victim), the IDVA's first."""
    seen = PersonCausingHarm.objects.visible_to(police)
    parties = (
        CaseParty.objects.filter(
            role=PartyRole.PERSON_CAUSING_HARM, ended_at__isnull=True, case__in=Case.objects.open()
        )
        .filter(person__causing_harm__in=seen)
        .select_related("case__victim", "person__causing_harm")
        .order_by("case__reference")
    )
    idva_cases = set(Case.objects.visible_to(idva).values_list("pk", flat=True))
    pairs = [(party.person.causing_harm, party.case) for party in parties]
    return sorted(pairs, key=lambda pair: pair[1].pk not in idva_cases)


def _record(police: User, pair: tuple[PersonCausingHarm, Case], order_type: str, state: str, **fields: Any) -> Order:
    respondent, case = pair
    return services.order_record(
        by=police,
        respondent=respondent,
        order_type=order_type,
        state=state,
        protected=[services.Protected(person=case.victim, case=case)],
        **fields,
    )


def seed_orders(
    *, seed: int, now: datetime, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> dict[str, int]:
    if Order.objects.exists():
        return {}
    police, idva = accounts[Role.POLICE], accounts[Role.IDVA]
    pairs = _pairs(police, idva)
    if len(pairs) < 4:
        return {}

    def pair(n: int) -> tuple[PersonCausingHarm, Case]:
        return pairs[n % len(pairs)]

    today = london_date(now)
    zone = [services.Term(ConditionKind.EXCLUSION, "Not to enter Alder Row (demo)")]
    # Due within 48 hours: a DVPN served 30 hours ago (its DVPO hearing), a DVDS application 26 days old,
    # an SPO whose notification is due by the end of tomorrow.
    _record(police, pair(0), "dvpn", "served", served_at=now - timedelta(hours=30), conditions=zone, **DVPN)
    _record(police, pair(1), "dvds-ask", "applied", applied_at=now - timedelta(days=26), dvds_applicant="self")
    _record(
        police,
        pair(2),
        "spo",
        "made",
        made_at=now - timedelta(days=1),
        served_at=now - timedelta(days=1),
        until_further_order=True,
        requirements=[services.Term(RequirementKind.PROGRAMME, "Attend a stalking intervention programme")],
    )
    # Overdue: a DVPN served four days ago whose outcome nobody recorded.
    _record(police, pair(3), "dvpn", "served", served_at=now - timedelta(days=4), **DVPN)
    # Met: a DVPN heard in time, and the DVPO the court made (live for 28 days).
    notice = _record(police, pair(0), "dvpn", "served", served_at=now - timedelta(days=6), **DVPN)
    dvpo = services.order_determine(
        notice=notice,
        made=True,
        heard_at=now - timedelta(days=5),
        by=police,
        ends_on=today - timedelta(days=5) + timedelta(days=27),
        conditions=zone,
    )
    know = _record(
        police, pair(1), "dvds-know", "applied", applied_at=now - timedelta(days=20), dvds_applicant="police"
    )
    services.order_decide(order=know, decision="disclose", at=now - timedelta(days=10), by=police)
    _record(police, pair(2), "interim-spo", "made", made_at=now - timedelta(days=9), served_at=now - timedelta(days=9))
    # The other types, one expired.
    made = now - timedelta(days=60)
    _record(police, pair(3), "nmo", "made", made_at=made, until_further_order=True, issuing_body="Family court")
    _record(police, pair(4), "fmpo", "made", made_at=made, until_further_order=True)
    _record(police, pair(5), "fgmpo", "made", made_at=made, until_further_order=True)
    _record(police, pair(6), "shpo", "made", made_at=made, ends_on=today + timedelta(days=700))
    _record(police, pair(7), "restraining-order", "made", made_at=made, ends_on=today - timedelta(days=3))
    _record(
        police, pair(8), "bail-conditions", "made", made_at=now - timedelta(days=20), ends_on=today + timedelta(days=1)
    )
    breaches = _breaches(police, dvpo, now)
    return {"orders": Order.objects.count(), "order_breaches": breaches}


def _breaches(police: User, dvpo: Order | None, now: datetime) -> int:
    """Two breaches: one of the DVPO linked to a crime in the force's extract, one on a case heard at MARAC
    within 12 months (so it returns to the MARAC queue as a repeat)."""
    if dvpo is None:
        return 0
    crime = PoliceIncident.objects.filter(perpetrator=dvpo.respondent).order_by("incident_id").first()
    services.order_breach_record(
        order=dvpo,
        protected=dvpo.protected.get(),
        occurred_at=now - timedelta(days=2),
        summary="Waited outside the protected address (demo)",
        crime_reference=crime.incident_id if crime else "",
        by=police,
    )
    referred = set(
        MaracReferral.objects.filter(referred_on__gte=london_date(now) - timedelta(days=300)).values_list(
            "case__victim_id", flat=True
        )
    )
    for order in Order.objects.filter(respondent__in=PersonCausingHarm.objects.visible_to(police)).order_by(
        "created_at"
    ):
        protected = order.protected.select_related("case").first()
        if order.pk != dvpo.pk and protected and protected.case and protected.person_id in referred:
            services.order_breach_record(
                order=order,
                protected=protected,
                occurred_at=now - timedelta(days=1),
                summary="Repeated calls (demo)",
                by=police,
            )
            return 2
    return 1
