"""Synthetic referrals and cases for the demo (part of ``manage.py seed_demo``).

About 300 referrals over the last two years, made and worked through the real services
(intake, routing, the state machine, acceptance, cases, risk), each at its own moment
(time_machine), acting as the demo staff. Every name, date of birth, phone number and
address comes from Faker (en_GB) or a ``random.Random`` seeded with the seed: nobody is real.

Deterministic for a seed and the demo's anchored "now" (vawg/nonprod/models.py DemoClock), never
the wall clock. Idempotent: each referral
carries an idempotency key made from the seed and its number, so a second run finds it and
does nothing more with it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone
from faker import Faker

from vawg.accounts.models import District, Organisation, User
from vawg.accounts.roles import Role
from vawg.cases.models import Case, CaseAgency, PartyRelationship, PartyRole
from vawg.cases.selectors import may_change_parties
from vawg.cases.services import (
    case_agency_add,
    case_deny_add,
    case_note_add,
    case_party_add,
    case_restrict,
    case_team_add,
)
from vawg.nonprod.demo.data import HELPLINE, OUTREACH_PROVIDERS, SERVICE_PROVIDERS
from vawg.nonprod.demo.plans import DASH_FORMS, NOTES, Plan, answers_for, dash_score, plan_referrals
from vawg.notifications.services import notifications_paused
from vawg.people.models import Gender
from vawg.referrals.models import (
    DOMESTIC_ABUSE_FORMS,
    DuplicateResolution,
    Referral,
    ReferralState,
    RiskGrade,
    RiskTool,
    RoutingRule,
    ServiceKind,
)
from vawg.referrals.rules.routing import DEFAULT_RULES
from vawg.referrals.services import (
    possible_duplicate_resolve,
    referral_accept,
    referral_first_contact,
    referral_transition,
    routing_rule_save,
    routing_rules_install_defaults,
)
from vawg.referrals.services.intake import referral_submit, referrer_organisation_for
from vawg.risk.models import IncidentKind, PoliceTool
from vawg.risk.services import Judgement, dash_assessment_submit, incident_record, police_grade_record

SYSTEM_JOB = "seed_demo"
# Referrals made in the last this-many days email staff as they are made; older ones replay quietly.
EMAILED_DAYS = 14
PARTNERS = (PartyRelationship.EX_PARTNER, PartyRelationship.INTIMATE_PARTNER)
_FAKE = Faker("en_GB")  # names of second people causing harm and of children, seeded per case
# Which routed service works a referral first (the state is the referral's, not the route's).
PRIMARY_ORDER = (
    ServiceKind.IDVA,
    ServiceKind.OUTREACH,
    ServiceKind.ISVA_SARC,
    ServiceKind.SPECIALIST_HARMFUL_PRACTICES,
    ServiceKind.YOUNG_PEOPLES_SERVICE,
    ServiceKind.CHILDRENS_SERVICES,
    ServiceKind.PERPETRATOR_PROGRAMME,
    ServiceKind.HELPLINE,
    ServiceKind.SAFEGUARDING,
    ServiceKind.MARAC,
)


@dataclass
class DemoStaff:
    """Who acts in the demo: referrers by role, and one caseworker per receiving agency."""

    referrers: dict[Role, User]
    workers: dict[object, User]  # organisation id -> user
    police: Organisation
    childrens_services: Organisation
    deny_listed: User


@dataclass
class ReferralsReport:
    created: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            (
                "routing_rules",
                "referrals",
                "cases",
                "parties",
                "dash_assessments",
                "incidents",
                "police_grades",
                "notes",
            ),
            0,
        )
    )


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Act at ``moment`` with the clock running (so rows written in one step keep their order).

    A step planned after 22:00 (local) is moved into 22:00 to 23:00, keeping the order of the evening's
    steps: a step that starts seconds before midnight and runs slowly on a loaded machine would otherwise
    record tomorrow's date, and the same seed would make a different history."""
    with time_machine.travel(before_late_evening(moment), tick=True):
        yield


def before_late_evening(moment: datetime) -> datetime:
    """``moment`` unchanged before 22:00 local time; from 22:00 to midnight squeezed into 22:00 to 23:00."""
    local = timezone.localtime(moment)
    evening = local.replace(hour=22, minute=0, second=0, microsecond=0)
    return moment if local < evening else evening + (local - evening) / 2


# Routing rules ------------------------------------------------------------------------------


def install_routing(organisations: dict[str, Organisation], districts: dict[str, District]) -> int:
    """The default rules, each pinned to its demo provider, with outreach per pair of districts."""
    added = routing_rules_install_defaults(system_job=SYSTEM_JOB)
    kinds = {spec.name: spec.service_kind for spec in DEFAULT_RULES}
    for rule in RoutingRule.objects.filter(name__in=kinds):
        provider = SERVICE_PROVIDERS.get(rule.service_kind)
        if rule.service_kind == ServiceKind.OUTREACH:
            if rule.active:  # replaced by one rule per pair of districts, below
                rule.active = False
                routing_rule_save(rule=rule, by=None, system_job=SYSTEM_JOB)
                added += 1
        elif provider and rule.organisation_id is None:
            rule.organisation = organisations[provider]
            routing_rule_save(rule=rule, by=None, system_job=SYSTEM_JOB)
            added += 1
    default = next(spec for spec in DEFAULT_RULES if spec.service_kind == ServiceKind.OUTREACH)
    for pair, provider in OUTREACH_PROVIDERS.items():
        name = f"{default.name} ({' and '.join(pair)})"
        if RoutingRule.objects.filter(name=name).exists():
            continue
        conditions = {key: list(values) for key, values in default.conditions.items()}
        conditions["districts"] = [districts[d].slug for d in pair]
        rule = RoutingRule(
            name=name,
            priority=default.priority,
            conditions=conditions,
            service_kind=ServiceKind.OUTREACH,
            organisation=organisations[provider],
        )
        routing_rule_save(rule=rule, by=None, system_job=SYSTEM_JOB)
        added += 1
    return added


def receiving_agencies() -> list[str]:
    """Every agency a demo referral can be routed to (each needs someone to work it)."""
    return sorted({*SERVICE_PROVIDERS.values(), *OUTREACH_PROVIDERS.values(), HELPLINE})


# Working the referrals (through the services, each step at its own moment) ---------------------------


def idempotency_key(seed: int, number: int) -> str:
    return f"seed-demo-{seed}-{number:04d}"


def seed_referrals(
    *, seed: int, now: datetime, staff: DemoStaff, districts: list[District], report: ReferralsReport
) -> dict[int, Referral]:
    """Make and work every planned referral not made before, planned back from ``now`` (the demo's
    anchored instant, never the wall clock). Returns the new ones by plan number."""
    latest = now - timedelta(minutes=5)
    made: dict[int, Referral] = {}
    for plan in plan_referrals(seed=seed, now=now, districts=districts):
        by = staff.referrers[plan.referrer] if plan.referrer is not None else None
        # Only the last fortnight's referrals email staff: the outbox shows what is new, not two years of it.
        quiet = notifications_paused() if plan.at < now - timedelta(days=EMAILED_DAYS) else nullcontext()
        with quiet:
            with at(plan.at):
                referral, created = referral_submit(
                    data=plan.data,
                    by=by,
                    source=plan.source,
                    idempotency_key=idempotency_key(seed, plan.number),
                    referrer_organisation=referrer_organisation_for(by) if by is not None else None,
                )
            if not created:
                continue
            report.created["referrals"] += 1
            made[plan.number] = referral
            _work(plan=plan, referral=referral, staff=staff, latest=latest, report=report)
    return made


def _worker(referral: Referral, staff: DemoStaff) -> tuple[User, Organisation] | None:
    routes = sorted(referral.routes.select_related("organisation"), key=lambda r: PRIMARY_ORDER.index(r.service_kind))
    for route in routes:
        if route.organisation is not None and route.organisation_id in staff.workers:
            return staff.workers[route.organisation_id], route.organisation
    return None


def _work(*, plan: Plan, referral: Referral, staff: DemoStaff, latest: datetime, report: ReferralsReport) -> None:
    found = _worker(referral, staff)
    if found is None or plan.outcome == ReferralState.SUBMITTED:
        return
    worker, organisation = found
    clock = plan.at

    def step(hours: float) -> datetime:
        nonlocal clock
        clock = min(clock + timedelta(hours=hours), latest)
        return clock

    if plan.outcome == ReferralState.WITHDRAWN and plan.extras["notes"] == 1:
        with at(step(3)):
            referral_transition(referral=referral, to=ReferralState.WITHDRAWN, by=worker)
        return
    with at(step(1)):
        referral_transition(referral=referral, to=ReferralState.TRIAGED, by=worker)
    if plan.outcome == ReferralState.TRIAGED:
        return
    if plan.outcome in (ReferralState.DECLINED, ReferralState.WITHDRAWN):
        with at(step(4)):
            reason = str(plan.extras["decline"]) if plan.outcome == ReferralState.DECLINED else ""
            referral_transition(referral=referral, to=plan.outcome, by=worker, reason=reason)
        return
    with at(step(0.5)):
        referral_transition(referral=referral, to=ReferralState.SENT, by=worker)
    if plan.outcome == ReferralState.SENT:
        return
    duplicate = referral.possible_duplicates.filter(resolution=DuplicateResolution.PENDING).first()
    with at(step(float(plan.extras["contact_hours"]))):
        if plan.repeat_of is not None and duplicate is not None:
            possible_duplicate_resolve(duplicate=duplicate, resolution=DuplicateResolution.LINKED, by=worker)
            referral.refresh_from_db()
        before = Case.objects.count()
        referral_accept(referral=referral, by=worker, organisation=organisation)
        report.created["cases"] += Case.objects.count() - before
        referral_first_contact(referral=referral, by=worker, at=timezone.now())
    if referral.case is None:
        return
    _casework(plan=plan, referral=referral, case=referral.case, worker=worker, staff=staff, step=step, report=report)


def _born(rng: random.Random, age: int) -> date:
    """A date of birth for someone who turned ``age`` in the last six months (the demo's clock)."""
    today = timezone.localdate()
    return date(today.year - age, today.month, min(today.day, 28)) - timedelta(days=rng.randint(1, 180))


def _parties(
    *, plan: Plan, referral: Referral, case: Case, worker: User, rng: random.Random, report: ReferralsReport
) -> None:
    """The people around the case, through ``case_party_add`` as the worker who opened it: a person causing
    harm on most cases (a second on a few; aged 16 or 17 on some, so the MARAC return's "persons causing harm
    aged 17 or under" is not 0), and the children in the household (or a child living elsewhere) on about
    half. ``rng`` gives the two draws the casework always made here (so what follows is unchanged); the rest
    comes from a generator of the parties' own."""
    extras = plan.extras
    age = rng.randint(16, 19) if extras["under_18"] else rng.randint(19, 64)
    relationship = PartyRelationship.EX_PARTNER if rng.random() < 0.5 else PartyRelationship.INTIMATE_PARTNER
    own = random.Random(f"parties-{extras['answers_seed']}")  # noqa: S311 (synthetic demo data)
    if not may_change_parties(user=worker, case=case) or own.random() < 0.1:
        return
    if not extras["under_18"] and own.random() < 0.05:
        age = own.randint(16, 17)  # a young person causing harm
    family = str(extras["perpetrator_family"])
    harm = [(str(extras["perpetrator_given"]), family, age, relationship, str(extras["perpetrator_gender"]), True)]
    _FAKE.seed_instance(own.randint(0, 2**31))
    if own.random() < 0.1:
        harm.append(
            (
                _FAKE.first_name_male(),
                _FAKE.last_name(),
                own.randint(19, 70),
                PartyRelationship.FAMILY_MEMBER,
                Gender.MALE,
                False,
            )
        )
    for given, family_name, years, kind, gender, known_address in harm:
        case_party_add(
            by=worker,
            case=case,
            role=PartyRole.PERSON_CAUSING_HARM,
            given_name=given,
            family_name=family_name,
            date_of_birth=_born(own, years),
            gender=gender,
            relationship_to_victim=kind,
            # The first one's address (location-critical: redacted wherever it is typed into free text).
            address=str(extras["perpetrator_address"]) if known_address else "",
            postcode=str(extras["perpetrator_postcode"]) if known_address else "",
        )
        report.created["parties"] += 1
    children = min(referral.children_in_household or 0, 3)
    living_elsewhere = children == 0 and own.random() < 0.15
    for _ in range(children or int(living_elsewhere)):
        girl = own.random() < 0.5
        years = own.randint(0, 15)
        case_party_add(
            by=worker,
            case=case,
            role=PartyRole.CHILD,
            given_name=_FAKE.first_name_female() if girl else _FAKE.first_name_male(),
            family_name=family,
            date_of_birth=_born(own, years),
            gender=Gender.FEMALE if girl else Gender.MALE,
            lives_with_victim=not living_elsewhere,
            school_or_nursery=(_FAKE.last_name() + (" Primary School" if years < 11 else " Academy"))
            if years >= 4
            else "",
        )
        report.created["parties"] += 1


def _casework(
    *,
    plan: Plan,
    referral: Referral,
    case: Case,
    worker: User,
    staff: DemoStaff,
    step: Callable[[float], datetime],
    report: ReferralsReport,
) -> None:
    rng = random.Random(float(plan.extras["answers_seed"]))  # noqa: S311 (synthetic demo data)
    if set(referral.forms_of_abuse) & DOMESTIC_ABUSE_FORMS and plan.repeat_of is None:
        with at(step(0.2)):
            _parties(plan=plan, referral=referral, case=case, worker=worker, rng=rng, report=report)
    # The agencies working with the owner: the referring police, and children's services for a child.
    partners = [staff.police] if plan.referrer == Role.POLICE else []
    if plan.extras["under_18"]:
        partners.append(staff.childrens_services)
    for partner in partners:
        working = CaseAgency.objects.current().filter(case=case, organisation=partner).exists()
        if partner.pk != case.owning_organisation_id and not working:
            with at(step(0.1)):
                case_agency_add(case=case, organisation=partner, by=worker)
    if referral.risk_tool in (RiskTool.DARA, RiskTool.POLICE_DASH):
        with at(step(0.5)):
            police_grade_record(
                case=case,
                by=staff.referrers[Role.POLICE] if staff.police in partners else worker,
                tool=PoliceTool.DARA if referral.risk_tool == RiskTool.DARA else PoliceTool.POLICE_DASH,
                grade=referral.risk_grade,
                score=referral.risk_score,
                reported_by_organisation=staff.police,
                reported_on=timezone.localdate(referral.created_at),
            )
        report.created["police_grades"] += 1
    incidents = int(plan.extras["incidents"])
    with at(step(24)):
        today = timezone.localdate()
        for n in range(incidents):
            incident_record(
                case=case,
                by=worker,
                occurred_on=today - timedelta(days=rng.randint(1, 300) if n else 1),
                reported_by_organisation=staff.police,
                kind=rng.choice(list(IncidentKind.values)),
            )
        report.created["incidents"] += incidents
    grade = referral.risk_grade if referral.risk_grade != RiskGrade.NOT_ASSESSED else RiskGrade.STANDARD
    if plan.extras["dash"] and set(referral.forms_of_abuse) & DASH_FORMS:
        with at(step(rng.uniform(2, 48))):
            dash_assessment_submit(
                case=case,
                by=worker,
                answers=answers_for(rng.random(), dash_score(rng, grade)),
                item_notes={},
                judgement=Judgement(),
                assessment_date=timezone.localdate(),
            )
        report.created["dash_assessments"] += 1
    for _ in range(int(plan.extras["notes"])):
        with at(step(rng.uniform(24, 24 * 10))):
            # Every demo note records contact with the survivor (a call, a meeting).
            case_note_add(case=case, body=rng.choice(NOTES), by=worker, contact=True)
        report.created["notes"] += 1


def seed_access_controls(*, made: dict[int, Referral], staff: DemoStaff, idva: User) -> None:
    """One restricted case with a named team and one deny-list entry, on the IDVA service's cases."""
    cases = [r.case for _, r in sorted(made.items()) if r.case is not None and r.case.owning_organisation_id in {
        m.organisation_id for m in idva.active_memberships()}]  # fmt: skip
    if len(cases) < 2:
        return
    restricted, denied = cases[0], cases[1]
    case_team_add(case=restricted, user=idva, by=idva)
    case_restrict(case=restricted, by=idva, reason="The victim works for a partner agency: named team only")
    case_deny_add(
        case=denied,
        user=staff.deny_listed,
        reason="A member of staff at the service is a party to this case",
        by=idva,
    )
