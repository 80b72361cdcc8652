"""Versioned parameters of the protective-order rules (docs/orders.md): per type, who issues it, the
respondent's minimum age, how long it may last and which deadlines it starts, each with its source.

Change a value only with its source, and bump ``VERSION``. A value no source confirms says UNCONFIRMED in
its ``basis``, and docs/orders.md says so too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

VERSION = "2025-06-orders-1"

VIEW_ORDERS = "justice.view_orders"
MANAGE_ORDERS = "justice.manage_orders"

# A deadline is "due soon" within this many hours of its moment.
DUE_SOON_HOURS = 48

CSA_2010_S24 = "https://www.legislation.gov.uk/ukpga/2010/17/section/24"
CSA_2010_S27 = "https://www.legislation.gov.uk/ukpga/2010/17/section/27"
CSA_2010_S28 = "https://www.legislation.gov.uk/ukpga/2010/17/section/28"
DAA_2021_S29 = "https://www.legislation.gov.uk/ukpga/2021/17/section/29"
DAA_2021_PART_3 = "https://www.legislation.gov.uk/ukpga/2021/17/part/3"
DVDS_GUIDANCE = (
    "https://www.gov.uk/government/publications/domestic-violence-disclosure-scheme-pilot-guidance/"
    "domestic-violence-disclosure-scheme-accessible"
)
SPA_2019_S3 = "https://www.legislation.gov.uk/ukpga/2019/9/section/3"
SPA_2019_S9 = "https://www.legislation.gov.uk/ukpga/2019/9/section/9"
SPA_2019_S1 = "https://www.legislation.gov.uk/ukpga/2019/9/section/1"
FLA_1996_S42 = "https://www.legislation.gov.uk/ukpga/1996/27/section/42"
FLA_1996_PART_4A = "https://www.legislation.gov.uk/ukpga/1996/27/part/4A"
FGM_2003_SCH_2 = "https://www.legislation.gov.uk/ukpga/2003/31/schedule/2"
SA_2020_S359 = "https://www.legislation.gov.uk/ukpga/2020/17/section/359"
PHA_1997_S5A = "https://www.legislation.gov.uk/ukpga/1997/40/section/5A"
SOA_2003_S103A = "https://www.legislation.gov.uk/ukpga/2003/42/section/103A"
BAIL_ACT_1976 = "https://www.legislation.gov.uk/ukpga/1976/63"


class DaysKind(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class Clock(StrEnum):
    """How a deadline's period is counted."""

    HOURS_DISREGARDING = "hours-disregarding"  # real hours, skipping whole disregarded days (Sundays ...)
    DAYS_BEGINNING_WITH = "days-beginning-with"  # n days, the day of the start being day 1, to its end


@dataclass(frozen=True)
class DeadlineSpec:
    """A deadline an order starts: its name, what it runs from, how long, and its source."""

    code: str
    name: str
    start: str  # the Order field the period runs from: "applied_at" or "served_at"
    clock: Clock
    amount: int  # hours (HOURS_DISREGARDING) or days (DAYS_BEGINNING_WITH)
    basis: str
    source: str
    days_kind: DaysKind = DaysKind.CALENDAR
    # Sundays, Christmas Day, Good Friday and bank holidays in England and Wales do not count.
    disregard_sundays_and_holidays: bool = False


@dataclass(frozen=True)
class OrderTypeRules:
    label: str
    issued_by: str
    source: str
    min_age: int | None = None  # the respondent's minimum age, when the law sets one
    min_days: int | None = None  # fixed period, in days beginning with the day it is made
    max_days: int | None = None
    min_years: int | None = None  # SPO: a fixed period of at least this many years
    until_further_order: bool = True  # may be made until further order
    min_rank: str = ""  # DVPN/DAPN: the lowest rank that may authorise it (RANKS)
    is_disclosure: bool = False
    needs_switch: bool = False  # DAPN/DAPO: only where the partnership is a pilot area
    deadlines: tuple[DeadlineSpec, ...] = ()
    note: str = ""


DVDS_DECISION = DeadlineSpec(
    code="dvds-decision",
    name="Disclosure decision",
    start="applied_at",
    clock=Clock.DAYS_BEGINNING_WITH,
    amount=28,
    days_kind=DaysKind.CALENDAR,
    basis=(
        "DVDS statutory guidance (2023): a decision within 28 days of the application. We count the day "
        "of the application as day 1 (the cautious reading; UNCONFIRMED)"
    ),
    source=DVDS_GUIDANCE,
)
DVPO_HEARING = DeadlineSpec(
    code="dvpo-hearing",
    name="DVPO application heard",
    start="served_at",
    clock=Clock.HOURS_DISREGARDING,
    amount=48,
    disregard_sundays_and_holidays=True,
    basis=(
        "Crime and Security Act 2010 s27: heard within 48 hours of the DVPN being served, disregarding "
        "Sundays, Christmas Day, Good Friday and bank holidays (Saturdays count)"
    ),
    source=CSA_2010_S27,
)
DAPO_HEARING = DeadlineSpec(
    code="dapo-hearing",
    name="DAPO application heard",
    start="served_at",
    clock=Clock.HOURS_DISREGARDING,
    amount=48,
    disregard_sundays_and_holidays=True,
    basis=(
        "Domestic Abuse Act 2021 s29(2)-(3): heard within 48 hours of the DAPN being given, disregarding "
        "Sundays, Christmas Day, Good Friday and bank holidays (Saturdays count)"
    ),
    source=DAA_2021_S29,
)
SPO_NOTIFICATION = DeadlineSpec(
    code="spo-notification",
    name="Name and home address notified to the police",
    start="served_at",
    clock=Clock.DAYS_BEGINNING_WITH,
    amount=3,
    basis="Stalking Protection Act 2019 s9(1): within 3 days beginning with the date of service",
    source=SPA_2019_S9,
)


class OrderTypeCode(StrEnum):
    DVDS_ASK = "dvds-ask"
    DVDS_KNOW = "dvds-know"
    DVPN = "dvpn"
    DVPO = "dvpo"
    DAPN = "dapn"
    DAPO = "dapo"
    SPO = "spo"
    INTERIM_SPO = "interim-spo"
    NMO = "nmo"
    FMPO = "fmpo"
    FGMPO = "fgmpo"
    SHPO = "shpo"
    RESTRAINING = "restraining-order"
    BAIL = "bail-conditions"


ORDER_TYPES: dict[str, OrderTypeRules] = {
    OrderTypeCode.DVDS_ASK: OrderTypeRules(
        label="DVDS: right to ask",
        issued_by="Police, after a multi-agency decision",
        source=DVDS_GUIDANCE,
        until_further_order=False,
        is_disclosure=True,
        deadlines=(DVDS_DECISION,),
    ),
    OrderTypeCode.DVDS_KNOW: OrderTypeRules(
        label="DVDS: right to know",
        issued_by="Police, after a multi-agency decision",
        source=DVDS_GUIDANCE,
        until_further_order=False,
        is_disclosure=True,
        deadlines=(DVDS_DECISION,),
    ),
    OrderTypeCode.DVPN: OrderTypeRules(
        label="Domestic violence protection notice (DVPN)",
        issued_by="Police officer of superintendent rank or above",
        source=CSA_2010_S24,
        min_age=18,
        until_further_order=False,
        min_rank="superintendent",
        deadlines=(DVPO_HEARING,),
        note="In force until the DVPO application is determined.",
    ),
    OrderTypeCode.DVPO: OrderTypeRules(
        label="Domestic violence protection order (DVPO)",
        issued_by="Magistrates' court, on police application",
        source=CSA_2010_S28,
        min_age=18,
        min_days=14,
        max_days=28,
        until_further_order=False,
    ),
    OrderTypeCode.DAPN: OrderTypeRules(
        label="Domestic abuse protection notice (DAPN)",
        issued_by="A senior police officer: inspector or above (UNCONFIRMED)",
        source=DAA_2021_PART_3,
        min_age=18,
        until_further_order=False,
        min_rank="inspector",
        needs_switch=True,
        deadlines=(DAPO_HEARING,),
        note="Pilot areas only. Lasts until the DAPO application is determined (48 hours: UNCONFIRMED).",
    ),
    OrderTypeCode.DAPO: OrderTypeRules(
        label="Domestic abuse protection order (DAPO)",
        issued_by="Magistrates', family or criminal court",
        source=DAA_2021_PART_3,
        min_age=18,
        needs_switch=True,
        note="Pilot areas only. Breach is an offence (up to 5 years).",
    ),
    OrderTypeCode.SPO: OrderTypeRules(
        label="Stalking protection order (SPO)",
        issued_by="Magistrates' court, on a chief officer's application",
        source=SPA_2019_S3,
        min_years=2,
        deadlines=(SPO_NOTIFICATION,),
        note="A fixed period of at least 2 years beginning with the day made, or until further order.",
    ),
    OrderTypeCode.INTERIM_SPO: OrderTypeRules(
        label="Interim stalking protection order",
        issued_by="Magistrates' court, on a chief officer's application",
        source=SPA_2019_S1,
        deadlines=(SPO_NOTIFICATION,),
        note="Lasts until the SPO application is determined.",
    ),
    OrderTypeCode.NMO: OrderTypeRules(
        label="Non-molestation order (NMO)",
        issued_by="Family court, on the victim's application",
        source=FLA_1996_S42,
    ),
    OrderTypeCode.FMPO: OrderTypeRules(
        label="Forced marriage protection order (FMPO)",
        issued_by="Family court",
        source=FLA_1996_PART_4A,
    ),
    OrderTypeCode.FGMPO: OrderTypeRules(
        label="FGM protection order (FGMPO)",
        issued_by="Family court",
        source=FGM_2003_SCH_2,
    ),
    OrderTypeCode.SHPO: OrderTypeRules(
        label="Sexual harm prevention order (SHPO)",
        issued_by="Criminal court (on conviction) or magistrates on police application",
        source=SOA_2003_S103A,
        note="Duration and notification details are UNCONFIRMED here: record what the court set.",
    ),
    OrderTypeCode.RESTRAINING: OrderTypeRules(
        label="Restraining order",
        issued_by="Criminal court, on conviction or acquittal",
        source=SA_2020_S359,
    ),
    OrderTypeCode.BAIL: OrderTypeRules(
        label="Bail conditions",
        issued_by="Police (pre-charge) or court",
        source=BAIL_ACT_1976,
        until_further_order=False,
        note="The bail return date is the timer (details UNCONFIRMED).",
    ),
}

# Ranks of the officer authorising a DVPN, lowest first; superintendent or above may authorise.
RANKS: tuple[tuple[str, str], ...] = (
    ("constable", "Constable"),
    ("sergeant", "Sergeant"),
    ("inspector", "Inspector"),
    ("chief-inspector", "Chief inspector"),
    ("superintendent", "Superintendent"),
    ("chief-superintendent", "Chief superintendent"),
    ("assistant-chief-constable", "Assistant chief constable"),
    ("deputy-chief-constable", "Deputy chief constable"),
    ("chief-constable", "Chief constable"),
)
