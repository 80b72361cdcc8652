"""Programme reads: one record through its gate (404 otherwise), the provider's queue, and what the referral
page shows (state history, sessions with attendance and the rule's verdict, outcome measures).

Getters that hand out a referral note it with ``audit_read`` so the page is audited once.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vawg.accounts.models import Membership, Organisation, User
from vawg.audit.services import audit_read
from vawg.intelligence.models import PersonCausingHarm
from vawg.justice.models import Order, OrderType
from vawg.programmes.config import REFER_TO_PROGRAMME, RUN_PROGRAMMES
from vawg.programmes.models import (
    Attendance,
    OutcomeMeasure,
    Programme,
    ProgrammeQuerySet,
    ProgrammeReferral,
    ProgrammeReferralQuerySet,
    ProgrammeReferralState,
    ProgrammeReferralStatus,
    ProgrammeSession,
)
from vawg.programmes.rules.attendance import AttendanceVerdict, attendance_verdict

VIEW = "programmes.programme_referral.view"
# The orders whose positive requirements can include a programme (docs/programmes.md#referral-sources).
COURT_ORDER_TYPES = frozenset({OrderType.DAPO, OrderType.SPO, OrderType.INTERIM_SPO})

# The queue's tabs: key -> (label, the states it shows).
QUEUE_TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "triage": ("To triage", (ProgrammeReferralState.RECEIVED,)),
    "assessing": ("Being assessed", (ProgrammeReferralState.ASSESSING,)),
    "waiting": ("Waiting", (ProgrammeReferralState.WAITING,)),
    "engaged": ("Taking part", (ProgrammeReferralState.ENGAGED,)),
    "closed": (
        "Closed",
        (
            ProgrammeReferralState.NOT_SUITABLE,
            ProgrammeReferralState.COMPLETED,
            ProgrammeReferralState.EXITED,
            ProgrammeReferralState.WITHDRAWN,
        ),
    ),
}


def providers_of(user: User) -> list[Organisation]:
    """The agencies where ``user`` runs programmes, by name."""
    held = Membership.objects.active().of_active_user(user).holding(RUN_PROGRAMMES).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=held).order_by("name"))


def referring_organisations_of(user: User) -> list[Organisation]:
    """The agencies where ``user`` may refer to a programme, by name (the first is the referrer)."""
    held = Membership.objects.active().of_active_user(user).holding(REFER_TO_PROGRAMME).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=held).order_by("name"))


def programmes_run_by(user: User) -> ProgrammeQuerySet:
    return Programme.objects.run_by(user).select_related("provider").prefetch_related("districts")


def programme_get_for(*, user: User, programme_id: UUID) -> Programme:
    found = programmes_run_by(user).filter(pk=programme_id).first()
    if found is None:
        raise Http404("No such programme.")
    return found


def programmes_open_to_referral() -> ProgrammeQuerySet:
    """Every programme taking referrals, by provider and name (what a referrer may choose from)."""
    return Programme.objects.accepting().select_related("provider").order_by("provider__name", "name")


def programme_referral_get_for(*, user: User, referral_id: UUID) -> ProgrammeReferral:
    """One referral through the gate (the provider's programme workers), 404 otherwise; audited as a read."""
    found = (
        ProgrammeReferral.objects.visible_to(user)
        .select_related("programme__provider", "person_causing_harm__person", "referring_organisation", "case_manager")
        .filter(pk=referral_id)
        .first()
    )
    if found is None:
        raise Http404("No such programme referral.")
    return audit_read(action=VIEW, obj=found)


def queue_for(user: User, tab: str) -> ProgrammeReferralQuerySet:
    """The referrals in one tab of the queue, oldest first (closed: newest first)."""
    states = QUEUE_TABS[tab][1]
    rows = (
        ProgrammeReferral.objects.visible_to(user)
        .in_states(*states)
        .select_related("programme", "person_causing_harm__person")
    )
    return rows.order_by("-updated_at") if tab == "closed" else rows.order_by("created_at")


def queue_counts(user: User) -> dict[str, int]:
    """How many referrals each tab holds, in one query."""
    counts = ProgrammeReferral.objects.visible_to(user).aggregate(
        **{tab: Count("pk", filter=Q(current_state__in=states)) for tab, (_, states) in QUEUE_TABS.items()}
    )
    return {tab: int(counts[tab] or 0) for tab in QUEUE_TABS}


def referrals_to_triage_count(user: User) -> int:
    """My work: the referrals waiting to be triaged (the queue's "To triage" tab), in one query."""
    return ProgrammeReferral.objects.visible_to(user).to_triage().count()


def referral_history(referral: ProgrammeReferral) -> QuerySet[ProgrammeReferralStatus]:
    return referral.statuses.select_related("created_by").order_by("created_at")


@dataclass(frozen=True)
class SessionLine:
    session: ProgrammeSession
    outcome: str  # "" when not recorded


def referral_sessions(referral: ProgrammeReferral) -> list[SessionLine]:
    """The referral's sessions (the group's, or its own one-to-one ones), oldest first, with the newest
    attendance outcome recorded for each."""
    sessions = ProgrammeSession.objects.filter(programme=referral.programme_id).filter(
        Q(referral__isnull=True) | Q(referral=referral)
    )
    newest: dict[object, str] = {}
    for row in Attendance.objects.filter(referral=referral).order_by("created_at"):
        newest[row.session_id] = row.outcome
    return [SessionLine(session, newest.get(session.pk, "")) for session in sessions.order_by("starts_at", "number")]


def referral_verdict(referral: ProgrammeReferral, lines: list[SessionLine]) -> AttendanceVerdict:
    """The attendance rule's verdict on the outcomes recorded so far."""
    return attendance_verdict(
        [line.outcome for line in lines if line.outcome],
        max_missed=referral.programme.max_missed,
        max_missed_in_a_row=referral.programme.max_missed_in_a_row,
    )


def latest_measures(referral: ProgrammeReferral) -> dict[str, dict[str, int]]:
    """Per timepoint, each behaviour's newest level (a later record supersedes an earlier one)."""
    found: dict[str, dict[str, int]] = {}
    for row in OutcomeMeasure.objects.filter(referral=referral).order_by("recorded_on", "created_at"):
        found.setdefault(row.timepoint, {})[row.behaviour] = row.level
    return found


def session_get_for(*, user: User, session_id: UUID) -> ProgrammeSession:
    found = (
        ProgrammeSession.objects.filter(programme__in=Programme.objects.run_by(user))
        .select_related("programme", "referral")
        .filter(pk=session_id)
        .first()
    )
    if found is None:
        raise Http404("No such session.")
    return found


def programme_sessions(programme: Programme) -> QuerySet[ProgrammeSession]:
    """A group programme's own sessions (one-to-one sessions are on each referral's page)."""
    return programme.programme_sessions.filter(referral__isnull=True).order_by("starts_at", "number")


def person_for_referral(*, user: User, person_causing_harm_id: UUID) -> PersonCausingHarm:
    """A person causing harm ``user`` may see (404 otherwise), for the refer-to-a-programme form."""
    found = (
        PersonCausingHarm.objects.visible_to(user).select_related("person").filter(pk=person_causing_harm_id).first()
    )
    if found is None:
        raise Http404("No such person causing harm.")
    return audit_read(action="programmes.person_causing_harm.view", obj=found)


@dataclass(frozen=True)
class HarmPageReferral:
    referral: ProgrammeReferral
    full: bool  # the user runs the programme (link to its page); else the referrer's view: state only


def referrals_of_person(user: User, person: PersonCausingHarm) -> list[HarmPageReferral]:
    """The person's programme referrals ``user`` may see: all of them for the provider's workers, the
    state only for the referring agency. One query for the rows plus one for which are the user's to run."""
    seen = ProgrammeReferral.objects.visible_to(user).filter(person_causing_harm=person)
    referred = ProgrammeReferral.objects.referred_by_visible_to(user).filter(person_causing_harm=person)
    rows = list(
        ProgrammeReferral.objects.filter(Q(pk__in=seen.values("pk")) | Q(pk__in=referred.values("pk")))
        .select_related("programme__provider")
        .order_by("-created_at")
    )
    full = set(seen.values_list("pk", flat=True))
    return [HarmPageReferral(referral, referral.pk in full) for referral in rows]


def audit_shown(referral: ProgrammeReferral) -> ProgrammeReferral:
    """Note that the page shows ``referral`` (its person's name), for the page's one audit entry."""
    return audit_read(action=VIEW, obj=referral)


def session_outcomes(session: ProgrammeSession) -> dict[object, str]:
    """Each referral's newest attendance outcome recorded at ``session``."""
    return {row.referral_id: row.outcome for row in Attendance.objects.filter(session=session).order_by("created_at")}


def court_orders_for(user: User, person: PersonCausingHarm) -> QuerySet[Order]:
    """The DAPOs and SPOs made against ``person`` that ``user`` may see (a court referral may name one)."""
    return Order.objects.visible_to(user).filter(respondent=person, order_type__in=COURT_ORDER_TYPES)
