"""Every write to a referral after intake: routing, the state machine, acceptance, first contact,
possible duplicates, tasks, and routing-rule changes (with history).

Each service is keyword-only, runs in one transaction, saves through ``save_valid`` (validated) and writes
one audit entry (ids and codes only). Intake (``referral_submit``) is in vawg/referrals/services/intake.py
and calls ``referral_record_new`` and ``referral_route`` from here.
Views gate first (vawg/referrals/selectors.py); the rules belonging to the action
itself (state machine, reasons, who may accept) are enforced here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.audit.services import audit_record
from vawg.cases.models import Case, ChronologyKind, RiskLevel
from vawg.cases.services import case_chronology_add, case_open
from vawg.core.models import save_valid
from vawg.notifications.selectors import recipients_who_see, staff_holding
from vawg.notifications.services import notification_queue
from vawg.referrals import config
from vawg.referrals.hooks import ON_REFERRAL_ACCEPTED
from vawg.referrals.models import (
    CONSENT_RECORDED,
    REASON_REQUIRED,
    STATE_TRANSITIONS,
    TRIAGE,
    Consent,
    Referral,
    ReferralReferenceCounter,
    ReferralRoute,
    ReferralState,
    ReferralStatus,
    ReferralTask,
    RoutingRule,
    ServiceKind,
    SubjectRole,
    TaskKind,
)
from vawg.referrals.rules import routing, workdays
from vawg.referrals.rules.consent import MARAC_HIGH_RISK_MESSAGE, ConsentStep, consent_step
from vawg.referrals.selectors import receiving_organisation_ids

# Who provides a service when a rule names no organisation: the first type with an active
# organisation covering the referral's district (or covering no district: county-wide).
SERVICE_PROVIDER_TYPES: dict[str, tuple[str, ...]] = {
    ServiceKind.IDVA: (OrganisationType.SPECIALIST_SERVICE,),
    ServiceKind.MARAC: (OrganisationType.COUNTY_COUNCIL,),
    ServiceKind.OUTREACH: (OrganisationType.SPECIALIST_SERVICE, OrganisationType.VOLUNTARY_SECTOR),
    ServiceKind.ISVA_SARC: (OrganisationType.SPECIALIST_SERVICE, OrganisationType.NHS),
    ServiceKind.CHILDRENS_SERVICES: (OrganisationType.CHILDRENS_SOCIAL_CARE, OrganisationType.COUNTY_COUNCIL),
    ServiceKind.YOUNG_PEOPLES_SERVICE: (OrganisationType.SPECIALIST_SERVICE, OrganisationType.VOLUNTARY_SECTOR),
    ServiceKind.SPECIALIST_HARMFUL_PRACTICES: (OrganisationType.SPECIALIST_SERVICE,),
    # Children (or age not known): children's social care. Adults: see ADULT_SAFEGUARDING_TYPES.
    ServiceKind.SAFEGUARDING: (OrganisationType.CHILDRENS_SOCIAL_CARE, OrganisationType.COUNTY_COUNCIL),
    ServiceKind.PERPETRATOR_PROGRAMME: (OrganisationType.PROGRAMME_PROVIDER,),
    ServiceKind.HELPLINE: (OrganisationType.SPECIALIST_SERVICE, OrganisationType.VOLUNTARY_SECTOR),
}
# Safeguarding an adult (18 or over) is adult social care's duty (Care Act 2014 s42), not children's.
ADULT_SAFEGUARDING_TYPES: tuple[str, ...] = (OrganisationType.ADULT_SOCIAL_CARE, OrganisationType.COUNTY_COUNCIL)
# The FGM mandatory reporting duty falls on health and social care professionals and teachers.
REGULATED_ROLES = frozenset({Role.HEALTH, Role.SOCIAL_WORKER})
REGULATED_ORGANISATION_TYPES = frozenset(
    {
        OrganisationType.NHS,
        OrganisationType.GP,
        OrganisationType.EDUCATION,
        OrganisationType.CHILDRENS_SOCIAL_CARE,
        OrganisationType.ADULT_SOCIAL_CARE,
    }
)
# Why a referral cannot be accepted yet (the referral page, its API and every other way to accept).
CONSENT_NEEDED_MESSAGE = (
    "This referral is awaiting consent: it cannot be accepted until the person's consent, or a lawful basis "
    "for sharing without it, is recorded"
)
# The audit action for each state ``referral_transition`` moves a referral to.
TRANSITION_ACTIONS: dict[str, str] = {
    ReferralState.TRIAGED: "referrals.referral.triage",
    ReferralState.SENT: "referrals.referral.send",
    ReferralState.DECLINED: "referrals.referral.decline",
    ReferralState.WITHDRAWN: "referrals.referral.withdraw",
    ReferralState.CLOSED: "referrals.referral.close",
}


# New referrals ---------------------------------------------------------------------------------


def next_reference() -> str:
    """The next referral reference (R-YYYY-000001), taken under a row lock (call inside a transaction)."""
    year = timezone.localdate().year
    counter, _ = ReferralReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"R-{year}-{counter.last_number:06d}"


@transaction.atomic
def referral_record_new(
    *, referral: Referral, by: User | None, system_job: str = "", request: HttpRequest | None = None
) -> Referral:
    """Save a new (unsaved) referral: reference, the "submitted" state row and an audit entry. Then route it."""
    if not referral._state.adding:
        raise ValidationError("This referral has already been recorded")
    referral.reference = next_reference()
    referral.current_state = ReferralState.SUBMITTED
    save_valid(referral)
    _add_status(referral=referral, state=ReferralState.SUBMITTED, reason="", by=by, system_job=system_job, new=True)
    audit_record(
        action="referrals.referral.submit",
        by=by,
        obj=referral,
        system_job=system_job or "referrals.intake",
        request=request,
        details={"source": referral.source},
    )
    routes = referral_route(referral=referral, by=by, system_job=system_job or "referrals.intake", request=request)
    step = consent_step(
        consent=referral.consent, risk_grade=referral.risk_grade, service_kinds=[r.service_kind for r in routes]
    )
    if step == ConsentStep.REFUSE:
        raise ValidationError({"consent": MARAC_HIGH_RISK_MESSAGE})  # rolls back the referral and its routes
    if step == ConsentStep.AWAIT:
        referral_consent_await(referral=referral, by=by, system_job=system_job or "referrals.intake", request=request)
    return referral


@transaction.atomic
def referral_consent_await(
    *, referral: Referral, by: User | None, system_job: str = "", request: HttpRequest | None = None
) -> ReferralStatus:
    """A submitted referral whose consent is not yet asked waits for it (submitted -> awaiting consent).
    Intake calls it as the referral comes in; it cannot be accepted until consent is recorded."""
    if referral.consent != Consent.NOT_YET_ASKED:
        raise ValidationError({"consent": "Consent is already recorded: the referral does not wait for it"})
    row = _add_status(referral=referral, state=ReferralState.AWAITING_CONSENT, reason="", by=by, system_job=system_job)
    audit_record(
        action="referrals.consent.await",
        by=by,
        obj=referral,
        system_job=system_job or "referrals.intake",
        request=request,
        details={"status_id": row.pk},
    )
    referrer = [referral.referrer_user] if referral.referrer_user else []
    _notify(referral, kind="consent-awaited", users=referrer)
    return row


def _add_status(
    *, referral: Referral, state: str, reason: str, by: User | None, system_job: str = "", new: bool = False
) -> ReferralStatus:
    if not new:
        # Lock the referral and read its state afresh, so two people acting at once cannot both succeed.
        referral.current_state = (
            Referral.objects.select_for_update().only("current_state").get(pk=referral.pk).current_state
        )
    current = None if new else referral.current_state
    if state not in STATE_TRANSITIONS[current]:
        was = "new" if current is None else ReferralState(current).label.lower()
        raise ValidationError({"state": f"A referral that is {was} cannot be {ReferralState(state).label.lower()}"})
    reason = (reason or "").strip()
    if state in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": f"Enter why the referral is {ReferralState(state).label.lower()}"})
    row = ReferralStatus(
        referral=referral, state=state, reason=reason, created_by=by, system_job="" if by else system_job or "system"
    )
    save_valid(row)
    if not new:
        referral.current_state = state
        referral.save(update_fields=["current_state", "updated_at"])
    return row


# Routing --------------------------------------------------------------------------------------


def referral_facts(referral: Referral) -> routing.ReferralFacts:
    subject = referral.subject
    on = timezone.localtime(referral.created_at).date() if referral.created_at else timezone.localdate()
    return routing.ReferralFacts(
        forms_of_abuse=frozenset(referral.forms_of_abuse),
        risk_grade=referral.risk_grade,
        age_band=routing.age_band(subject.age_on(on)),
        gender=subject.gender,
        district=referral.district.slug if referral.district is not None else None,
        needs=frozenset(referral.needs),
        subject_role=referral.subject_role,
        source=referral.source,
    )


def rule_specs(rules: Iterable[RoutingRule]) -> list[routing.RuleSpec]:
    return [
        routing.RuleSpec(
            name=rule.name,
            service_kind=rule.service_kind,
            conditions=rule.conditions,
            priority=rule.priority,
            organisation_id=rule.organisation_id,
            rule_id=rule.pk,
            version=rule.version,
            active=rule.active,
        )
        for rule in rules
    ]


def provider_for(service_kind: str, district_id: Any, *, adult: bool = False) -> Organisation | None:
    """The active organisation that provides ``service_kind`` for the district (by type), if any.

    ``adult``: the subject is known to be 18 or over (safeguarding then goes to adult social care).
    """
    types = SERVICE_PROVIDER_TYPES.get(service_kind, ())
    if adult and service_kind == ServiceKind.SAFEGUARDING:
        types = ADULT_SAFEGUARDING_TYPES
    for org_type in types:
        candidates = Organisation.objects.active().filter(type=org_type).order_by("name")
        if district_id is not None:
            local = candidates.filter(districts=district_id).first()
            if local is not None:
                return local
        county_wide = candidates.filter(districts__isnull=True).first()
        if county_wide is not None:
            return county_wide
    return None


def _referrer_is_regulated(referral: Referral) -> bool:
    if referral.referrer_user is not None and referral.referrer_user.active_roles() & REGULATED_ROLES:
        return True
    org = referral.referrer_organisation
    return org is not None and org.type in REGULATED_ORGANISATION_TYPES


@transaction.atomic
def referral_route(
    *, referral: Referral, by: User | None = None, system_job: str = "", request: HttpRequest | None = None
) -> list[ReferralRoute]:
    """Apply the active routing rules once: route rows, the FGM report task, and the first-contact due time."""
    if referral.routes.exists():
        raise ValidationError("This referral has already been routed")
    facts = referral_facts(referral)
    decisions = routing.route(facts, rule_specs(RoutingRule.objects.active()))
    routes = []
    for decision in decisions:
        organisation_id = decision.organisation_id
        if organisation_id is None:
            adult = facts.age_band not in (None, routing.UNDER_18)
            provider = provider_for(decision.service_kind, referral.district_id, adult=adult)
            organisation_id = provider.pk if provider else None
        route = ReferralRoute(
            referral=referral,
            service_kind=decision.service_kind,
            organisation_id=organisation_id,
            rule_id=decision.rule_id,
            rule_version=decision.rule_version,
        )
        save_valid(route)
        routes.append(route)
    task = None
    if routing.fgm_report_due(facts, regulated_professional=_referrer_is_regulated(referral)):
        task = ReferralTask(
            referral=referral,
            kind=TaskKind.FGM_POLICE_REPORT,
            due=workdays.end_of_next_working_day(referral.created_at),
        )
        save_valid(task)
    target = config.target_for(timezone.localtime(referral.created_at).date())
    referral.first_contact_due = workdays.end_of_working_day_after(
        referral.created_at, target.days_for(referral.risk_grade)
    )
    referral.first_contact_target_version = target.version
    referral.save(update_fields=["first_contact_due", "first_contact_target_version", "updated_at"])
    audit_record(
        action="referrals.referral.route",
        by=by,
        obj=referral,
        system_job=system_job or "referrals.routing",
        request=request,
        details={
            "routes": ",".join(f"{r.service_kind}:{r.organisation_id or 'unresolved'}" for r in routes),
            "fgm_task_id": task.pk if task else "",
            "first_contact_target_version": target.version,
        },
    )
    _notify(
        referral,
        kind="referral-routed",
        users=staff_holding(perm=TRIAGE, organisation_ids=[r.organisation_id for r in routes]),
    )
    return routes


def _notify(referral: Referral, *, kind: str, users: Iterable[User], event: str = "") -> None:
    """Tell staff who may see the referral that there is something to look at (after this commits)."""
    notification_queue(
        kind=kind,
        recipients=recipients_who_see(
            users, sees=lambda user: Referral.objects.visible_to(user).filter(pk=referral.pk).exists()
        ),
        event=event or f"referral:{referral.pk}:{kind}",
        link=reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk}),
    )


def _notify_referrer(referral: Referral, *, outcome: str) -> None:
    referrer = [referral.referrer_user] if referral.referrer_user else []
    _notify(referral, kind="referral-outcome", users=referrer, event=f"referral:{referral.pk}:{outcome}")


# The state machine ------------------------------------------------------------------------------


@transaction.atomic
def referral_transition(
    *, referral: Referral, to: str, by: User, reason: str = "", request: HttpRequest | None = None
) -> ReferralStatus:
    """Move a referral to ``to`` (accepting goes through ``referral_accept``, which opens or links a case)."""
    if to == ReferralState.ACCEPTED:
        raise ValidationError({"state": "Accept a referral with referral_accept, which opens or links the case"})
    if to in (ReferralState.SUBMITTED, ReferralState.AWAITING_CONSENT):
        raise ValidationError({"state": "A referral waits for consent, or goes on, only as consent is recorded"})
    if to not in TRANSITION_ACTIONS:
        raise ValidationError({"state": "Select a valid referral state"})
    row = _add_status(referral=referral, state=to, reason=reason, by=by)
    audit_record(action=TRANSITION_ACTIONS[to], by=by, obj=referral, request=request, details={"status_id": row.pk})
    if to == ReferralState.DECLINED:
        _notify_referrer(referral, outcome="declined")
    return row


def _risk_level(grade: str) -> str:
    return grade if grade in RiskLevel.values else RiskLevel.NOT_ASSESSED


@transaction.atomic
def referral_accept(
    *, referral: Referral, by: User, organisation: Organisation | None = None, request: HttpRequest | None = None
) -> ReferralStatus:
    """Accept for one of ``by``'s agencies the referral was routed to: for a victim/survivor, open a case
    held by that agency (or link its open case for the same person), and link it to the referral."""
    receiving = receiving_organisation_ids(by, referral)
    if not by.has_perm(TRIAGE) or not receiving:
        raise PermissionDenied
    # Read consent afresh under the row lock, so consent cannot be found missing after the check.
    consent = Referral.objects.select_for_update().only("consent").get(pk=referral.pk).consent
    if consent not in CONSENT_RECORDED:
        raise ValidationError({"consent": CONSENT_NEEDED_MESSAGE})
    if organisation is None:
        organisation = Organisation.objects.get(pk=receiving[0])
    elif organisation.pk not in receiving:
        raise ValidationError({"organisation": "Select an agency this referral was sent to"})
    case: Case | None = None
    if referral.subject_role == SubjectRole.VICTIM:
        case = (
            Case.objects.open()
            .filter(victim=referral.subject_id, owning_organisation=organisation)
            .order_by("-created_at")
            .first()
        )
        if case is None:
            case = case_open(
                victim=referral.subject,
                owning_organisation=organisation,
                by=by,
                district=referral.district,
                risk_level=_risk_level(referral.risk_grade),
                request=request,
            )
    row = _add_status(referral=referral, state=ReferralState.ACCEPTED, reason="", by=by)
    if case is not None:
        referral.case = case
        referral.save(update_fields=["case", "updated_at"])
        case_chronology_add(
            case=case,
            kind=ChronologyKind.REFERRAL,
            summary=f"Referral {referral.reference} accepted ({referral.get_source_display().lower()})",
            by=by,
            request=request,
        )
    audit_record(
        action="referrals.referral.accept",
        by=by,
        obj=referral,
        request=request,
        details={"status_id": row.pk, "case_id": case.pk if case else "", "organisation_id": organisation.pk},
    )
    for callback in ON_REFERRAL_ACCEPTED:
        callback(referral, by, organisation, request)
    _notify_referrer(referral, outcome="accepted")
    return row


@transaction.atomic
def referral_first_contact(
    *, referral: Referral, by: User, at: datetime, request: HttpRequest | None = None
) -> Referral:
    """Record when the service first made contact (ends the first-contact clock)."""
    if referral.first_contact_at is not None:
        raise ValidationError({"first_contact_at": "First contact has already been recorded"})
    if at > timezone.now():
        raise ValidationError({"first_contact_at": "The date of first contact must be today or in the past"})
    if at < referral.created_at:
        raise ValidationError({"first_contact_at": "The date of first contact must be after the referral was made"})
    referral.first_contact_at = at
    save_valid(referral, update_fields=["first_contact_at", "updated_at"])
    overdue = referral.first_contact_due is not None and at > referral.first_contact_due
    if referral.case is not None:
        case_chronology_add(
            case=referral.case,
            kind=ChronologyKind.CONTACT,
            summary=f"First contact after referral {referral.reference}",
            by=by,
            request=request,
        )
    audit_record(
        action="referrals.first_contact.record",
        by=by,
        obj=referral,
        request=request,
        details={"first_contact_at": at.isoformat(), "met_target": not overdue},
    )
    return referral


@transaction.atomic
def referral_view_record(*, referral: Referral, by: User, request: HttpRequest | None = None) -> None:
    """Record that ``user`` opened ``referral`` (call after the gate let them, on every read)."""
    audit_record(action="referrals.referral.view", by=by, obj=referral, request=request)
