"""MATAC subjects: the coordinator's subject profile, a review at each meeting (continue or exit), and exit
with the RFG score on exit (the latest score then, or none with a note)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.models import (
    SUBJECT_TRANSITIONS,
    MatacMeeting,
    MatacMeetingState,
    MatacReview,
    MatacSubject,
    MatacSubjectStatus,
    ReviewDecision,
    SubjectState,
)
from vawg.intelligence.rules.matac import EXIT_REASONS
from vawg.intelligence.selectors.matac import latest_score
from vawg.intelligence.services.matac.common import clean_text, move, require_runs
from vawg.intelligence.services.matac.links import matac_links_end

PROFILE_SECTIONS = ("profile_summary", "profile_behaviour", "profile_risks", "profile_agencies")


@transaction.atomic
def matac_profile_update(
    *, subject: MatacSubject, by: User, request: HttpRequest | None = None, **sections: str
) -> MatacSubject:
    """Write the subject profile's sections (each redacted of the location values held for the person and
    their victims). Only the coordinator."""
    require_runs(by, subject.coordinating_organisation_id)
    unknown = set(sections) - set(PROFILE_SECTIONS)
    if unknown:
        raise ValidationError(f"Unknown profile sections: {', '.join(sorted(unknown))}")
    person = subject.person_causing_harm
    for name, text in sections.items():
        setattr(subject, name, clean_text(text, person=person, field=name, what="section"))
    subject.profile_updated_at = timezone.now()
    subject.profile_updated_by = by
    save_valid(subject)
    audit_record(
        action="intelligence.matac_profile.update",
        by=by,
        obj=subject,
        request=request,
        details={"sections": sorted(name for name, text in sections.items() if text.strip())},
    )
    return subject


def _meeting_for_business(meeting: MatacMeeting, subject: MatacSubject) -> None:
    if meeting.organisation_id != subject.coordinating_organisation_id:
        raise ValidationError({"meeting": "Choose a meeting of this MATAC"})
    if meeting.current_state not in (MatacMeetingState.SCHEDULED, MatacMeetingState.HELD):
        raise ValidationError({"meeting": "Choose a meeting that is scheduled or being held"})


@transaction.atomic
def matac_subject_exit(
    *,
    subject: MatacSubject,
    by: User,
    exited_on: date,
    reason: str,
    note: str = "",
    meeting: MatacMeeting | None = None,
    request: HttpRequest | None = None,
) -> MatacSubject:
    """Exit ``subject``: the date, a reason from EXIT_REASONS, the latest RFG score then as the score on
    exit (none when never scored: the note says why), and every MATAC link to the person ends."""
    require_runs(by, subject.coordinating_organisation_id)
    if reason not in EXIT_REASONS:
        raise ValidationError({"reason": "Choose why the subject is leaving MATAC"})
    if exited_on < subject.entered_on:
        raise ValidationError({"exited_on": "The exit date must be on or after the date they entered"})
    if exited_on > timezone.localdate():
        raise ValidationError({"exited_on": "The exit date must be today or in the past"})
    if meeting is not None:
        _meeting_for_business(meeting, subject)
    person = subject.person_causing_harm
    score = latest_score(person)
    note = clean_text(
        note,
        person=person,
        field="note",
        required=""
        if score is not None and reason != "other"
        else "Enter a note: " + ("why they are leaving" if reason == "other" else "there is no RFG score on exit"),
        what="note",
    )
    move(subject, state=SubjectState.EXITED, transitions=SUBJECT_TRANSITIONS, labels=SubjectState, noun="subject")
    subject.exited_on = exited_on
    subject.exit_reason = reason
    subject.exit_score = score
    subject.exit_note = note
    subject.exit_meeting = meeting
    save_valid(subject)
    save_valid(MatacSubjectStatus(subject=subject, state=SubjectState.EXITED, reason=reason, created_by=by))
    audit_record(
        action="intelligence.matac_subject.exit",
        by=by,
        obj=subject,
        request=request,
        details={
            "reason": reason,
            "exit_score_id": str(score.pk) if score else "",
            "meeting_id": str(meeting.pk) if meeting else "",
        },
    )
    matac_links_end(subject=subject, by=by)
    return subject


@transaction.atomic
def matac_review_record(
    *,
    subject: MatacSubject,
    meeting: MatacMeeting,
    by: User,
    note: str,
    decision: str,
    exit_reason: str = "",
    exit_note: str = "",
    request: HttpRequest | None = None,
) -> MatacReview:
    """Record ``subject``'s review at ``meeting`` (once per meeting). A decision to exit exits them at the
    meeting's date with ``exit_reason``."""
    require_runs(by, subject.coordinating_organisation_id)
    _meeting_for_business(meeting, subject)
    if subject.current_state != SubjectState.ACTIVE:
        raise ValidationError("This subject has already left MATAC")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "Choose whether they continue as a subject or exit"})
    if MatacReview.objects.filter(subject=subject, meeting=meeting).exists():
        raise ValidationError({"meeting": "This subject has already been reviewed at this meeting"})
    note = clean_text(
        note, person=subject.person_causing_harm, field="note", required="Enter the review note", what="note"
    )
    review = MatacReview(subject=subject, meeting=meeting, note=note, decision=decision, created_by=by)
    save_valid(review)
    audit_record(
        action="intelligence.matac_review.create",
        by=by,
        obj=subject,
        request=request,
        details={"matac_review_id": str(review.pk), "meeting_id": str(meeting.pk), "decision": decision},
    )
    if decision == ReviewDecision.EXIT:
        meeting_day = timezone.localtime(meeting.starts_at).date()
        matac_subject_exit(
            subject=subject,
            by=by,
            exited_on=min(meeting_day, timezone.localdate()),
            reason=exit_reason,
            note=exit_note,
            meeting=meeting,
            request=request,
        )
    return review
