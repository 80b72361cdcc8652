"""Sessions, attendance and outcome measures (docs/programmes.md).

Sessions are scheduled for a group programme (everyone taking part comes) or for one referral (one-to-one
work). Attendance and outcome measures are immutable rows: a correction is a newer row, and the newest
counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.programmes.hooks import ON_ATTENDANCE_REVIEW_DUE
from vawg.programmes.models import (
    Attendance,
    AttendanceOutcome,
    Behaviour,
    MeasureSource,
    OutcomeMeasure,
    Programme,
    ProgrammeKind,
    ProgrammeReferral,
    ProgrammeReferralState,
    ProgrammeSession,
    Timepoint,
)
from vawg.programmes.rules.attendance import AttendanceVerdict
from vawg.programmes.selectors.programmes import referral_sessions, referral_verdict
from vawg.programmes.services.common import require_runs, require_sees
from vawg.programmes.services.referrals import programme_referral_transition

# Who can be marked at a session: those waiting to start (their first session) and those taking part.
ATTENDING_STATES = frozenset({ProgrammeReferralState.WAITING, ProgrammeReferralState.ENGAGED})


@transaction.atomic
def programme_session_create(
    *,
    programme: Programme,
    starts_at: datetime,
    by: User | None,
    referral: ProgrammeReferral | None = None,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> ProgrammeSession:
    """Schedule the next session: of a group programme (no ``referral``), or of one referral's one-to-one
    work. Numbered in order (1, 2, ...)."""
    require_runs(by, programme, system_job=system_job)
    if referral is None and programme.kind != ProgrammeKind.GROUP:
        raise ValidationError({"referral": "Choose whose one-to-one session this is"})
    if referral is not None and (referral.programme_id != programme.pk or not referral.is_open):
        raise ValidationError({"referral": "Choose an open referral to this programme"})
    if starts_at is None:
        raise ValidationError({"starts_at": "Enter when the session starts"})
    sessions = ProgrammeSession.objects.filter(programme=programme, referral=referral)
    number = (sessions.aggregate(most=Max("number"))["most"] or 0) + 1
    if programme.sessions and referral is None and number > programme.sessions:
        raise ValidationError({"starts_at": f"The programme has {programme.sessions} sessions: all are scheduled"})
    session = ProgrammeSession(
        programme=programme,
        referral=referral,
        number=number,
        starts_at=starts_at,
        created_by=by,
        system_job="" if by is not None else system_job,
    )
    save_valid(session)
    audit_record(
        action="programmes.programme_session.create",
        by=by,
        system_job="" if by is not None else system_job,
        obj=session,
        agency_id=programme.provider_id,
        request=request,
        details={
            "programme_id": str(programme.pk),
            "referral_id": str(referral.pk) if referral else "",
            "number": number,
        },
    )
    return session


def session_participants(session: ProgrammeSession) -> list[ProgrammeReferral]:
    """Who is marked at ``session``: its referral (one-to-one), or every referral to the programme that is
    waiting or taking part, plus anyone already marked there (so a correction stays possible)."""
    if session.referral_id is not None:
        return [session.referral] if session.referral else []
    marked = Attendance.objects.filter(session=session).values("referral_id")
    return list(
        ProgrammeReferral.objects.filter(programme=session.programme_id)
        .filter(Q(current_state__in=ATTENDING_STATES) | Q(pk__in=marked))
        .select_related("person_causing_harm__person")
        .order_by("created_at")
    )


@transaction.atomic
def attendance_record(
    *,
    session: ProgrammeSession,
    outcomes: Mapping[ProgrammeReferral, str],
    by: User | None,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> list[Attendance]:
    """Record each participant's outcome at ``session`` (attended, missed, or missed with good reason). An
    outcome the same as the newest one already recorded is not written again; a different one is a newer
    row (a correction). Someone waiting to start who attends is now taking part."""
    require_runs(by, session.programme, system_job=system_job)
    if session.starts_at > timezone.now():
        raise ValidationError({"session": "You can record attendance once the session has started"})
    allowed = {referral.pk for referral in session_participants(session)}
    before = {referral.pk: _verdict(referral) for referral in outcomes if referral.pk in allowed}
    written: list[Attendance] = []
    for referral, outcome in outcomes.items():
        if referral.pk not in allowed:
            raise ValidationError({"session": "Someone listed is not on this session"})
        if outcome not in AttendanceOutcome.values:
            raise ValidationError({"session": "Choose attended, missed, or missed with good reason for each person"})
        newest = Attendance.objects.filter(session=session, referral=referral).order_by("-created_at").first()
        if newest is not None and newest.outcome == outcome:
            continue
        row = Attendance(
            session=session,
            referral=referral,
            outcome=outcome,
            created_by=by,
            system_job="" if by is not None else system_job,
        )
        save_valid(row)
        written.append(row)
        if outcome == AttendanceOutcome.ATTENDED and referral.current_state == ProgrammeReferralState.WAITING:
            programme_referral_transition(
                referral=referral,
                to_state=ProgrammeReferralState.ENGAGED,
                by=by,
                reason="first-session",
                system_job=system_job,
                request=request,
            )
    audit_record(
        action="programmes.attendance.record",
        by=by,
        system_job="" if by is not None else system_job,
        obj=session,
        agency_id=session.programme.provider_id,
        request=request,
        details={
            "attendance_ids": [str(row.pk) for row in written],
            "outcomes": sorted(row.outcome for row in written),
        },
    )
    for row in written:
        if not before[row.referral_id].review and _verdict(row.referral).review:
            for callback in ON_ATTENDANCE_REVIEW_DUE:
                callback(row.referral, row)
    return written


def _verdict(referral: ProgrammeReferral) -> AttendanceVerdict:
    return referral_verdict(referral, referral_sessions(referral))


@transaction.atomic
def outcome_measures_record(
    *,
    referral: ProgrammeReferral,
    timepoint: str,
    levels: Mapping[str, int],
    source: str,
    recorded_on: date,
    by: User | None,
    system_job: str = "",
    request: HttpRequest | None = None,
) -> list[OutcomeMeasure]:
    """Record the four behaviours' levels (0 none to 3 severe or frequent) at a timepoint. A review or exit
    measure needs the intake measure first; a later record at the same timepoint supersedes the earlier."""
    require_sees(by, referral, system_job=system_job)
    if timepoint not in Timepoint.values:
        raise ValidationError({"timepoint": "Choose intake, review or exit"})
    if source not in MeasureSource.values:
        raise ValidationError({"source": "Choose who the measure comes from"})
    missing = [behaviour for behaviour in Behaviour.values if behaviour not in levels]
    if missing or set(levels) - set(Behaviour.values):
        raise ValidationError({"levels": "Give a level for each of the four behaviours"})
    for behaviour, level in levels.items():
        if not isinstance(level, int) or not 0 <= level <= 3:
            raise ValidationError({behaviour: "Choose a level from 0 to 3"})
    if recorded_on is None or recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": "The date of the measure must be today or in the past"})
    if timepoint != Timepoint.INTAKE:
        intake = OutcomeMeasure.objects.filter(referral=referral, timepoint=Timepoint.INTAKE)
        if not intake.exists():
            raise ValidationError({"timepoint": "Record the intake measures before review or exit ones"})
        if intake.filter(recorded_on__gt=recorded_on).exists():
            raise ValidationError({"recorded_on": "The date must be on or after the intake measures' date"})
    rows = []
    for behaviour in Behaviour.values:
        row = OutcomeMeasure(
            referral=referral,
            timepoint=timepoint,
            behaviour=behaviour,
            level=levels[behaviour],
            source=source,
            recorded_on=recorded_on,
            created_by=by,
            system_job="" if by is not None else system_job,
        )
        save_valid(row)
        rows.append(row)
    audit_record(
        action="programmes.outcome_measure.record",
        by=by,
        system_job="" if by is not None else system_job,
        obj=referral,
        request=request,
        details={"timepoint": timepoint, "source": source, "levels": dict(levels)},
    )
    return rows
