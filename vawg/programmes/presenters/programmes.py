"""What the programmes pages show: tags, summary-list rows and the person-causing-harm page's section.

Never a location field (address, postcode, phone, email), and nothing from a victim's case: these pages
show the referral, the programme's own records and the person's name only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.core.presenters import SummaryRow, Tag
from vawg.intelligence.models import PersonCausingHarm
from vawg.programmes.config import REFER_TO_PROGRAMME
from vawg.programmes.models import (
    PROGRAMME_REFERRAL_TRANSITIONS,
    AttendanceOutcome,
    Behaviour,
    ExitReason,
    NotSuitableReason,
    Programme,
    ProgrammeReferral,
    ProgrammeReferralState,
    ProgrammeReferralStatus,
    Timepoint,
)
from vawg.programmes.rules.attendance import AttendanceVerdict
from vawg.programmes.selectors import SessionLine, referrals_of_person

STATE_TAGS: dict[str, Tag] = {
    ProgrammeReferralState.RECEIVED: Tag("To triage", "blue"),
    ProgrammeReferralState.ASSESSING: Tag("Being assessed", "light-blue"),
    ProgrammeReferralState.WAITING: Tag("Waiting to start", "yellow"),
    ProgrammeReferralState.ENGAGED: Tag("Taking part", "green"),
    ProgrammeReferralState.COMPLETED: Tag("Completed", "turquoise"),
    ProgrammeReferralState.EXITED: Tag("Left early", "red"),
    ProgrammeReferralState.NOT_SUITABLE: Tag("Not suitable", "grey"),
    ProgrammeReferralState.WITHDRAWN: Tag("Withdrawn", "grey"),
}
ATTENDANCE_TAGS: dict[str, Tag] = {
    AttendanceOutcome.ATTENDED: Tag("Attended", "green"),
    AttendanceOutcome.MISSED: Tag("Missed", "red"),
    AttendanceOutcome.EXCUSED: Tag("Missed with good reason", "yellow"),
}
# What the worker chooses on the "what happens next" form, per target state (assessment has its own form).
ACTION_LABELS: dict[str, str] = {
    ProgrammeReferralState.ASSESSING: "Start the assessment",
    ProgrammeReferralState.ENGAGED: "They have started the programme",
    ProgrammeReferralState.COMPLETED: "They have completed the programme",
    ProgrammeReferralState.EXITED: "They have left the programme early",
    ProgrammeReferralState.WITHDRAWN: "Withdraw the referral (before they start)",
}
CODES = {**dict(NotSuitableReason.choices), **dict(ExitReason.choices)}


def when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def name_of(referral: ProgrammeReferral) -> str:
    return referral.person_causing_harm.person.full_name or "Name not recorded"


def next_actions(referral: ProgrammeReferral) -> list[tuple[str, str]]:
    """The moves the state machine allows from here, as (state, label) for the form (assessment apart)."""
    allowed = PROGRAMME_REFERRAL_TRANSITIONS[referral.current_state]
    return [(state, label) for state, label in ACTION_LABELS.items() if state in allowed]


def may_assess(referral: ProgrammeReferral) -> bool:
    return referral.current_state in (ProgrammeReferralState.RECEIVED, ProgrammeReferralState.ASSESSING)


def programme_rows(programme: Programme) -> list[SummaryRow]:
    districts = ", ".join(district.name for district in programme.districts.all()) or "Every district"
    sessions = (
        f"{programme.sessions} sessions of {programme.session_minutes} minutes" if programme.sessions else "Open-ended"
    )
    return [
        SummaryRow("Kind", programme.get_kind_display()),
        SummaryRow("Accredited by Respect", "Yes" if programme.respect_accredited else "No"),
        SummaryRow("Sessions", sessions),
        SummaryRow("Who it is for", programme.eligibility or "Not given"),
        SummaryRow("Minimum age", str(programme.minimum_age)),
        SummaryRow(
            "Attendance rule",
            f"Review the place after more than {programme.max_missed} missed sessions in all, "
            f"or more than {programme.max_missed_in_a_row} in a row (missed with good reason does not count)",
        ),
        SummaryRow("Districts", districts),
        SummaryRow("Taking referrals", "Yes" if programme.accepting_referrals else "No"),
    ]


def referral_rows(referral: ProgrammeReferral) -> list[SummaryRow]:
    rows = [
        SummaryRow("Person", name_of(referral)),
        SummaryRow("Programme", referral.programme.name),
        SummaryRow("State", tags=(STATE_TAGS[referral.current_state],)),
        SummaryRow("Source", referral.get_source_display()),
        SummaryRow(
            "Referred by",
            referral.referring_organisation.name if referral.referring_organisation else "Not a partner agency",
        ),
        SummaryRow("Received", when(referral.created_at)),
        SummaryRow("Why they were referred", referral.reason or "Not given"),
    ]
    if referral.front_door_referral_id:
        rows.append(
            SummaryRow(
                "Front-door referral",
                "Made on the public pages (worried about their own behaviour)",
                href=reverse("referrals:referral_detail", kwargs={"referral_id": referral.front_door_referral_id}),
                action="View",
            )
        )
    if referral.court_order_id and referral.court_order:
        order = referral.court_order
        rows.append(SummaryRow("Court order", f"{order.get_order_type_display()} {order.reference}".strip()))
    if referral.not_suitable_reason:
        rows.append(SummaryRow("Why not suitable", referral.get_not_suitable_reason_display()))
    if referral.exit_reason:
        rows.append(SummaryRow("Why they left early", referral.get_exit_reason_display()))
    return rows


def history_rows(statuses: Iterable[ProgrammeReferralStatus]) -> list[SummaryRow]:
    rows = []
    for status in statuses:
        who = status.created_by.full_name if status.created_by else "The system"
        parts = [ProgrammeReferralState(status.state).label, f"by {who}"]
        if status.reason in CODES:
            parts.append(f"({CODES[status.reason]})")
        text = " ".join(parts)
        if status.note:
            text = f"{text}. Note: {status.note}"
        rows.append(SummaryRow(when(status.created_at), text))
    return rows


def session_rows(lines: Iterable[SessionLine]) -> list[SummaryRow]:
    return [
        SummaryRow(
            f"Session {line.session.number}, {when(line.session.starts_at)}",
            "" if line.outcome else "Not recorded",
            tags=(ATTENDANCE_TAGS[line.outcome],) if line.outcome else (),
        )
        for line in lines
    ]


def verdict_rows(verdict: AttendanceVerdict, referral: ProgrammeReferral) -> list[SummaryRow]:
    programme = referral.programme
    tag = Tag("Review the place", "red") if verdict.review else Tag("Within the rule", "green")
    return [
        SummaryRow("Attended", str(verdict.attended)),
        SummaryRow("Missed", f"{verdict.missed} (allowed: {programme.max_missed})"),
        SummaryRow("Longest run of misses", f"{verdict.longest_run} (allowed: {programme.max_missed_in_a_row})"),
        SummaryRow("Missed with good reason", str(verdict.excused)),
        SummaryRow("Attendance rule", tags=(tag,)),
    ]


def measure_table(measures: dict[str, dict[str, int]]) -> list[tuple[str, str, str, str]]:
    """(behaviour, intake, review, exit) per behaviour: intake and exit side by side."""

    def level(timepoint: str, behaviour: str) -> str:
        found = measures.get(timepoint, {}).get(behaviour)
        return "Not recorded" if found is None else str(found)

    return [
        (label, level(Timepoint.INTAKE, value), level(Timepoint.REVIEW, value), level(Timepoint.EXIT, value))
        for value, label in Behaviour.choices
    ]


def harm_page_section(record: PersonCausingHarm, user: User) -> tuple[str, dict[str, Any]] | None:
    """The person-causing-harm page's "Behaviour-change programmes" section: the referrals the user may
    see (the programme's workers: linked; the referring agency: programme and state only), and a link to
    refer them for holders of ``programmes.refer_to_programme`` (the page's gate already lets them see it)."""
    may_refer = user.has_perm(REFER_TO_PROGRAMME)
    found = referrals_of_person(user, record)
    if not found and not may_refer:
        return None
    rows = [
        SummaryRow(
            item.referral.programme.name,
            f"{item.referral.programme.provider.name}, referred {when(item.referral.created_at)}",
            tags=(STATE_TAGS[item.referral.current_state],),
            href=reverse("programmes:referral_detail", kwargs={"referral_id": item.referral.pk}) if item.full else "",
            action="View" if item.full else "",
        )
        for item in found
    ]
    refer = reverse("programmes:referral_new", kwargs={"person_causing_harm_id": record.pk}) if may_refer else ""
    return "programmes/programmes/_harm_section.html", {"rows": rows, "refer": refer}
