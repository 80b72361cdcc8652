"""Planning the synthetic demo referrals: pure draws from a seeded ``random.Random`` and Faker (en_GB).

Nothing here touches the database; vawg/nonprod/demo/referrals.py makes each plan through the services.
Every name, date of birth, phone number, email and address is synthetic (Faker, seeded): nobody is real.
``random`` is used for synthetic data only, never for anything secret (hence the S311 exemptions).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from faker import Faker

from vawg.accounts.models import District
from vawg.accounts.roles import Role
from vawg.people.models import Channel, Gender, SafeStatus
from vawg.referrals.models import (
    DOMESTIC_ABUSE_FORMS,
    Consent,
    FormOfAbuse,
    Need,
    ReferralSource,
    ReferralState,
    RiskGrade,
    RiskTool,
    SubjectRole,
    Urgency,
)
from vawg.referrals.services.intake import ReferralInput, SafeContactInput
from vawg.risk.rules import DASH_ITEM_NUMBERS, Answer

REFERRALS = 300
RECENT = 16  # of which made in the last fortnight (some still waiting, a few overdue)
# Of recent referrals still waiting to be triaged (not high risk), the share made before consent was asked.
CONSENT_LATER_SHARE = 0.5
DAYS = 760  # about 25 months: two years of MARAC meetings have cases to hear
# Forms of abuse the SafeLives DASH is used for (domestic abuse, stalking and harassment, honour-based abuse).
DASH_FORMS = DOMESTIC_ABUSE_FORMS | {FormOfAbuse.STALKING, FormOfAbuse.HARASSMENT, FormOfAbuse.HONOUR_BASED_ABUSE,
                                     FormOfAbuse.FORCED_MARRIAGE}  # fmt: skip
F = FormOfAbuse
DECLINE_REASONS = (
    "Already supported by another service in the partnership",
    "Outside the service's criteria: signposted to the helpline",
    "No contact possible after three attempts on safe numbers",
    "The person told us they do not want support at present",
)
NOTES = (
    "Safety plan reviewed and agreed. Next contact at the agreed safe time.",
    "Discussed options for a non-molestation order; solicitor details given.",
    "Call made at the safe time; client well and engaging.",
    "Housing options explored; referral to the district housing team discussed.",
    "Client asked for contact by letter only for the next fortnight.",
    "Support with a benefits claim arranged.",
)


@dataclass
class Plan:
    number: int
    at: datetime
    source: str
    subject_role: str
    referrer: Role | None
    data: ReferralInput
    outcome: str
    repeat_of: int | None = None
    extras: dict[str, Any] = field(default_factory=dict)


# Planning (pure: random draws only) ----------------------------------------------------------------


def _weighted(rng: random.Random, options: dict[str, float]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _forms(rng: random.Random, under_18: bool) -> list[str]:
    kind = _weighted(
        rng,
        {"da": 0.7 if not under_18 else 0.2, "sv": 0.1 if not under_18 else 0.3, "stalking": 0.06,
         "hp": 0.025 if not under_18 else 0.15, "trafficking": 0.03 if not under_18 else 0.2,
         "tech": 0.04, "spiking": 0.05},
    )  # fmt: skip
    if kind == "da":
        forms = [F.DOMESTIC_ABUSE]
        for extra, chance in ((F.COERCIVE_CONTROL, 0.55), (F.ECONOMIC_ABUSE, 0.15), (F.STALKING, 0.1),
                              (F.TECHNOLOGY, 0.1), (F.SEXUAL_VIOLENCE, 0.08)):  # fmt: skip
            if rng.random() < chance:
                forms.append(extra)
        return [str(f) for f in forms]
    single = {
        "sv": [F.SEXUAL_VIOLENCE],
        "stalking": [F.STALKING, F.HARASSMENT] if rng.random() < 0.5 else [F.STALKING],
        "hp": [rng.choice([F.HONOUR_BASED_ABUSE, F.FORCED_MARRIAGE, F.FGM])],
        "trafficking": [F.TRAFFICKING],
        "tech": [F.TECHNOLOGY, F.HARASSMENT],
        "spiking": [F.SPIKING],
    }[kind]
    return [str(f) for f in single]


def _risk(rng: random.Random, referrer: Role | None, forms: list[str]) -> tuple[str, str, int | None]:
    """(tool, grade, score): about 55% standard, 30% medium, 15% high among assessed referrals."""
    if referrer is None or not set(forms) & DASH_FORMS:
        return RiskTool.NONE, RiskGrade.NOT_ASSESSED, None
    if referrer != Role.POLICE and rng.random() < 0.15:
        return RiskTool.NONE, RiskGrade.NOT_ASSESSED, None
    grade = _weighted(rng, {RiskGrade.STANDARD: 0.55, RiskGrade.MEDIUM: 0.30, RiskGrade.HIGH: 0.15})
    score = dash_score(rng, grade)
    if referrer == Role.POLICE:
        return (RiskTool.DARA, grade, None) if rng.random() < 0.7 else (RiskTool.POLICE_DASH, grade, score)
    return RiskTool.SAFELIVES_DASH, grade, score


def dash_score(rng: random.Random, grade: str) -> int:
    """A DASH score in the default band for ``grade`` (standard 0-9, medium 10-13, high 14+)."""
    bands: dict[str, tuple[int, int]] = {
        RiskGrade.STANDARD: (2, 9),
        RiskGrade.MEDIUM: (10, 13),
        RiskGrade.HIGH: (14, 20),
    }
    low, high = bands[grade]
    return rng.randint(low, high)


def _safe_contact(rng: random.Random, fake: Faker) -> SafeContactInput:
    channels = {
        str(channel): _weighted(rng, {SafeStatus.SAFE: 0.4, SafeStatus.UNSAFE: 0.3, SafeStatus.NOT_KNOWN: 0.3})
        for channel in (Channel.PHONE_CALL, Channel.SMS, Channel.EMAIL, Channel.LETTER, Channel.VOICEMAIL)
    }
    start = rng.choice((9, 10, 13))
    return SafeContactInput(
        channels=channels,
        safe_from=time(start),
        safe_until=time(start + 2),
        code_word=fake.word(),
        what_may_be_said="Say you are calling from the surgery.",
    )


def _person(rng: random.Random, fake: Faker, *, role: str, under_18: bool, today: date) -> dict[str, object]:
    if role == SubjectRole.PERPETRATOR:
        gender = _weighted(rng, {Gender.MALE: 0.85, Gender.FEMALE: 0.12, Gender.NON_BINARY: 0.03})
    else:
        gender = _weighted(rng, {Gender.FEMALE: 0.9, Gender.MALE: 0.08, Gender.NON_BINARY: 0.02})
    given = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
    age = rng.randint(13, 17) if under_18 else min(85, int(rng.triangular(18, 75, 30)))
    born = today - timedelta(days=age * 365 + rng.randint(30, 330))
    return {"given_name": given, "family_name": fake.last_name(), "date_of_birth": born, "gender": gender}


def plan_referrals(*, seed: int, now: datetime, districts: list[District]) -> list[Plan]:
    """The demo referrals for ``seed``, oldest first (pure: draws from the seed only)."""
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data)
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1)
    today = timezone.localdate(now)
    plans: list[Plan] = []
    for number in range(REFERRALS):
        days_ago = rng.uniform(0.2, 14) if number < RECENT else rng.uniform(14, DAYS)
        moment = now - timedelta(days=days_ago)
        moment = moment.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))
        if moment >= now:
            moment = now - timedelta(hours=2)
        source = _weighted(
            rng, {ReferralSource.PROFESSIONAL: 0.84, ReferralSource.SELF: 0.13, ReferralSource.PERPETRATOR_SELF: 0.03}
        )
        role = SubjectRole.PERPETRATOR if source == ReferralSource.PERPETRATOR_SELF else SubjectRole.VICTIM
        under_18 = role == SubjectRole.VICTIM and source == ReferralSource.PROFESSIONAL and rng.random() < 0.07
        referrer: Role | None = None
        if source == ReferralSource.PROFESSIONAL:
            referrer = (
                Role.SOCIAL_WORKER
                if under_18
                else Role(
                    _weighted(rng, {Role.POLICE: 0.45, Role.HEALTH: 0.2, Role.SOCIAL_WORKER: 0.15, Role.HOUSING: 0.2})
                )
            )
        forms = [str(F.DOMESTIC_ABUSE)] if role == SubjectRole.PERPETRATOR else _forms(rng, under_18)
        tool, grade, score = _risk(rng, referrer, forms)
        person = _person(rng, fake, role=role, under_18=under_18, today=today)
        if F.FGM in forms:
            person["gender"] = Gender.FEMALE
        children = (rng.randint(1, 3) if rng.random() < 0.4 else 0) if not under_18 else 0
        professional = source == ReferralSource.PROFESSIONAL
        without_consent = professional and grade == RiskGrade.HIGH and rng.random() < 0.3
        data = ReferralInput(
            **person,  # type: ignore[arg-type]
            district=rng.choice(districts),
            phone=fake.cellphone_number(),
            email=fake.safe_email() if rng.random() < 0.6 else "",
            subject_role=role,
            forms_of_abuse=forms,
            children_in_household=children,
            children_details=f"{children} child(ren) at home" if children else "",
            consent=Consent.NOT_GIVEN_LAWFUL_BASIS if without_consent else Consent.GIVEN,
            lawful_basis="vital-interests" if without_consent else "",
            consent_reason="High risk of serious harm; telling the person causing harm would raise it"
            if without_consent
            else "",
            safe_contact=_safe_contact(rng, fake),
            risk_tool=tool,
            risk_score=score,
            risk_grade=grade,
            needs=sorted(rng.sample([str(n) for n in Need if n != Need.OTHER], rng.randint(0, 3))),
            urgency=Urgency.URGENT if grade == RiskGrade.HIGH else Urgency.ROUTINE,
            details="Synthetic demo referral.",
        )
        if days_ago < 3:
            outcome = _weighted(
                rng, {ReferralState.SUBMITTED: 0.6, ReferralState.TRIAGED: 0.2, ReferralState.SENT: 0.2}
            )
        elif days_ago < 14 and rng.random() < 0.5:
            outcome = _weighted(
                rng, {ReferralState.SUBMITTED: 0.5, ReferralState.TRIAGED: 0.25, ReferralState.SENT: 0.25}
            )
        else:
            outcome = _weighted(
                rng, {ReferralState.ACCEPTED: 0.78, ReferralState.DECLINED: 0.12, ReferralState.WITHDRAWN: 0.10}
            )
        plan = Plan(number, moment, source, role, referrer, data, outcome)
        male = rng.random() < 0.85  # the person causing harm, for a case
        plan.extras = {
            "contact_hours": rng.uniform(2, 30) if grade == RiskGrade.HIGH else rng.uniform(8, 24 * 6),
            "incidents": rng.choice((0, 0, 0, 1, 2, 3, 4)) if set(forms) & DOMESTIC_ABUSE_FORMS else 0,
            "dash": rng.random() < 0.92,
            "notes": rng.randint(1, 3),
            "answers_seed": rng.random(),
            "under_18": under_18,
            "decline": rng.choice(DECLINE_REASONS),
            "perpetrator_gender": Gender.MALE if male else Gender.FEMALE,
            "perpetrator_given": fake.first_name_male() if male else fake.first_name_female(),
            "perpetrator_family": fake.last_name(),
            "perpetrator_address": fake.address(),
            "perpetrator_postcode": fake.postcode(),
        }
        plans.append(plan)
    _add_repeats_and_duplicates(rng, plans)
    _ask_consent_later(seed, plans)
    plans.sort(key=lambda p: p.at)
    return plans


def _ask_consent_later(seed: int, plans: list[Plan]) -> None:
    """Some recent professional referrals still waiting to be triaged (not high risk, so not bound for
    MARAC without consent) were made before the person was asked: they wait for consent. A generator of
    their own keeps every other draw, and so the rest of the demo, unchanged."""
    rng = random.Random(seed * 1_000_003)  # noqa: S311 (synthetic demo data)
    for plan in sorted(plans, key=lambda p: p.number):
        waiting = (
            plan.source == ReferralSource.PROFESSIONAL
            and plan.outcome == ReferralState.SUBMITTED
            and plan.data.risk_grade != RiskGrade.HIGH
            and plan.repeat_of is None
        )
        if waiting and rng.random() < CONSENT_LATER_SHARE:
            plan.data = replace(plan.data, consent=Consent.NOT_YET_ASKED, lawful_basis="", consent_reason="")


def _add_repeats_and_duplicates(rng: random.Random, plans: list[Plan]) -> None:
    """Ten repeats (the same victim referred again within 12 months, by the same agency, then linked)
    and five possible duplicates left for a person to check (same name and date of birth)."""
    older = [p for p in plans if p.source == ReferralSource.PROFESSIONAL and p.outcome == ReferralState.ACCEPTED]
    picks = rng.sample(older, min(15, len(older)))
    for index, first in enumerate(picks):
        later = [
            p
            for p in plans
            if p.source == ReferralSource.PROFESSIONAL
            and timedelta(days=20) < p.at - first.at < timedelta(days=330)
            and p.repeat_of is None
            and p not in picks
        ]
        if not later:
            continue
        second = rng.choice(later)
        same = {k: getattr(first.data, k) for k in ("given_name", "family_name", "date_of_birth", "gender", "district")}
        second.data = replace(second.data, **same)
        second.referrer = first.referrer
        second.repeat_of = first.number if index < 10 else None
        second.extras["duplicate_of"] = first.number
        if index < 10:
            second.outcome = ReferralState.ACCEPTED


def answers_for(seed: float, score: int) -> dict[int, Answer]:
    """24 answers with exactly ``score`` yeses (a few others not known)."""
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data)
    yes = set(rng.sample(DASH_ITEM_NUMBERS, score))
    rest = [n for n in DASH_ITEM_NUMBERS if n not in yes]
    not_known = set(rng.sample(rest, min(len(rest), rng.randint(0, 3))))
    return {n: Answer.YES if n in yes else Answer.NOT_KNOWN if n in not_known else Answer.NO for n in DASH_ITEM_NUMBERS}
