"""The demo world through Django: personas, audit checks, sign-in, and the canaries planted before the
server starts."""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from report import ProbeError, check
from server import ROOT
from web import Client, Response, path_of

DEMO = "@demo.invalid"
PERSONAS = (
    "admin",
    "analyst",
    "marac-coordinator",
    "idva",
    "police",
    "social-worker",
    "health",
    "housing",
    "accommodation-manager",
    "programme-worker",
    "board",
    "commissioner",
)
# Each simulated client address is used by one probe only, so their throttles stay apart.
ADDRESS = {
    "personas": "10.77.1.{n}",
    "anonymous": "10.77.2.1",
    "api_flood": "10.77.3.1",
    "sign_in_flood": "10.77.3.2",
    "self_referral": "10.77.3.3",
    "lockout_a": "10.77.3.4",
    "lockout_b": "10.77.3.5",
    "headers": "10.77.3.6",
}
CANARY_PHONE = "+447700 900097"
CANARY_POSTCODE = "AL9 7ZQ"
CANARY_EMAIL = "probe.canary.7731@example.invalid"
# The spellings a location-critical value may take in free text; none may reach a MARAC page.
CANARY_SPELLINGS = (
    "07700 900097",
    "07700-900097",
    "+44 7700 900097",
    "+447700 900097",
    "07700900097",
    "447700900097",
    "7700 900097",
    "al97zq",
    "AL9 7ZQ",
    CANARY_EMAIL.upper(),
)
CANARY_MARK = "PROBECANARY7731"

# --- Django (setup and audit checks only) ---------------------------------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def user(role: str) -> Any:
    from vawg.accounts.models import User

    return User.objects.get(email=f"{role}{DEMO}")


def audit_mark() -> int:
    from django.db.models import Max

    from vawg.audit.models import AuditEntry

    return int(AuditEntry.objects.aggregate(top=Max("seq"))["top"] or 0)


def audit_since(mark: int, **filters: Any) -> list[Any]:
    from vawg.audit.models import AuditEntry

    return list(AuditEntry.objects.filter(seq__gt=mark, **filters).order_by("seq"))


def totp_code(email: str) -> str:
    """The code the persona's authenticator shows now, or the next one if now's was used (django-otp
    accepts one step either side and never a step already used). Read from the device in the database,
    as `make totp` does."""
    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for _ in range(3):
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        check(device is not None, f"{email} has no confirmed authenticator")
        now_t = (int(time.time()) - device.t0) // device.step + device.drift
        for t in (now_t, now_t + 1):
            if t > device.last_t and abs(t - now_t) <= device.tolerance:
                return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.2)
    raise ProbeError(f"no unused code for {email}")


def age_code(client: Client, seconds: int) -> None:
    """Make the session's last code entry ``seconds`` older (setup through the session store, to test
    step-up without waiting five minutes)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from vawg.accounts.session_keys import CODE_AT_KEY

    key = next((c.value for c in client.jar if c.name == settings.SESSION_COOKIE_NAME), None)
    check(key is not None, "no session cookie")
    session = SessionStore(session_key=key)
    check(CODE_AT_KEY in session, "the session holds no code time")
    session[CODE_AT_KEY] = float(session[CODE_AT_KEY]) - seconds
    session.save()


# --- Sign-in ------------------------------------------------------------------------------------


def password_step(client: Client, email: str, password: str) -> Response:
    page = client.get("/sign-in/")
    check(page.status == 200, f"GET /sign-in/ answered {page.status}")
    return client.submit("/sign-in/", {"email": email, "password": password}, page=page)


def sign_in(base: str, role: str, password: str, address: str) -> Client:
    email = f"{role}{DEMO}"
    client = Client(base, address)
    first = password_step(client, email, password)
    check(
        first.status == 302 and path_of(first.location) == "/sign-in/code/",
        f"{email}: the password step answered {first.status} {first.location or ''}",
    )
    page = client.get("/sign-in/code/")
    done = client.submit("/sign-in/code/", {"code": totp_code(email)}, page=page)
    check(done.status == 302, f"{email}: the code step answered {done.status}")
    home = client.get("/home/")
    check(home.status == 200, f"{email}: /home/ answered {home.status} after sign-in")
    return client


def confirm_code(client: Client, email: str) -> None:
    """Go through "Confirm it is you" with a fresh code (step-up before a sensitive step)."""
    page = client.get("/account/confirm-code/")
    check(page.status == 200, f"{email}: /account/confirm-code/ answered {page.status}")
    done = client.submit("/account/confirm-code/", {"code": totp_code(email)}, page=page)
    check(done.status == 302, f"{email}: the confirm-code step answered {done.status}")


# --- Planting (ORM and services, before the server starts) ---------------------------------------


@dataclass
class Plants:
    deny_case: Any = None
    restricted_case: Any = None
    made_up_reference: str = ""
    canary_action: Any = None
    canary_meeting_ids: list[Any] = field(default_factory=list)
    marac_restricted_item: Any = None
    marac_restricted_viewer: str = ""
    grant_case: Any = None
    grant_roles: list[str] = field(default_factory=list)
    reveal_case: Any = None


def _cases_owned_by(role: str, *, exclude: Iterable[Any] = ()) -> Any:
    from vawg.cases.models import Case

    persona = user(role)
    return (
        Case.objects.managed_by(persona)
        .filter(is_restricted=False)
        .exclude(pk__in=[c.pk for c in exclude if c is not None])
        .order_by("reference")
    )


def _manager_of(case: Any) -> Any:
    """A user who may manage ``case`` (a holder of cases.manage_case at the owning agency)."""
    from vawg.accounts.models import User
    from vawg.cases.models import Case

    for candidate in User.objects.filter(memberships__organisation=case.owning_organisation_id).distinct():
        if Case.objects.managed_by(candidate).filter(pk=case.pk).exists():
            return candidate
    raise ProbeError(f"nobody may manage case {case.reference}")


def plant() -> Plants:
    from django.utils import timezone

    from vawg.cases import services as case_services
    from vawg.cases.models import Case, LawfulBasis
    from vawg.core.models import save_valid
    from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MeetingAgency, MeetingState

    plants = Plants()
    idva, police = user("idva"), user("police")

    # Break-glass: a case police is deny-listed from, a restricted case, a reference that does not exist.
    owned = list(_cases_owned_by("idva")[:4])
    check(len(owned) >= 4, "the demo has too few IDVA cases to plant on")
    plants.deny_case, plants.restricted_case, plants.grant_case, plants.reveal_case = owned
    case_services.case_deny_add(
        case=plants.deny_case, user=police, reason="Probe: the officer knows the family", by=idva
    )
    case_services.case_restrict(case=plants.restricted_case, reason="Probe: the victim works for a partner", by=idva)
    year = timezone.localdate().year
    while True:
        reference = f"C-{year}-{secrets.randbelow(900000) + 100000:06d}"
        if not Case.objects.filter(reference=reference).exists():
            plants.made_up_reference = reference
            break

    # Reveal: housing and social care see a case only through a grant.
    from vawg.accounts.models import Membership

    for role in ("housing", "social-worker"):
        organisation = Membership.objects.active().filter(user=user(role)).first().organisation
        case_services.case_grant_access(
            case=plants.grant_case,
            organisation=organisation,
            by=idva,
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            reason="Probe: housing and social care need to see this case",
            expires_at=timezone.now() + timedelta(days=30),
        )
        plants.grant_roles.append(role)

    # Redaction: an outstanding action, from a meeting with minutes published, full of the victim's
    # contact details spelled other ways (the victim's phone is stored as +447700 900097).
    coordinator = user("marac-coordinator")
    action = (
        MaracAction.objects.visible_to(coordinator)
        .visible_to(police)
        .filter(
            current_state__in=["open", "in-progress"],
            agenda_item__meeting__current_state=MeetingState.MINUTES_PUBLISHED,
            agenda_item__marac_referral__case__is_restricted=False,
        )
        .select_related("agenda_item__meeting", "agenda_item__marac_referral__case__victim")
        .order_by("-agenda_item__meeting__starts_at")
        .first()
    )
    check(action is not None, "no outstanding action from a published meeting visible to coordinator and chair")
    victim = action.agenda_item.marac_referral.case.victim
    victim.phone, victim.postcode, victim.email = CANARY_PHONE, CANARY_POSTCODE, CANARY_EMAIL
    save_valid(victim)
    spelled = (
        f"{CANARY_MARK} call her on 07700 900097, or 07700-900097, or +44 7700 900097, or 07700900097; "
        f"she is at al97zq; write to {CANARY_EMAIL.upper()}"
    )
    action.description = spelled
    save_valid(action)
    item = action.agenda_item
    item.risks_identified = f"{item.risks_identified} {spelled}".strip()
    item.conclusion = f"{item.conclusion} {spelled}".strip()
    save_valid(item)
    plants.canary_action = action
    later = MaracMeeting.objects.filter(
        area=item.meeting.area,
        starts_at__gt=item.meeting.starts_at,
        current_state__in=[MeetingState.AGENDA_PUBLISHED, MeetingState.SCHEDULED],
    )
    plants.canary_meeting_ids = [item.meeting_id, *later.values_list("pk", flat=True)]

    # MARAC: a restricted case listed at the next meeting (agenda published); an invited agency's
    # persona who is not on the case team must not see the victim's name.
    candidates = ("housing", "health", "social-worker", "accommodation-manager", "programme-worker")
    meetings = MaracMeeting.objects.filter(current_state=MeetingState.AGENDA_PUBLISHED)
    for meeting in meetings:
        invited = set(MeetingAgency.objects.filter(meeting=meeting).values_list("organisation_id", flat=True))
        for role in candidates:
            persona = user(role)
            agencies = set(Membership.objects.active().filter(user=persona).values_list("organisation_id", flat=True))
            if not agencies & invited:
                continue
            items = AgendaItem.objects.filter(meeting=meeting).exclude(
                marac_referral__case__in=[
                    plants.deny_case,
                    plants.restricted_case,
                    plants.grant_case,
                    plants.reveal_case,
                ]
            )
            for listed in items.select_related("marac_referral__case"):
                case = listed.marac_referral.case
                if case.team.filter(user=persona).exists():
                    continue
                if not case.is_restricted:
                    case_services.case_restrict(
                        case=case, reason="Probe: the victim's partner works for an agency", by=_manager_of(case)
                    )
                plants.marac_restricted_item, plants.marac_restricted_viewer = listed, role
                return plants
    raise ProbeError("no meeting with a published agenda to which a persona's agency is invited")
