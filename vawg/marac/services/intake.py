"""How cases enter the MARAC coordinator's queue (docs/domain/marac.md#the-repeat-rule; the rule itself is
in vawg/marac/rules/referrals.py).

Four ways in, each through ``marac_referral_create`` (one open referral per case and area):

- a MARAC-eligible DASH assessment (``queue_from_dash``, registered on risk's ON_DASH_ASSESSED);
- a front-door referral routed to MARAC and accepted at a coordinating agency (``queue_from_referral``);
- a new incident, from any agency, within the repeat window of the victim's last MARAC referral
  (``queue_from_incident``): a repeat returns to the queue even below threshold;
- a professional's own referral from the case page (``marac_referral_refer``).

The hooks run inside the lower app's service transaction, acting for that service (which already
checked its user may see the case): they never fail the DASH, the acceptance or the incident. When
the case cannot be queued (an open referral already, or no MARAC set up) they write an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.cases.selectors import case_get_for
from vawg.marac.models import TAKE_PART, Criterion, MaracArea, MaracReferral, MaracReferralSource
from vawg.marac.rules.referrals import is_repeat, repeat_window_days
from vawg.marac.selectors.agencies import acting_organisation
from vawg.marac.selectors.referrals import area_for_case, harm_parties, last_referral_for_victim
from vawg.marac.services.core import marac_referral_create
from vawg.people.models import Person
from vawg.referrals.models import Referral, RiskTool, ServiceKind, Urgency
from vawg.risk.config import thresholds_for
from vawg.risk.models import DashAssessment, Incident
from vawg.risk.rules import RiskLevel, level_for

SYSTEM_JOB = "marac.intake"


def _skip(
    action: str, *, case: Case, by: User | None, organisation: Organisation | None, details: Mapping[str, Any]
) -> None:
    audit_record(
        action=action,
        by=by,
        obj=case,
        system_job=SYSTEM_JOB,
        agency_id=organisation.pk if organisation is not None else "",
        details={"case_id": case.pk, **details},
    )


def _open_referral(case: Case, area: MaracArea) -> MaracReferral | None:
    return MaracReferral.objects.open().filter(case=case, area=area).first()


def _children_from_front_door(case: Case) -> int | None:
    latest = Referral.objects.filter(case=case).order_by("-created_at").only("children_in_household").first()
    return latest.children_in_household if latest is not None else None


def _repeat_fields(case: Case, on: date) -> tuple[bool, MaracReferral | None]:
    last = last_referral_for_victim(case.victim_id, on)
    if last is None:
        return False, None
    return is_repeat(last.referred_on, on, repeat_window_days(on)), last


def queue_from_dash(assessment: DashAssessment, by: User, request: Any = None) -> MaracReferral | None:
    """ON_DASH_ASSESSED: a MARAC-eligible assessment puts its case in the queue (source DASH)."""
    if not assessment.marac_eligible:
        return None
    case = assessment.case
    area = area_for_case(case)
    organisation = assessment.assessing_organisation
    skipped = {"dash_assessment_id": assessment.pk}
    if area is None:
        _skip("marac.referral.skip_no_area", case=case, by=by, organisation=organisation, details=skipped)
        return None
    open_referral = _open_referral(case, area)
    if open_referral is not None:
        details = {**skipped, "open_referral_id": open_referral.pk, "area_id": area.pk}
        _skip("marac.referral.skip_open", case=case, by=by, organisation=organisation, details=details)
        return None
    criteria = list(assessment.marac_criteria)
    met = {
        criterion: value
        for criterion, value in (assessment.marac_evidence or {}).items()
        if isinstance(value, dict) and value.get("met")
    }
    evidence = {"dash_assessment_id": str(assessment.pk), "assessment_date": assessment.assessment_date.isoformat()}
    evidence.update({criterion: _ids_counts_dates(value) for criterion, value in met.items()})
    repeat, last = _repeat_fields(case, assessment.assessment_date)
    return marac_referral_create(
        case=case,
        source=MaracReferralSource.DASH,
        criteria=criteria,
        referring_organisation=organisation,
        by=by,
        area=area,
        evidence=evidence,
        is_repeat=Criterion.REPEAT in criteria or repeat,
        repeat_of=last if (Criterion.REPEAT in criteria or repeat) else None,
        children_in_household=_children_from_front_door(case),
        dash_assessment=assessment,
        request=request if isinstance(request, HttpRequest) else None,
    )


def _ids_counts_dates(value: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only ids, counts, dates and flags from a DASH evidence entry (never free text)."""
    kept: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, bool | int) or item is None:
            kept[key] = item
        elif isinstance(item, list):
            kept[key] = [str(each) for each in item]
        elif isinstance(item, str) and (key.endswith(("_date", "_id", "_source")) or key == "source"):
            kept[key] = item
    return kept


def queue_from_referral(
    referral: Referral, by: User, organisation: Organisation, request: Any = None
) -> MaracReferral | None:
    """ON_REFERRAL_ACCEPTED: a front-door referral routed to MARAC and accepted at an agency that
    coordinates a MARAC puts its case in that MARAC's queue (source FRONT_DOOR)."""
    case = referral.case
    if case is None:
        return None
    if not referral.routes.filter(service_kind=ServiceKind.MARAC, organisation=organisation).exists():
        return None
    areas = MaracArea.objects.active().filter(coordinating_organisation=organisation)
    area = (areas.filter(districts=case.district_id).first() if case.district_id else None) or areas.first()
    if area is None:
        return None
    open_referral = _open_referral(case, area)
    if open_referral is not None:
        details = {"front_door_referral_id": referral.pk, "open_referral_id": open_referral.pk, "area_id": area.pk}
        _skip("marac.referral.skip_open", case=case, by=by, organisation=organisation, details=details)
        return None
    today = timezone.localdate()
    thresholds = thresholds_for(today)
    score = referral.risk_score
    dash_tools = {RiskTool.SAFELIVES_DASH, RiskTool.POLICE_DASH}
    evidence: dict[str, Any] = {"front_door_referral_id": str(referral.pk)}
    if referral.risk_tool in dash_tools and score is not None and level_for(score, thresholds) == RiskLevel.HIGH:
        criteria = [Criterion.VISIBLE_HIGH_RISK.value]
        evidence[Criterion.VISIBLE_HIGH_RISK.value] = {"score": score, "threshold": thresholds.high_from}
    else:
        criteria = [Criterion.PROFESSIONAL_JUDGEMENT.value]
        evidence[Criterion.PROFESSIONAL_JUDGEMENT.value] = {
            "risk_grade": referral.risk_grade,
            "risk_tool": referral.risk_tool,
        }
    repeat, last = _repeat_fields(case, today)
    if repeat:
        criteria.append(Criterion.REPEAT.value)
    return marac_referral_create(
        case=case,
        source=MaracReferralSource.FRONT_DOOR,
        criteria=criteria,
        referring_organisation=referral.referrer_organisation or organisation,
        by=by,
        area=area,
        evidence=evidence,
        is_repeat=repeat,
        repeat_of=last if repeat else None,
        urgent=referral.urgency == Urgency.URGENT,
        children_in_household=referral.children_in_household,
        front_door_referral=referral,
        request=request if isinstance(request, HttpRequest) else None,
    )


def queue_from_incident(incident: Incident, by: User, request: Any = None) -> MaracReferral | None:
    """ON_INCIDENT_RECORDED: a new incident on any case of the victim, from any agency, within the
    repeat window of the victim's last MARAC referral returns the case to the queue, even below
    threshold (source INCIDENT_REPEAT). After the window it does not: a new referral needs a criterion."""
    case = incident.case
    last = last_referral_for_victim(case.victim_id, incident.occurred_on)
    window = repeat_window_days(incident.occurred_on)
    if last is None or not is_repeat(last.referred_on, incident.occurred_on, window):
        return None
    organisation = incident.reported_by_organisation
    area = area_for_case(case) or last.area
    open_referral = (
        MaracReferral.objects.open().filter(case__victim=case.victim_id, area=area).order_by("-referred_on").first()
    )
    if open_referral is not None:
        details = {"incident_id": incident.pk, "open_referral_id": open_referral.pk, "area_id": area.pk}
        _skip("marac.repeat_incident.note", case=case, by=by, organisation=organisation, details=details)
        return None
    evidence = {
        "incident_id": str(incident.pk),
        "incident_on": incident.occurred_on.isoformat(),
        "last_marac_referral_id": str(last.pk),
        "last_referred_on": last.referred_on.isoformat(),
        "days_since": (incident.occurred_on - last.referred_on).days,
        "window_days": window,
    }
    return marac_referral_create(
        case=case,
        source=MaracReferralSource.INCIDENT_REPEAT,
        criteria=[Criterion.REPEAT],
        referring_organisation=organisation,
        by=by,
        area=area,
        evidence=evidence,
        is_repeat=True,
        repeat_of=last,
        children_in_household=_children_from_front_door(case),
        incident=incident,
        request=request if isinstance(request, HttpRequest) else None,
    )


# A professional's referral -----------------------------------------------------------------------------


@transaction.atomic
def marac_referral_refer(
    *,
    case: Case,
    by: User,
    criteria: Iterable[str],
    judgement_rationale: str = "",
    dash_score: int | None = None,
    incident_count: int | None = None,
    reason: str = "",
    children_in_household: int | None = None,
    urgent: bool = False,
    area: MaracArea | None = None,
    perpetrator: Person | None = None,
    request: HttpRequest | None = None,
) -> MaracReferral:
    """A professional refers a case they can see to MARAC (source PROFESSIONAL). The repeat criterion
    is added when the victim's last MARAC referral is within the repeat window. ``perpetrator``: one of
    the case's current people causing harm (by default, as ``person_causing_harm`` finds)."""
    if not by.has_perm(TAKE_PART):
        raise PermissionDenied
    case = case_get_for(user=by, case_id=case.pk)
    chosen = set(criteria) - {Criterion.REPEAT.value}
    today = timezone.localdate()
    thresholds = thresholds_for(today)
    errors: dict[str, str] = {}
    evidence: dict[str, Any] = {}
    if not chosen and not _repeat_fields(case, today)[0]:
        errors["criteria"] = "Select at least one reason the case meets the MARAC criteria"
    if Criterion.VISIBLE_HIGH_RISK in chosen:
        if dash_score is None or dash_score < thresholds.high_from:
            errors["dash_score"] = f"Visible high risk needs a DASH score of {thresholds.high_from} or more"
        else:
            evidence[Criterion.VISIBLE_HIGH_RISK.value] = {"score": dash_score, "threshold": thresholds.high_from}
    if Criterion.PROFESSIONAL_JUDGEMENT in chosen and not judgement_rationale.strip():
        errors["judgement_rationale"] = "Enter why your professional judgement is that the case should go to MARAC"
    if Criterion.POTENTIAL_ESCALATION in chosen:
        if incident_count is None or incident_count < thresholds.escalation_incidents:
            errors["incident_count"] = (
                f"Potential escalation needs {thresholds.escalation_incidents} or more incidents in 12 months"
            )
        else:
            evidence[Criterion.POTENTIAL_ESCALATION.value] = {
                "incident_count": incident_count,
                "threshold": thresholds.escalation_incidents,
            }
    if perpetrator is not None and not harm_parties(case).filter(person=perpetrator).exists():
        errors["perpetrator"] = "Select the person causing harm"
    if errors:
        raise ValidationError(errors)
    repeat, last = _repeat_fields(case, today)
    if repeat and last is not None:
        chosen.add(Criterion.REPEAT.value)
        evidence[Criterion.REPEAT.value] = {
            "last_marac_referral_id": str(last.pk),
            "last_referred_on": last.referred_on.isoformat(),
        }
    text = reason.strip()
    if Criterion.PROFESSIONAL_JUDGEMENT in chosen:
        text = f"Professional judgement: {judgement_rationale.strip()}" + (f"\n\n{text}" if text else "")
    return marac_referral_create(
        case=case,
        source=MaracReferralSource.PROFESSIONAL,
        criteria=chosen,
        referring_organisation=acting_organisation(by, prefer=[case.owning_organisation_id]),
        by=by,
        area=area,
        evidence=evidence,
        is_repeat=repeat,
        repeat_of=last if repeat else None,
        urgent=urgent,
        children_in_household=children_in_household,
        perpetrator=perpetrator,
        reason=text,
        request=request,
    )
