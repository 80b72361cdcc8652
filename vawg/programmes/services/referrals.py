"""Referrals into programmes: making one (from a professional, a court, MARAC, MATAC, or the front door's
"worried about my own behaviour" self-referral), and moving it through the state machine
(``PROGRAMME_REFERRAL_TRANSITIONS``), with the assessment's decision (docs/programmes.md).

Every write is one transaction with one audit entry of ids and codes; free text (the reason, notes) stays
on the encrypted fields of the rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import Membership, Organisation, User
from vawg.audit.services import audit_record, require_one_author
from vawg.core.models import save_valid
from vawg.intelligence.models import HarmAgencyReason, PersonCausingHarm
from vawg.intelligence.services.harm import harm_agency_work_end, person_causing_harm_ensure
from vawg.justice.models import Order
from vawg.notifications.selectors import recipients_who_see
from vawg.notifications.services import notification_queue
from vawg.programmes.config import REFER_TO_PROGRAMME, RUN_PROGRAMMES
from vawg.programmes.hooks import ON_PROGRAMME_REFERRAL_STATE_CHANGED
from vawg.programmes.models import (
    CLOSED_REFERRAL_STATES,
    PROGRAMME_REFERRAL_TRANSITIONS,
    Attendance,
    AttendanceOutcome,
    ExitReason,
    NotSuitableReason,
    Programme,
    ProgrammeReferral,
    ProgrammeReferralState,
    ProgrammeReferralStatus,
    ReferralSource,
)
from vawg.programmes.selectors.programmes import COURT_ORDER_TYPES
from vawg.programmes.services.common import clean_text, require_sees
from vawg.referrals.models import Referral

NOT_ACCEPTING = "This programme is not taking referrals at the moment"
ALREADY_REFERRED = "They already have an open referral to this programme"
INCOMPLETE = (
    "They have not attended every session of the programme yet. Confirm that they have completed it "
    "(for example, sessions made up one-to-one), or record attendance first"
)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _programme_workers(programme: Programme) -> list[User]:
    holding = Membership.objects.active().holding(RUN_PROGRAMMES).filter(organisation=programme.provider_id)
    return list(User.objects.filter(is_active=True, pk__in=holding.values("user_id")))


def _may_refer(by: User, person: PersonCausingHarm, programme: Programme) -> bool:
    """``by`` may refer: they see the person, and hold ``refer_to_programme`` (or run this programme)."""
    if not PersonCausingHarm.objects.visible_to(by).filter(pk=person.pk).exists():
        return False
    runs = Programme.objects.run_by(by).filter(pk=programme.pk).exists()
    return runs or by.has_perm(REFER_TO_PROGRAMME)


def _refuse_if_not_eligible(programme: Programme, person: PersonCausingHarm) -> None:
    if not programme.accepting_referrals or not programme.provider.is_active:
        raise ValidationError({"programme": NOT_ACCEPTING})
    born = person.person.date_of_birth
    if born is not None and _age_on(born, timezone.localdate()) < programme.minimum_age:
        raise ValidationError(
            {"programme": f"This programme takes people aged {programme.minimum_age} or over: they are younger"}
        )
    if ProgrammeReferral.objects.open().filter(programme=programme, person_causing_harm=person).exists():
        raise ValidationError({"programme": ALREADY_REFERRED})


def _check_court_order(order: Order | None, *, source: str, person: PersonCausingHarm, by: User | None) -> None:
    """An order named on a referral: a court's referral only, a DAPO or SPO on this person, one ``by`` sees."""
    if order is None:
        return
    if source != ReferralSource.COURT:
        raise ValidationError({"court_order": "Name an order only for a referral from a court"})
    if order.order_type not in COURT_ORDER_TYPES or order.respondent_id != person.pk:
        raise ValidationError({"court_order": "Choose a DAPO or SPO made against this person"})
    if by is not None and not Order.objects.visible_to(by).filter(pk=order.pk).exists():
        raise ValidationError({"court_order": "Choose an order you can see"})


def _add_status(
    referral: ProgrammeReferral, state: str, *, by: User | None, system_job: str, reason: str = "", note: str = ""
) -> ProgrammeReferralStatus:
    row = ProgrammeReferralStatus(
        referral=referral,
        state=state,
        reason=reason,
        note=note,
        created_by=by,
        system_job="" if by is not None else system_job,
    )
    save_valid(row)
    return row


@transaction.atomic
def programme_referral_create(
    *,
    programme: Programme,
    person_causing_harm: PersonCausingHarm,
    source: str,
    reason: str = "",
    referring_organisation: Organisation | None = None,
    front_door_referral: Referral | None = None,
    by: User | None,
    system_job: str = "",
    request: HttpRequest | None = None,
    court_order: Order | None = None,
) -> ProgrammeReferral:
    """Refer ``person_causing_harm`` to ``programme``: a new referral, received and waiting to be triaged.

    Refused (ValidationError) when the programme is not taking referrals, when their date of birth is known
    and they are under its minimum age, or when they already have an open referral to it. A person acting
    must see the person's record and hold ``programmes.refer_to_programme`` (or run the programme), else 404.
    The provider becomes an agency working with the person (reason "programme"), so its programme workers
    see the record, and they are told by email (``programme-referral``).
    """
    require_one_author(by=by, system_job=system_job)
    if source not in ReferralSource.values:
        raise ValidationError({"source": "Choose where the referral comes from"})
    if by is not None and not _may_refer(by, person_causing_harm, programme):
        raise Http404("No such person causing harm.")
    if (
        front_door_referral is not None
        and ProgrammeReferral.objects.filter(front_door_referral=front_door_referral).exists()
    ):
        raise ValidationError({"front_door_referral": "This referral has already reached a programme"})
    _refuse_if_not_eligible(programme, person_causing_harm)
    _check_court_order(court_order, source=source, person=person_causing_harm, by=by)
    author: dict[str, Any] = {"by": by, "system_job": "" if by is not None else system_job}
    referral = ProgrammeReferral(
        programme=programme,
        person_causing_harm=person_causing_harm,
        source=source,
        reason=clean_text(reason, field="reason"),
        referring_organisation=referring_organisation,
        front_door_referral=front_door_referral,
        court_order=court_order,
        current_state=ProgrammeReferralState.RECEIVED,
        created_by=by,
        system_job="" if by is not None else system_job,
    )
    save_valid(referral)
    _add_status(referral, ProgrammeReferralState.RECEIVED, by=by, system_job=system_job)
    person_causing_harm_ensure(
        person=person_causing_harm.person,
        organisation=programme.provider,
        reason=HarmAgencyReason.PROGRAMME,
        **author,
    )
    audit_record(
        action="programmes.programme_referral.create",
        obj=referral,
        request=request,
        details={
            "programme_id": str(programme.pk),
            "person_causing_harm_id": str(person_causing_harm.pk),
            "source": source,
            "referring_organisation_id": str(referring_organisation.pk) if referring_organisation else "",
            "front_door_referral_id": str(front_door_referral.pk) if front_door_referral else "",
            "court_order_id": str(court_order.pk) if court_order else "",
        },
        **author,
    )
    notification_queue(
        kind="programme-referral",
        recipients=recipients_who_see(
            _programme_workers(programme),
            sees=lambda user: ProgrammeReferral.objects.visible_to(user).filter(pk=referral.pk).exists(),
        ),
        event=f"programme-referral:{referral.pk}:received",
        link=reverse("programmes:referral_detail", kwargs={"referral_id": referral.pk}),
    )
    return referral


def attendance_complete(referral: ProgrammeReferral) -> bool:
    """Whether they attended as many sessions as the programme has (never, for an open-ended programme)."""
    sessions = referral.programme.sessions
    if not sessions:
        return False
    newest: dict[object, str] = {}
    for row in Attendance.objects.filter(referral=referral).order_by("created_at"):
        newest[row.session_id] = row.outcome
    return sum(1 for outcome in newest.values() if outcome == AttendanceOutcome.ATTENDED) >= sessions


def _check_transition(
    referral: ProgrammeReferral, to_state: str, *, not_suitable_reason: str, exit_reason: str, confirmed: bool
) -> None:
    if to_state not in ProgrammeReferralState.values:
        raise ValidationError({"to_state": "Choose what happens next"})
    if to_state not in PROGRAMME_REFERRAL_TRANSITIONS[referral.current_state]:
        now = ProgrammeReferralState(referral.current_state).label.lower()
        raise ValidationError({"to_state": f"A referral that is {now} cannot move there"})
    if to_state == ProgrammeReferralState.NOT_SUITABLE and not_suitable_reason not in NotSuitableReason.values:
        raise ValidationError({"not_suitable_reason": "Choose why they are not suitable"})
    if to_state == ProgrammeReferralState.EXITED and exit_reason not in ExitReason.values:
        raise ValidationError({"exit_reason": "Choose why they left the programme"})
    if to_state == ProgrammeReferralState.COMPLETED and not (confirmed or attendance_complete(referral)):
        raise ValidationError({"confirmed": INCOMPLETE})


@transaction.atomic
def programme_referral_transition(
    *,
    referral: ProgrammeReferral,
    to_state: str,
    by: User | None,
    reason: str = "",
    note: str = "",
    not_suitable_reason: str = "",
    exit_reason: str = "",
    confirmed: bool = False,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> ProgrammeReferral:
    """Move ``referral`` to ``to_state`` if the state machine allows it, writing a status row.

    Not suitable needs ``not_suitable_reason`` (a NotSuitableReason code) and leaving early (exited) an
    ``exit_reason`` (an ExitReason code); completion needs the attendance complete, or ``confirmed`` by the
    worker. ``reason`` is a short code kept on the status row; ``note`` is free text, encrypted on the row.
    After the row is written and audited, every ``ON_PROGRAMME_REFERRAL_STATE_CHANGED`` callback runs.
    """
    require_sees(by, referral, system_job=system_job)
    # Lock the row and read its state afresh: the caller's object is brought up to date and changed in place.
    list(ProgrammeReferral.objects.select_for_update().filter(pk=referral.pk).values_list("pk"))
    referral.refresh_from_db(fields=["current_state", "not_suitable_reason", "exit_reason"])
    _check_transition(
        referral, to_state, not_suitable_reason=not_suitable_reason, exit_reason=exit_reason, confirmed=confirmed
    )
    from_state = referral.current_state
    codes: dict[str, str] = {
        ProgrammeReferralState.NOT_SUITABLE: not_suitable_reason,
        ProgrammeReferralState.EXITED: exit_reason,
    }
    code = codes.get(to_state, clean_text(reason, field="reason")[:100])
    row = _add_status(
        referral, to_state, by=by, system_job=system_job, reason=code, note=clean_text(note, field="note")
    )
    referral.current_state = to_state
    updated = ["current_state", "updated_at"]
    if to_state == ProgrammeReferralState.NOT_SUITABLE:
        referral.not_suitable_reason = not_suitable_reason
        updated.append("not_suitable_reason")
    if to_state == ProgrammeReferralState.EXITED:
        referral.exit_reason = exit_reason
        updated.append("exit_reason")
    save_valid(referral, update_fields=updated)
    audit_record(
        action="programmes.programme_referral.transition",
        by=by,
        system_job="" if by is not None else system_job,
        obj=referral,
        request=request,
        details={
            "status_id": str(row.pk),
            "from": from_state,
            "to": to_state,
            "reason": code if code in (*NotSuitableReason.values, *ExitReason.values) else "",
            "confirmed": confirmed,
        },
    )
    if to_state in CLOSED_REFERRAL_STATES:
        _end_programme_link(referral, by=by, system_job=system_job)
    for callback in ON_PROGRAMME_REFERRAL_STATE_CHANGED:
        callback(referral, row)
    return referral


def _end_programme_link(referral: ProgrammeReferral, *, by: User | None, system_job: str) -> None:
    """The provider's sight of the person's record (its "programme" link, added with the referral) ends with
    the provider's last open referral of them: need to know, not once known (docs/programmes.md)."""
    provider = referral.programme.provider
    still_open = (
        ProgrammeReferral.objects.open()
        .filter(person_causing_harm=referral.person_causing_harm_id, programme__provider=provider)
        .exclude(pk=referral.pk)
        .exists()
    )
    if not still_open:
        harm_agency_work_end(
            record=referral.person_causing_harm,
            organisation=provider,
            reason=HarmAgencyReason.PROGRAMME,
            by=by,
            system_job="" if by is not None else system_job,
        )


@transaction.atomic
def programme_referral_assess(
    *,
    referral: ProgrammeReferral,
    suitable: bool,
    by: User,
    not_suitable_reason: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> ProgrammeReferral:
    """The assessment's decision: suitable (waiting to start) or not suitable (with a reason code). A referral
    still to triage is moved to "being assessed" first. ``note`` is the assessment note (encrypted)."""
    require_sees(by, referral)
    referral.refresh_from_db(fields=["current_state"])
    if referral.current_state == ProgrammeReferralState.RECEIVED:
        referral = programme_referral_transition(
            referral=referral, to_state=ProgrammeReferralState.ASSESSING, by=by, request=request
        )
    return programme_referral_transition(
        referral=referral,
        to_state=ProgrammeReferralState.WAITING if suitable else ProgrammeReferralState.NOT_SUITABLE,
        by=by,
        note=note,
        not_suitable_reason="" if suitable else not_suitable_reason,
        request=request,
    )
