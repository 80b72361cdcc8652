"""MATAC nominations: from the RFG ranking or a partner's referral (with the reason), decided by the
coordinator: accepted to a meeting (the person becomes a subject) or declined with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.config import RUN_MATAC, RUN_RANKING, TAKE_PART_IN_MATAC
from vawg.intelligence.models import (
    NOMINATION_TRANSITIONS,
    MatacMeeting,
    MatacMeetingAgency,
    MatacMeetingState,
    MatacNomination,
    MatacNominationStatus,
    MatacSubject,
    MatacSubjectStatus,
    NominationSource,
    NominationState,
    PersonCausingHarm,
    SubjectState,
)
from vawg.intelligence.rules.matac import NOMINATION_REASON_MIN
from vawg.intelligence.selectors.matac import coordinating_organisations, latest_score, organisations_of
from vawg.intelligence.services.matac.common import clean_text, move, require_runs
from vawg.intelligence.services.matac.links import matac_links_ensure

ALREADY_NOMINATED = "This person already has a MATAC nomination waiting for a decision"
ALREADY_SUBJECT = "This person is already an active MATAC subject"


def _refuse_duplicates(person: PersonCausingHarm, *, nomination: MatacNomination | None = None) -> None:
    open_ones = MatacNomination.objects.open().filter(person_causing_harm=person)
    if nomination is not None:
        open_ones = open_ones.exclude(pk=nomination.pk)
    if open_ones.exists():
        raise ValidationError(ALREADY_NOMINATED)
    if MatacSubject.objects.active().filter(person_causing_harm=person).exists():
        raise ValidationError(ALREADY_SUBJECT)


def _coordinating(by: User, chosen: Organisation | None) -> Organisation:
    running = organisations_of(by, RUN_MATAC)
    if running:
        return running[0]
    candidates = coordinating_organisations()
    if chosen is not None:
        if chosen.pk not in {org.pk for org in candidates}:
            raise ValidationError({"coordinating_organisation": "Choose a MATAC from the list"})
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError("No MATAC is running: no agency has a MATAC coordinator")
    raise ValidationError({"coordinating_organisation": "Choose the MATAC to nominate to"})


@transaction.atomic
def matac_nomination_create(
    *,
    by: User,
    person: PersonCausingHarm,
    source: str,
    reason: str = "",
    coordinating_organisation: Organisation | None = None,
    request: HttpRequest | None = None,
) -> MatacNomination:
    """Nominate ``person`` (whom ``by`` can see) to MATAC. A partner referral needs a reason of at least
    NOMINATION_REASON_MIN characters; a nomination from the ranking needs ``run_ranking`` and a score.
    The person's latest RFG score is stored with it. Refused while the person has an open nomination or
    is an active subject."""
    nominating = organisations_of(by, RUN_MATAC) or organisations_of(by, TAKE_PART_IN_MATAC)
    if not nominating:
        raise PermissionDenied
    if not PersonCausingHarm.objects.visible_to(by).filter(pk=person.pk).exists():
        raise PermissionDenied
    if source not in NominationSource.values:
        raise ValidationError({"source": "Choose where the nomination comes from"})
    score = latest_score(person)
    if source == NominationSource.RANKING:
        if not by.has_perm(RUN_RANKING):
            raise PermissionDenied
        if score is None:
            raise ValidationError("This person has no RFG score: nominate them as a partner referral with a reason")
        reason = clean_text(reason, person=person, field="reason", what="reason")
    else:
        reason = clean_text(
            reason,
            person=person,
            field="reason",
            required="Enter why you are nominating this person",
            minimum=NOMINATION_REASON_MIN,
            what="reason",
        )
    coordinating = _coordinating(by, coordinating_organisation)
    _refuse_duplicates(person)
    nomination = MatacNomination(
        person_causing_harm=person,
        coordinating_organisation=coordinating,
        source=source,
        nominating_organisation=nominating[0],
        reason=reason,
        rfg_score=score,
        created_by=by,
    )
    try:
        with transaction.atomic():
            save_valid(nomination)
    except (IntegrityError, ValidationError):
        _refuse_duplicates(person)  # a parallel nomination won: say so
        raise
    save_valid(MatacNominationStatus(nomination=nomination, state=NominationState.OPEN, created_by=by))
    audit_record(
        action="intelligence.matac_nomination.create",
        by=by,
        obj=nomination,
        request=request,
        details={
            "person_causing_harm_id": str(person.pk),
            "source": source,
            "nominating_organisation_id": str(nominating[0].pk),
            "rfg_score_id": str(score.pk) if score else "",
        },
    )
    return nomination


def _meeting_open_for_subjects(meeting: MatacMeeting, nomination: MatacNomination) -> None:
    if meeting.organisation_id != nomination.coordinating_organisation_id:
        raise ValidationError({"meeting": "Choose a meeting of this MATAC"})
    if meeting.current_state not in (MatacMeetingState.SCHEDULED, MatacMeetingState.HELD):
        raise ValidationError({"meeting": "Choose a meeting that is scheduled or being held"})


def subject_agencies(subject: MatacSubject) -> list[Organisation]:
    """The agencies that work with an active subject: every agency invited to the entry meeting or a later
    meeting not yet over (scheduled or held). The coordinating agency only when it is invited: the
    coordinator reaches subjects through the MATAC gates, not the record's."""
    later = MatacMeeting.objects.filter(
        organisation=subject.coordinating_organisation_id,
        starts_at__gte=subject.entry_meeting.starts_at,
        current_state__in=[MatacMeetingState.SCHEDULED, MatacMeetingState.HELD],
    ).values("pk")
    invited = MatacMeetingAgency.objects.filter(meeting__in=later).values("organisation_id")
    entry = MatacMeetingAgency.objects.filter(meeting=subject.entry_meeting_id).values("organisation_id")
    ids = set(invited.values_list("organisation_id", flat=True))
    ids |= set(entry.values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@transaction.atomic
def matac_nomination_accept(
    *, nomination: MatacNomination, meeting: MatacMeeting, by: User, request: HttpRequest | None = None
) -> MatacSubject:
    """Accept ``nomination`` to ``meeting``: the person becomes a subject from the meeting's date, with
    the latest RFG score then as the score on entry."""
    require_runs(by, nomination.coordinating_organisation_id)
    _meeting_open_for_subjects(meeting, nomination)
    person = nomination.person_causing_harm
    _refuse_duplicates(person, nomination=nomination)
    move(
        nomination,
        state=NominationState.ACCEPTED,
        transitions=NOMINATION_TRANSITIONS,
        labels=NominationState,
        noun="nomination",
    )
    nomination.meeting = meeting
    nomination.save(update_fields=["meeting", "updated_at"])
    save_valid(MatacNominationStatus(nomination=nomination, state=NominationState.ACCEPTED, created_by=by))
    score = latest_score(person)
    subject = MatacSubject(
        person_causing_harm=person,
        coordinating_organisation_id=nomination.coordinating_organisation_id,
        nomination=nomination,
        entry_meeting=meeting,
        entered_on=timezone.localtime(meeting.starts_at).date(),
        entry_score=score,
        created_by=by,
    )
    save_valid(subject)
    save_valid(MatacSubjectStatus(subject=subject, state=SubjectState.ACTIVE, created_by=by))
    audit_record(
        action="intelligence.matac_nomination.accept",
        by=by,
        obj=nomination,
        request=request,
        details={"meeting_id": str(meeting.pk), "matac_subject_id": str(subject.pk)},
    )
    audit_record(
        action="intelligence.matac_subject.enter",
        by=by,
        obj=subject,
        request=request,
        details={
            "person_causing_harm_id": str(person.pk),
            "meeting_id": str(meeting.pk),
            "entry_score_id": str(score.pk) if score else "",
        },
    )
    matac_links_ensure(subject=subject, organisations=subject_agencies(subject), by=by)
    return subject


@transaction.atomic
def matac_nomination_decline(
    *, nomination: MatacNomination, reason: str, by: User, request: HttpRequest | None = None
) -> MatacNominationStatus:
    """Decline ``nomination`` with a reason (kept, encrypted and redacted, on the status row)."""
    require_runs(by, nomination.coordinating_organisation_id)
    note = clean_text(
        reason,
        person=nomination.person_causing_harm,
        field="reason",
        required="Enter why the nomination is declined",
        what="reason",
    )
    move(
        nomination,
        state=NominationState.DECLINED,
        transitions=NOMINATION_TRANSITIONS,
        labels=NominationState,
        noun="nomination",
    )
    row = MatacNominationStatus(nomination=nomination, state=NominationState.DECLINED, note=note, created_by=by)
    save_valid(row)
    audit_record(action="intelligence.matac_nomination.decline", by=by, obj=nomination, request=request, details={})
    return row
