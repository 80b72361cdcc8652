"""Equality data for the demo's victims (part of ``manage.py seed_demo``, after the casework).

The intake does not ask equality questions, so without this step every demo victim is "not
recorded" and the MARAC return's equality lines are all 0. Each victim is given answers drawn
from the shares below with the demo's seed, recorded through the people service as the case's
worker would after asking her.

The shares are ILLUSTRATIVE, chosen to look like a county caseload, not measured: the ethnic
groups near the 2021 Census shares for Hertfordshire (ONS dataset TS021,
<https://www.ons.gov.uk/datasets/TS021/editions/2021>), disability higher than the Census's
one in six because disabled women were more than twice as likely as other women to experience domestic abuse in
the year to March 2020 (ONS, "Outcomes for disabled people in the UK: 2020",
<https://www.ons.gov.uk/peoplepopulationandcommunity/healthandsocialcare/disability/articles/outcomesfordisabledpeopleintheuk/2020>),
and a share of answers left "not recorded" or "prefer not to say", as in real records.
"""

from __future__ import annotations

import random

from vawg.cases.models import Case
from vawg.people.models import Disability, Ethnicity, SexualOrientation, TransStatus
from vawg.people.services import person_equality_record

NOT_RECORDED = ""

ETHNICITY: dict[str, float] = {
    Ethnicity.WHITE: 0.74,
    Ethnicity.ASIAN: 0.08,
    Ethnicity.BLACK: 0.05,
    Ethnicity.MIXED: 0.04,
    Ethnicity.OTHER: 0.02,
    Ethnicity.PREFER_NOT_TO_SAY: 0.02,
    NOT_RECORDED: 0.05,
}
DISABILITY: dict[str, float] = {
    Disability.YES: 0.24,
    Disability.NO: 0.62,
    Disability.PREFER_NOT_TO_SAY: 0.03,
    Disability.NOT_KNOWN: 0.04,
    NOT_RECORDED: 0.07,
}
SEXUAL_ORIENTATION: dict[str, float] = {
    SexualOrientation.STRAIGHT: 0.84,
    SexualOrientation.GAY_OR_LESBIAN: 0.02,
    SexualOrientation.BISEXUAL: 0.03,
    SexualOrientation.OTHER: 0.01,
    SexualOrientation.PREFER_NOT_TO_SAY: 0.04,
    NOT_RECORDED: 0.06,
}
TRANS_STATUS: dict[str, float] = {
    TransStatus.SAME: 0.88,
    TransStatus.DIFFERENT: 0.01,
    TransStatus.PREFER_NOT_TO_SAY: 0.04,
    NOT_RECORDED: 0.07,
}
FIRST_LANGUAGES: dict[str, float] = {
    "English": 0.88,
    "Polish": 0.03,
    "Urdu": 0.02,
    "Bengali": 0.02,
    "Romanian": 0.02,
    "Turkish": 0.01,
    "Punjabi": 0.02,
}
SHARES = {
    "ethnicity": ETHNICITY,
    "disability": DISABILITY,
    "sexual_orientation": SEXUAL_ORIENTATION,
    "trans_status": TRANS_STATUS,
}


def _draw(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def answers_for(rng: random.Random) -> dict[str, object]:
    """One victim's equality answers (pure: draws from ``rng`` only); "not recorded" answers are left out."""
    answers: dict[str, object] = {}
    for field, shares in SHARES.items():
        value = _draw(rng, shares)
        if value != NOT_RECORDED:
            answers[field] = value
    language = _draw(rng, FIRST_LANGUAGES)
    answers["first_language"] = language
    answers["interpreter_needed"] = language != "English" and rng.random() < 0.4
    return answers


def seed_equality(*, seed: int) -> int:
    """Record equality answers for every demo victim who has none yet, oldest case first, by the user
    who opened her first case. Returns how many victims were given answers."""
    rng = random.Random(seed * 7919 + 3)  # noqa: S311 (synthetic demo data)
    done: set[object] = set()
    recorded = 0
    for case in Case.objects.select_related("victim", "created_by").order_by("created_at", "reference"):
        if case.victim_id in done:
            continue
        done.add(case.victim_id)
        answers = answers_for(rng)  # drawn for every victim, so each run consumes the same stream
        if case.victim.ethnicity or case.victim.disability or case.victim.first_language:
            continue
        person_equality_record(person=case.victim, equality=answers, by=case.created_by)
        recorded += 1
    return recorded
