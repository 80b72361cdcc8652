"""The demo's synthetic police extract: two years of domestic abuse incidents and crimes recorded by
"Chiltern Vale Constabulary (demo)", in the CSV format of docs/police-import.md.

Every name, date of birth and postcode is synthetic: Faker (en_GB) and ``random.Random`` with fixed seeds,
or the seeded demo's own (already synthetic) victims and people causing harm. It ties into the demo:
many of the demo cases' victims and people causing harm are in it, most spelled as the services spelled
them (they link automatically), some under police spellings (a nickname, a typing error, the day and
month swapped or a new postcode, which the model still links; a victim recorded without a date of birth,
the pairs a person must review), beside several hundred people the services do not know. One case of
the demo IDVA's (``walkthrough_case``) has a person causing harm who harmed another woman too: serial,
so the IDVA sees the flag on the case. Crimes have Home Office outcomes as a force would report them (most
for evidential difficulties or no suspect, about 8 in 100 charged), with the outcome's date and, for a charge
whose hearing has come, the court's result (the optional outcome columns).

``extract_rows`` is pure (what it is given in, rows out); ``demo_cases`` reads what it needs from a
seeded demo. ``police_extract.csv`` beside this module is the extract for the demo seeded with seed 42
and anchored at ``EXTRACT_ANCHOR`` (``manage.py demo_police_extract --reference`` writes it again; a test
checks it has not drifted). A demo anchored at another moment has its own dates of birth and days, so
``seed_demo`` makes the extract for its own anchor with the same code.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone
from faker import Faker

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.cases.models import Case, CaseParty, PartyRole
from vawg.core.dates import LONDON
from vawg.intelligence.imports.outcomes import CHARGED, OPTIONAL_COLUMNS
from vawg.intelligence.imports.police import COLUMNS as REQUIRED_COLUMNS
from vawg.intelligence.offences import NON_CRIME, OFFENCES
from vawg.nonprod.demo.data import DISTRICTS, IDVA_SERVICE, demo_email

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)  # the demo's extract has the optional outcome columns too
FORCE = "Chiltern Vale Constabulary (demo)"
EXTRACT_ANCHOR = datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)  # the demo "now" the shipped file is made for
EXTRACT_PATH = Path(__file__).with_name("police_extract.csv")
FILE_NAME = "chiltern-vale-demo-extract.csv"
IMPORTED_HOURS_AGO = 4  # the extract reaches the force's data up to the day it is imported, four hours ago
DAYS = 730
# People causing harm the services do not know: three for each demo case in the extract's reach, within
# bounds (a small test demo gets a small extract).
POLICE_ONLY_PER_CASE, POLICE_ONLY_MIN, POLICE_ONLY_MAX = 3, 30, 380
DEMO_SHARE = 0.6  # of the demo cases with a person causing harm, the share whose people are in the extract
SERIAL_DEMO = 3  # demo people causing harm (besides the walkthrough case's) who harmed someone else too
# Police spellings of people the services know: (variant, whose, how many). A nickname, a typing error,
# the day and month swapped or a new postcode still link automatically; a victim without a date of birth
# (the services hold no victim's postcode), with a nickname or not, mostly waits for a person to review.
EITHER, VICTIM, PERPETRATOR = "either", "victim", "perpetrator"
VARIANTS = (
    ("nickname", EITHER, 2),
    ("typo", EITHER, 2),
    ("swapped", EITHER, 2),
    ("nickname+moved", PERPETRATOR, 1),
    ("typo+moved", PERPETRATOR, 1),
    ("no-dob", VICTIM, 8),
    ("nickname+no-dob", VICTIM, 3),
)
NICKNAMES = {
    "Alexander": "Alex", "Andrew": "Andy", "Anthony": "Tony", "Benjamin": "Ben", "Christopher": "Chris",
    "Daniel": "Dan", "David": "Dave", "Edward": "Ed", "Gregory": "Greg", "James": "Jim", "Jonathan": "Jon",
    "Joseph": "Joe", "Kenneth": "Ken", "Leonard": "Len", "Matthew": "Matt", "Michael": "Mike",
    "Nicholas": "Nick", "Patrick": "Pat", "Peter": "Pete", "Richard": "Rick", "Robert": "Bob", "Ronald": "Ron",
    "Samuel": "Sam", "Stephen": "Steve", "Steven": "Steve", "Thomas": "Tom", "Timothy": "Tim",
    "William": "Bill", "Abigail": "Abi", "Alexandra": "Alex", "Catherine": "Cath", "Charlotte": "Charlie",
    "Deborah": "Debbie", "Elizabeth": "Liz", "Eleanor": "Ellie", "Jacqueline": "Jackie", "Jennifer": "Jen",
    "Jessica": "Jess", "Josephine": "Jo", "Katherine": "Kate", "Kathryn": "Kate", "Margaret": "Maggie",
    "Natalie": "Nat", "Patricia": "Trish", "Rebecca": "Becky", "Samantha": "Sam", "Susan": "Sue",
    "Victoria": "Vicky",
}  # fmt: skip
# Offence mixes (code: weight); NC is an incident that is not a crime.
STANDARD = {
    NON_CRIME: 40, "105A": 18, "8N": 7, "8U": 7, "8L": 5, "8R": 5, "L-THR": 4, "L-CDO": 3, "58A": 2,
    "L-BNMO": 2, "L-BRO": 1, "L-BDVPO": 1, "8Q": 1.5, "L-STFV": 0.5, "L-PFV": 0.5, "3B": 0.5, "L-PSI": 0.5,
    "L-NFS": 0.5, "L-SEXA": 0.3, "L-BSHPO": 0.2, "L-CHILD": 0.3, "L-BURG": 0.3,
}  # fmt: skip
HIGH_HARM = {
    NON_CRIME: 8, "8N": 18, "5D": 7, "L-GBH": 7, "L-NFS": 12, "19C": 7, "L-RAPE": 2, "20A": 5, "3B": 8,
    "8U": 10, "L-STFV": 5, "L-KIDN": 3, "L-ARS": 2, "2": 1, "L-BURG": 2, "L-BRO": 3,
}  # fmt: skip
# Home Office outcomes of crimes: most end for evidential difficulties (14, 15, 16) or with no suspect (18);
# about 8 in 100 are charged or summonsed (1).
OUTCOMES = {"1": 8, "2": 1, "3": 2, "8": 2, "9": 1, "10": 1, "12": 1, "14": 20, "15": 22, "16": 32, "18": 5,
            "20": 2, "21": 2, "22": 1}  # fmt: skip
UNDER_INVESTIGATION_DAYS = 60  # a crime this recent often has no outcome yet
STILL_INVESTIGATED = 0.03  # of older crimes, the share still without an outcome (a long investigation)
# Days from the incident to its outcome (low, high) by outcome, and from a charge to the court's result.
DAYS_TO_OUTCOME = {CHARGED: (14, 150), "15": (30, 240), "14": (5, 90), "16": (7, 120), "18": (5, 60)}
OTHER_DAYS_TO_OUTCOME = (10, 180)
DAYS_TO_COURT = (30, 300)
# Court results of the charged whose hearing has come: about 8 in 10 convicted.
COURT_RESULTS = {"convicted": 80, "acquitted": 12, "discontinued": 6, "other": 2}


@dataclass(frozen=True)
class Someone:
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str = ""


@dataclass(frozen=True)
class DemoCase:
    """What the extract takes from one seeded case: its victim and (first) person causing harm."""

    reference: str
    opened_on: date
    district: str
    victim: Someone
    harm: Someone


@dataclass
class Offender:
    """A person causing harm in the extract: their force reference and details, their victims (force
    reference and details) and how many incidents."""

    ref: str
    person: Someone
    district: str
    victims: list[tuple[str, Someone]]
    mix: Mapping[str, float]
    incidents: int
    around: date | None = None  # the demo case's opening: the first incident is just before it
    reference: str = ""  # the demo case's


def imported_at(anchor: datetime) -> datetime:
    """When the demo imports its extract (the extract's last day is that moment's date)."""
    return anchor - timedelta(hours=IMPORTED_HOURS_AGO)


def demo_extract(*, seed: int, anchor: datetime) -> tuple[bytes, str]:
    """The extract for the demo seeded in this database and anchored at ``anchor``, and the reference of
    its walkthrough case."""
    today = timezone.localdate(imported_at(anchor))
    idva = User.objects.get(email=demo_email(Role.IDVA))
    walkthrough = walkthrough_case(idva=idva, today=today)
    rows = extract_rows(seed=seed, today=today, cases=demo_cases(), walkthrough=walkthrough)
    return extract_csv(rows), walkthrough


def demo_cases() -> list[DemoCase]:
    """Every seeded case with a current person causing harm (the first one added), by reference."""
    parties = (
        CaseParty.objects.current()
        .filter(role=PartyRole.PERSON_CAUSING_HARM)
        .select_related("person", "case__victim", "case__district")
        .order_by("case__reference", "added_at", "id")
    )
    found: dict[str, DemoCase] = {}
    for party in parties:
        case, harm = party.case, party.person
        if case.reference in found:
            continue
        victim = case.victim
        found[case.reference] = DemoCase(
            reference=case.reference,
            opened_on=case.created_at.astimezone(LONDON).date(),
            district=case.district.name if case.district else DISTRICTS[0],
            victim=Someone(victim.given_name, victim.family_name, victim.date_of_birth),
            harm=Someone(harm.given_name, harm.family_name, harm.date_of_birth, harm.postcode),
        )
    return list(found.values())


def walkthrough_case(*, idva: User, today: date) -> str:
    """The reference of the case whose person causing harm the extract makes serial: the latest case the
    demo IDVA's service owns and the IDVA may open, opened at least 60 days before ``today`` and still
    open, with a person causing harm aged 16 or over ("" when the demo has none)."""
    with_harm = CaseParty.objects.current().filter(role=PartyRole.PERSON_CAUSING_HARM).values("case_id")
    latest = today - timedelta(days=60)
    cases = (
        Case.objects.visible_to(idva)
        .open()
        .filter(owning_organisation__name=IDVA_SERVICE, pk__in=with_harm, created_at__date__lte=latest)
        .order_by("-created_at", "-reference")
    )
    for case in cases:
        harm = case.parties.current().filter(role=PartyRole.PERSON_CAUSING_HARM).order_by("added_at").first()
        born = harm.person.date_of_birth if harm is not None else None
        if born is not None and (today - born).days > 16 * 366:
            return case.reference
    return ""


# The extract (pure) ------------------------------------------------------------------------------------


def extract_rows(*, seed: int, today: date, cases: Sequence[DemoCase], walkthrough: str) -> list[dict[str, str]]:
    """The extract's rows, oldest first: the demo cases' people (some under police spellings) and the
    force's own people causing harm and victims."""
    rng = random.Random(f"police-extract-{seed}")  # noqa: S311 (synthetic demo data)
    fake = Faker("en_GB")
    fake.seed_instance(seed * 7919 + 6)  # a stream of its own
    refs = _Refs()
    offenders = _demo_offenders(rng, fake, refs, cases, walkthrough, today)
    strangers = min(POLICE_ONLY_MAX, max(POLICE_ONLY_MIN, POLICE_ONLY_PER_CASE * len(cases)))
    offenders += [_police_only(rng, fake, refs, today) for _ in range(strangers)]
    start = today - timedelta(days=DAYS - 1)
    incidents: list[tuple[date, Offender, tuple[str, Someone], str, str]] = []
    for offender in offenders:
        for day, encountered in _encounters(rng, offender, start, today):
            code = _weighted(rng, offender.mix)
            incidents.append((day, offender, encountered, code, _outcome(rng, code, day, today)))
    incidents.sort(key=lambda incident: (incident[0], incident[1].ref, incident[2][0]))
    # A stream of its own for the outcome dates and court results, so the rest of the extract stays as it was.
    later = random.Random(f"police-extract-outcomes-{seed}")  # noqa: S311 (synthetic demo data)
    rows: list[dict[str, str]] = []
    numbers: dict[int, int] = {}
    for day, offender, (victim_ref, victim), code, drawn in incidents:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        outcome, details = _outcome_details(later, drawn, day, today)
        rows.append(
            {
                "incident_id": f"CV-{day.year}-{numbers[day.year]:05d}",
                "occurred_on": _uk(day),
                "offence_code": code,
                "outcome_code": outcome,
                "district": offender.district,
                "perpetrator_force_ref": offender.ref,
                "perpetrator_given_name": offender.person.given_name,
                "perpetrator_family_name": offender.person.family_name,
                "perpetrator_date_of_birth": _uk(offender.person.date_of_birth),
                "perpetrator_postcode": offender.person.postcode,
                "victim_force_ref": victim_ref,
                "victim_given_name": victim.given_name,
                "victim_family_name": victim.family_name,
                "victim_date_of_birth": _uk(victim.date_of_birth),
                "victim_postcode": victim.postcode,
                **details,
            }
        )
    return rows


def _outcome_details(rng: random.Random, outcome: str, day: date, today: date) -> tuple[str, dict[str, str]]:
    """The outcome (a few older crimes still without one) and its date, and a charge's court result and date
    once the hearing has come (none before)."""
    details = dict.fromkeys(OPTIONAL_COLUMNS, "")
    if not outcome:
        return outcome, details
    if (today - day).days >= UNDER_INVESTIGATION_DAYS and rng.random() < STILL_INVESTIGATED:
        return "", details
    low, high = DAYS_TO_OUTCOME.get(outcome, OTHER_DAYS_TO_OUTCOME)
    outcome_on = min(today, day + timedelta(days=rng.randint(low, high)))
    details["outcome_date"] = _uk(outcome_on)
    if outcome == CHARGED:
        court_on = outcome_on + timedelta(days=rng.randint(*DAYS_TO_COURT))
        if court_on <= today:
            details["court_result"] = _weighted(rng, COURT_RESULTS)
            details["court_result_date"] = _uk(court_on)
    return outcome, details


def extract_csv(rows: Sequence[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class _Refs:
    """Force references: P for people causing harm, V for victims, numbered as they are met."""

    def __init__(self) -> None:
        self.count = {"P": 0, "V": 0}

    def next(self, kind: str) -> str:
        self.count[kind] += 1
        return f"CVC-{kind}{self.count[kind]:06d}"


def _weighted(rng: random.Random, options: Mapping[str, float]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else ""


def _born(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low * 365 + 30, high * 365 + 300))


def _stranger(rng: random.Random, fake: Faker, today: date, *, female: bool) -> Someone:
    """Someone the services do not know (a victim, or a person causing harm)."""
    given = fake.first_name_female() if female else fake.first_name_male()
    age = (16, 60) if female else (18, 65)
    born = _born(rng, today, *age) if rng.random() > 0.03 else None
    return Someone(given, fake.last_name(), born, fake.postcode())


def _profile(rng: random.Random) -> tuple[Mapping[str, float], int, int]:
    """(offence mix, incidents, victims): most once or twice against one victim; some repeat; a few
    serial; a few causing serious harm."""
    kind = _weighted(rng, {"once": 62, "repeat": 24, "serial": 8, "high-harm": 6})
    if kind == "once":
        return STANDARD, rng.choice((1, 1, 1, 2)), 1
    if kind == "repeat":
        return STANDARD, rng.randint(3, 7), 1
    if kind == "serial":
        return STANDARD, rng.randint(3, 6), rng.choice((2, 2, 3))
    return HIGH_HARM, rng.randint(2, 5), rng.choice((1, 1, 2))


def _police_only(rng: random.Random, fake: Faker, refs: _Refs, today: date) -> Offender:
    mix, incidents, victims = _profile(rng)
    female = rng.random() < 0.12
    offender = _stranger(rng, fake, today, female=female)
    return Offender(
        ref=refs.next("P"),
        person=offender,
        district=rng.choice(DISTRICTS),
        victims=[(refs.next("V"), _stranger(rng, fake, today, female=not female)) for _ in range(victims)],
        mix=mix,
        incidents=max(incidents, victims),
    )


def _demo_offenders(
    rng: random.Random, fake: Faker, refs: _Refs, cases: Sequence[DemoCase], walkthrough: str, today: date
) -> list[Offender]:
    """The demo cases' people in the extract: the walkthrough case's always (serial), and about
    ``DEMO_SHARE`` of the others, a few serial too; then the police spellings of a few."""
    chosen = [case for case in cases if case.reference == walkthrough or rng.random() < DEMO_SHARE]
    serial = {walkthrough, *rng.sample([c.reference for c in chosen if c.reference != walkthrough], SERIAL_DEMO)}
    offenders: list[Offender] = []
    for case in chosen:
        mix, incidents, _ = _profile(rng)
        victims = [(refs.next("V"), replace(case.victim, postcode=fake.postcode()))]
        if case.reference in serial:
            victims.append((refs.next("V"), _stranger(rng, fake, today, female=True)))
        offenders.append(
            Offender(
                ref=refs.next("P"),
                person=case.harm,
                district=case.district,
                victims=victims,
                mix=STANDARD if case.reference == walkthrough else mix,
                incidents=max(incidents, len(victims) + 1),
                around=case.opened_on,
                reference=case.reference,
            )
        )
    _spell(rng, fake, [o for o in offenders if o.reference != walkthrough and o.around is not None])
    return offenders


def _spell(rng: random.Random, fake: Faker, offenders: list[Offender]) -> None:
    """Give a few of the demo's people the police's own spelling (``VARIANTS``)."""
    spare = list(offenders)
    rng.shuffle(spare)
    for variant, side, wanted in VARIANTS:
        made = 0
        for offender in list(spare):
            if made == wanted:
                break
            victim_side = rng.random() < 0.5 if side == EITHER else side == VICTIM
            ref, person = offender.victims[0] if victim_side else (offender.ref, offender.person)
            spelled = _variant(rng, fake, variant, person)
            if spelled is None:
                continue
            if victim_side:
                offender.victims[0] = (ref, spelled)
            else:
                offender.person = spelled
            spare.remove(offender)
            made += 1


def _variant(rng: random.Random, fake: Faker, variant: str, person: Someone) -> Someone | None:
    """``person`` spelled as ``variant`` says (parts joined by "+" all apply), or None when it cannot be."""
    spelled: Someone | None = person
    for part in variant.split("+"):
        spelled = _one_variant(rng, fake, part, spelled) if spelled is not None else None
    return spelled


def _one_variant(rng: random.Random, fake: Faker, variant: str, person: Someone) -> Someone | None:
    born, name = person.date_of_birth, person.family_name
    if variant == "nickname" and person.given_name in NICKNAMES:
        return replace(person, given_name=NICKNAMES[person.given_name])
    if variant == "typo":
        # Two neighbouring letters typed the wrong way round (never the first letter).
        places = [at for at in range(1, len(name) - 1) if name[at : at + 2].isalpha() and name[at] != name[at + 1]]
        if not places:
            return None
        at = rng.choice(places)
        return replace(person, family_name=name[:at] + name[at + 1] + name[at] + name[at + 2 :])
    if variant == "no-dob" and born is not None:
        return replace(person, date_of_birth=None)
    if variant == "swapped" and born is not None and born.day <= 12 and born.day != born.month:
        return replace(person, date_of_birth=date(born.year, born.day, born.month))
    if variant == "moved" and person.postcode:
        return replace(person, postcode=fake.postcode())
    return None


def _encounters(
    rng: random.Random, offender: Offender, start: date, today: date
) -> list[tuple[date, tuple[str, Someone]]]:
    """Each incident's day and victim: with a demo case, the first just before the case was opened; with a
    second victim, that relationship's incidents come after the first's."""
    span = (today - start).days
    days: list[date] = []
    if offender.around is not None and start <= offender.around <= today:
        days.append(max(start, offender.around - timedelta(days=rng.randint(0, 21))))
    while len(days) < offender.incidents:
        days.append(start + timedelta(days=rng.randint(0, span)))
    days.sort()
    victims = offender.victims
    if len(victims) == 1:
        return [(day, victims[0]) for day in days]
    # Split the days between the victims in order (each has at least one).
    cuts = sorted(rng.sample(range(1, len(days)), len(victims) - 1))
    bounds = [0, *cuts, len(days)]
    return [(day, victims[n]) for n in range(len(victims)) for day in days[bounds[n] : bounds[n + 1]]]


def _outcome(rng: random.Random, code: str, day: date, today: date) -> str:
    if code == NON_CRIME:
        return ""
    if code not in OFFENCES:
        raise ValueError(f"Offence code {code} is not in the configured list")
    if (today - day).days < UNDER_INVESTIGATION_DAYS and rng.random() < 0.6:
        return ""
    return _weighted(rng, OUTCOMES)
