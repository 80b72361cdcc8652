"""Crime outcomes and the attrition funnel: versioned configuration, plain data (docs/justice-outcomes.md).

The Home Office crime outcome codes as a force reports them (stored as reported, never converted), the
group each falls in for the statistics, which codes shape the funnel, the local mapping from an offence's
category to a form of abuse, and the published comparators shown as context (never computed here).
Wording marked ``unconfirmed`` is as we recall the Home Office Counting Rules (Section H) and is still to
be checked against the current rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from vawg.intelligence.offences import OFFENCES, SEXUAL, STALKING_AND_HARASSMENT
from vawg.referrals.models import FormOfAbuse

OUTCOMES_VERSION = "2025.1"
VIEW_ATTRITION = "justice.view_attrition"

HOCR = "https://www.gov.uk/government/statistics/crime-outcomes-in-england-and-wales-2020-to-2021/crime-outcomes-in-england-and-wales-technical-annex"
CLEVELAND_21 = "https://www.cleveland.police.uk/foi-ai/cleveland-police/disclosure/2025/january/foi-3825-outcome-21/"
KINGSLEY_NAPLEY_22 = "https://www.kingsleynapley.co.uk/insights/blogs/criminal-law-blog/outcome-22-are-the-police-utilising-this-important-diversionary-tool-or-leaving-it-on-the-shelf"
CJI_23 = "https://justiceinnovation.org/articles/beyond-admission-could-outcome-22-23-become-england-and-wales-version-no-contest"

# The outcome groups of the statistics, in the order the page lists them.
CHARGED_GROUP = "Charged or summonsed"
OUT_OF_COURT_FORMAL = "Out-of-court (formal)"
OUT_OF_COURT_INFORMAL = "Out-of-court (informal)"
DIVERSIONARY = "Diversionary, educational or intervention activity"
PREVENTED = "Prosecution prevented or not in the public interest"
VICTIM_SUPPORTS = "Evidential difficulties: victim supports action"
VICTIM_DOES_NOT_SUPPORT = "Evidential difficulties: victim does not support action"
FURTHER_INVESTIGATION = "Further investigation not in the public interest"
TRANSFERRED = "Responsibility for further investigation transferred"
TAKEN_INTO_CONSIDERATION = "Taken into consideration"
NO_SUSPECT = "Investigation complete: no suspect identified"


@dataclass(frozen=True)
class Outcome:
    """One outcome code: its number as reported, our short wording, its group, and where it comes from."""

    code: str
    wording: str
    group: str
    unconfirmed: bool
    source: str
    since: str = ""  # when the code came into use, where a source says


_TABLE: tuple[Outcome, ...] = (
    Outcome("1", "Charged or summonsed", CHARGED_GROUP, True, HOCR),
    Outcome("2", "Youth caution (2A: youth conditional caution)", OUT_OF_COURT_FORMAL, True, HOCR),
    Outcome("3", "Adult caution (3A: adult conditional caution)", OUT_OF_COURT_FORMAL, True, HOCR),
    Outcome("4", "Taken into consideration", TAKEN_INTO_CONSIDERATION, True, HOCR),
    Outcome("5", "The offender has died", PREVENTED, True, HOCR),
    Outcome("6", "Penalty notice for disorder", OUT_OF_COURT_FORMAL, True, HOCR),
    Outcome("7", "Cannabis or khat warning", OUT_OF_COURT_FORMAL, True, HOCR),
    Outcome("8", "Community resolution", OUT_OF_COURT_INFORMAL, True, HOCR),
    Outcome("9", "Prosecution not in the public interest (CPS decision)", PREVENTED, True, HOCR),
    Outcome("10", "Formal action not in the public interest (police decision)", PREVENTED, True, HOCR),
    Outcome("11", "Prosecution prevented: suspect under the age of criminal responsibility", PREVENTED, True, HOCR),
    Outcome("12", "Prosecution prevented: suspect too ill", PREVENTED, True, HOCR),
    Outcome("13", "Prosecution prevented: victim or key witness dead or too ill", PREVENTED, True, HOCR),
    Outcome(
        "14", "Evidential difficulties: suspect not identified, victim does not support action",
        VICTIM_DOES_NOT_SUPPORT, True, HOCR,
    ),
    Outcome("15", "Evidential difficulties: named suspect, victim supports action", VICTIM_SUPPORTS, True, HOCR),
    Outcome(
        "16", "Evidential difficulties: named suspect, victim does not support or withdraws support",
        VICTIM_DOES_NOT_SUPPORT, True, HOCR,
    ),
    Outcome("17", "Prosecution time limit expired", PREVENTED, True, HOCR),
    Outcome("18", "Investigation complete: no suspect identified", NO_SUSPECT, True, HOCR),
    Outcome("19", "National Fraud Intelligence Bureau filed", TRANSFERRED, True, HOCR),
    Outcome("20", "Further action by another body or agency", TRANSFERRED, True, HOCR),
    Outcome(
        "21", "Further investigation against a named suspect not in the public interest (police decision)",
        FURTHER_INVESTIGATION, False, CLEVELAND_21, "January 2016",
    ),
    Outcome(
        "22", "Diversionary, educational or intervention activity completed; further action not in the public "
        "interest", DIVERSIONARY, False, KINGSLEY_NAPLEY_22, "1 April 2019",
    ),
    Outcome("23", "Deferred prosecution for a child", OUT_OF_COURT_FORMAL, False, CJI_23),
)  # fmt: skip
OUTCOMES: dict[str, Outcome] = {outcome.code: outcome for outcome in _TABLE}

# The funnel's codes (docs/justice-outcomes.md#the-funnel).
CHARGED = "1"
NOT_IDENTIFIED = frozenset({"14", "18"})  # a crime with any other outcome had a suspect identified
DOES_NOT_SUPPORT = ("14", "16")
SUPPORTS = "15"
NO_SUSPECT_CODE = "18"
FURTHER_INVESTIGATION_CODE = "21"  # "should not normally be used for domestic abuse" (CLEVELAND_21)
DIVERSIONARY_CODE = "22"  # to be recorded only once the activity is completed (KINGSLEY_NAPLEY_22)

# Form of abuse by offence category: a LOCAL mapping (no source), from the offence list's categories
# (vawg/intelligence/offences.py). Every incident in a police extract is domestic-abuse related; sexual
# offences and stalking or harassment are shown apart, everything else (and non-crimes) as domestic abuse.
DOMESTIC_ABUSE = FormOfAbuse.DOMESTIC_ABUSE.value
FORM_BY_CATEGORY: dict[str, str] = {
    SEXUAL: FormOfAbuse.SEXUAL_VIOLENCE.value,
    STALKING_AND_HARASSMENT: FormOfAbuse.STALKING.value,
}
FORMS: dict[str, str] = {value: str(FormOfAbuse(value).label) for value in (DOMESTIC_ABUSE, *FORM_BY_CATEGORY.values())}


def offence_codes_by_form() -> dict[str, tuple[str, ...]]:
    """The offence codes of each form of abuse other than domestic abuse (which takes every other code)."""
    codes: dict[str, list[str]] = {form: [] for form in FORM_BY_CATEGORY.values()}
    for offence in OFFENCES.values():
        form = FORM_BY_CATEGORY.get(offence.category)
        if form is not None:
            codes[form].append(offence.code)
    return {form: tuple(sorted(found)) for form, found in codes.items()}


@dataclass(frozen=True)
class Comparator:
    """A published figure shown beside ours as context (never computed from our data)."""

    label: str
    value: str
    source: str


COMPARATORS: tuple[Comparator, ...] = (
    Comparator(
        "Charge or summons rate, all crime, England and Wales (year ending March 2023)",
        "about 5.7%",
        "https://www.gov.uk/government/statistics/crime-outcomes-in-england-and-wales-2022-to-2023/"
        "crime-outcomes-in-england-and-wales-2022-to-2023",
    ),
    Comparator(
        "Alleged perpetrators of VAWG charged in Hertfordshire, as the Chief Constable put it (July 2024)",
        "about 5%",
        "https://letchworth.nub.news/news/local-news/horrendous-figure-of-1000-reports-of-violence-against-women-"
        "and-girls-every-month-in-herts-235661",
    ),
)
