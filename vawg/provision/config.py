"""The vocabularies of services and safe accommodation, as versioned configuration.

What a service offers, the specialisms of by-and-for services, languages, genders, age groups, the
Part 4 accommodation types (Domestic Abuse Support (Relevant Accommodation ...) Regulations 2021,
SI 2021/991 reg 2) and the reason codes of the Part 4 annual return. The MHCLG reason codes could not be
confirmed against the current data-collection form: the lists below are a starting point, marked
UNCONFIRMED, and a partnership replaces them when the form is confirmed (docs/safe-accommodation.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models

# Bump when any list below changes; the Part 4 return states the version it was made with.
CONFIG_VERSION = "2026-12-1"

KEEP_SERVICES = "provision.keep_services"
VIEW_DIRECTORY = "provision.view_directory"
KEEP_UNITS = "provision.keep_units"
REQUEST_ACCOMMODATION = "provision.request_accommodation"
VIEW_GAPS = "provision.view_gaps"
VIEW_PART4_RETURN = "provision.view_part4_return"

# A directory entry not checked for this long is flagged to its agency.
STALE_AFTER = timedelta(days=183)


def reservation_hold() -> timedelta:
    """How long a reservation holds a unit before it lapses (RESERVATION_HOLD_HOURS, default 24)."""
    return timedelta(hours=getattr(settings, "RESERVATION_HOLD_HOURS", 24))


class ServiceType(models.TextChoices):
    HELPLINE = "helpline", "Helpline"
    IDVA = "idva", "Independent domestic violence advocacy (IDVA)"
    ISVA = "isva", "Independent sexual violence advocacy (ISVA)"
    OUTREACH = "outreach", "Community outreach and floating support"
    SAFE_ACCOMMODATION = "safe-accommodation", "Refuge or safe accommodation"
    SANCTUARY = "sanctuary-scheme", "Sanctuary scheme (security for your home)"
    SARC = "sarc", "Sexual assault referral centre"
    COUNSELLING = "counselling", "Counselling and therapy"
    CHILDREN = "children-young-people", "Support for children and young people"
    PEER_SUPPORT = "peer-support", "Peer support and recovery groups"
    LEGAL = "legal-advice", "Legal and court support"
    HARMFUL_PRACTICES = "harmful-practices", "Forced marriage, FGM and honour-based abuse support"
    BEHAVIOUR_CHANGE = "behaviour-change", "Help to stop harmful behaviour"


class Specialism(models.TextChoices):
    """By-and-for specialisms and groups a service or unit is for."""

    BLACK_MINORITISED = "black-minoritised", "Black and minoritised women"
    LGBT = "lgbt-plus", "LGBT+ survivors"
    DEAF = "deaf", "Deaf survivors"
    DISABLED = "disabled", "Disabled survivors"
    OLDER = "older-people", "Older people"
    YOUNG = "young-people", "Young people"
    MALE = "male-survivors", "Male survivors"
    COMPLEX_NEEDS = "complex-needs", "Complex needs (mental health, substance use)"


class Gender(models.TextChoices):
    FEMALE = "female", "Women"
    MALE = "male", "Men"
    NON_BINARY = "non-binary", "Non-binary people"


class ChildSex(models.TextChoices):
    FEMALE = "female", "Girl"
    MALE = "male", "Boy"


# Languages by ISO 639-1 code (BSL by its ISO 639-3 code), the ones most spoken in the county first.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "bfi": "British Sign Language",
    "pl": "Polish",
    "ro": "Romanian",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "gu": "Gujarati",
    "ta": "Tamil",
    "hi": "Hindi",
    "ar": "Arabic",
    "ku": "Kurdish",
    "fa": "Persian (Farsi)",
    "ps": "Pashto",
    "so": "Somali",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "pt": "Portuguese",
    "es": "Spanish",
    "it": "Italian",
    "lt": "Lithuanian",
    "bg": "Bulgarian",
    "uk": "Ukrainian",
    "ru": "Russian",
    "zh": "Chinese",
}
LANGUAGE_CHOICES = list(LANGUAGES.items())


class AccessRoute(models.TextChoices):
    SELF_OR_PROFESSIONAL = "self-or-professional", "Contact them yourself, or ask a professional to refer you"
    SELF_ONLY = "self", "Contact them yourself"
    PROFESSIONAL_ONLY = "professional", "A professional must refer you"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Open"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
    INACTIVE = "inactive", "Closed"


class AgeGroup(models.TextChoices):
    """The age groups of the coverage-gap matrix."""

    UNDER_18 = "under-18", "Under 18"
    ADULT = "18-59", "18 to 59"
    OLDER = "60-plus", "60 and over"


AGE_GROUP_BOUNDS: dict[str, tuple[int, int | None]] = {
    AgeGroup.UNDER_18: (0, 17),
    AgeGroup.ADULT: (18, 59),
    AgeGroup.OLDER: (60, None),
}


class AccommodationType(models.TextChoices):
    """Part 4 relevant accommodation (SI 2021/991 reg 2); bed and breakfast is never relevant accommodation."""

    REFUGE = "refuge", "Refuge"
    SPECIALIST = "specialist-safe-accommodation", "Specialist safe accommodation"
    DISPERSED = "dispersed", "Dispersed accommodation"
    SECOND_STAGE = "second-stage", "Second stage (move-on) accommodation"
    SANCTUARY = "sanctuary-scheme", "Sanctuary scheme"
    OTHER = "other", "Other domestic abuse emergency accommodation"


class UnitState(models.TextChoices):
    VACANT = "vacant", "Vacant"
    RESERVED = "reserved", "Reserved"
    OCCUPIED = "occupied", "Occupied"
    OUT_OF_USE = "out-of-use", "Out of use"


class Urgency(models.TextChoices):
    TODAY = "today", "Today (emergency)"
    THIS_WEEK = "this-week", "Within a week"
    PLANNED = "planned", "Planned move"


class RequestState(models.TextChoices):
    OPEN = "open", "Looking for a place"
    PLACED = "placed", "Placed"
    CLOSED = "closed", "Closed without a placement"
    WITHDRAWN = "withdrawn", "Withdrawn"


REQUEST_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({RequestState.OPEN}),
    RequestState.OPEN: frozenset({RequestState.PLACED, RequestState.CLOSED, RequestState.WITHDRAWN}),
    RequestState.PLACED: frozenset({RequestState.OPEN}),  # a placement that broke down early
    RequestState.CLOSED: frozenset(),
    RequestState.WITHDRAWN: frozenset(),
}


class ReservationState(models.TextChoices):
    HELD = "held", "Held, waiting for the provider"
    ACCEPTED = "accepted", "Accepted by the provider"
    PROVIDER_DECLINED = "provider-declined", "Declined by the provider"
    SURVIVOR_DECLINED = "survivor-declined", "Declined by the survivor"
    CANCELLED = "cancelled", "Cancelled by the worker"
    EXPIRED = "expired", "Lapsed"
    PLACED = "placed", "Placement started"


# A live reservation holds its unit; the database allows at most one per unit.
LIVE_RESERVATION_STATES = frozenset({ReservationState.HELD, ReservationState.ACCEPTED})
RESERVATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ReservationState.HELD: frozenset(
        {
            ReservationState.ACCEPTED,
            ReservationState.PROVIDER_DECLINED,
            ReservationState.SURVIVOR_DECLINED,
            ReservationState.CANCELLED,
            ReservationState.EXPIRED,
        }
    ),
    ReservationState.ACCEPTED: frozenset(
        {
            ReservationState.PLACED,
            ReservationState.SURVIVOR_DECLINED,
            ReservationState.CANCELLED,
            ReservationState.EXPIRED,
        }
    ),
}


# --- Part 4 return reason codes (UNCONFIRMED: replace with the current MHCLG form's codes) -----------

# Why a household could not be supported. A starting list after Women's Aid's reasons for unsuccessful
# refuge referrals (no capacity, survivor declined, referral not appropriate), not the MHCLG codes.
UNABLE_TO_SUPPORT_REASONS: dict[str, str] = {
    "no-capacity": "No space or capacity",
    "needs-not-met": "Could not meet the household's needs (for example access, children's ages, pets)",
    "not-eligible": "Not eligible (for example no recourse to public funds not accepted)",
    "survivor-declined": "The survivor did not accept the space",
    "too-close-to-risk": "Too close to the person causing harm or another risk",
    "referral-inappropriate": "Referral not appropriate for the service",
    "no-contact": "Could not contact the survivor",
    "other": "Another reason",
}

# Why a survivor turned down a place (recorded with each decline; counts as "survivor-declined").
SURVIVOR_DECLINE_REASONS: dict[str, str] = {
    "location": "Location (too close to the person causing harm, or too far from work, school or family)",
    "shared-facilities": "Did not want shared or communal living",
    "caring-duties": "Caring duties or children's schooling",
    "found-elsewhere": "Found somewhere else to stay",
    "returned-home": "Decided to stay in or return to their home",
    "other": "Another reason",
}

# Why support in safe accommodation ended.
SUPPORT_ENDED_REASONS: dict[str, str] = {
    "no-longer-needed": "Support no longer needed",
    "moved-on-planned": "Moved on as planned",
    "moved-on-unplanned": "Left in an unplanned way",
    "evicted": "Asked to leave (breach of licence or risk to others)",
    "returned-to-perpetrator": "Returned to the person causing harm",
    "transferred": "Moved to another refuge or safe accommodation",
    "other": "Another reason",
}

# Where a household went on leaving.
MOVE_ON_DESTINATIONS: dict[str, str] = {
    "social-housing": "Social housing",
    "private-rented": "Private rented housing",
    "own-home": "Their own home (including with a sanctuary scheme)",
    "family-friends": "Family or friends",
    "other-refuge": "Another refuge or safe accommodation",
    "temporary-accommodation": "Council temporary accommodation",
    "back-with-perpetrator": "Back with the person causing harm",
    "not-known": "Not known",
    "other": "Somewhere else",
}

# Specialist characteristics counted in the return (three confirmed; the rest UNCONFIRMED as MHCLG categories).
SPECIALIST_CHARACTERISTICS: dict[str, str] = {
    "black-minoritised": "Black and minoritised",
    "mental-health": "Mental health needs",
    "disabled": "Disabled",
    "lgbt-plus": "LGBT+",
    "older-people": "Older person (60 and over)",
    "young-people": "Young person (16 to 24)",
    "complex-needs": "Complex needs",
    "substance-use": "Substance use",
    "nrpf": "No recourse to public funds",
    "deaf": "Deaf",
}


# --- The public finder's "What is happening" question (docs/find-support.md) ------------------------

# Each situation, in plain words, and the form of VAWG (vawg/referrals/models/choices.py FormOfAbuse) it
# looks for. Control and money are part of domestic abuse in law (Domestic Abuse Act 2021 s1), so they
# look for domestic-abuse services, which cover them, rather than narrower lists.
SITUATIONS: dict[str, tuple[str, str]] = {
    "partner-or-family": (
        "Someone I live with or was with, or someone in my family, hurts, threatens or controls me",
        "domestic-abuse",
    ),
    "sexual": ("Someone made me do something sexual I did not want to, recently or in the past", "sexual-violence"),
    "stalking": ("Someone keeps following, watching or contacting me when I do not want them to", "stalking"),
    "forced-marriage": ("I am being made to marry someone, or I am afraid I will be", "forced-marriage"),
    "honour": ("My family or community threaten or punish me for bringing 'shame' on them", "honour-based-abuse"),
    "fgm": ("I am worried about female genital mutilation (cutting)", "fgm"),
    "exploitation": ("Someone makes me work or have sex for them", "trafficking-sexual-exploitation"),
    "online": ("Someone tracks my phone or shares pictures of me", "technology-facilitated-abuse"),
    "spiking": ("Someone put something in my drink or body without me knowing", "spiking"),
}


# --- Open Referral UK taxonomy (docs/open-referral.md) ------------------------------------------------

# The feed tags services with our own vocabularies, each under its own CURIE prefix, as the Open Referral
# UK guidance on taxonomies allows while no shared list is agreed.
TAXONOMY_SERVICE_TYPE = "vawgServiceType"  # ServiceType values
TAXONOMY_CIRCUMSTANCE = "vawgCircumstance"  # FormOfAbuse and Specialism values
TAXONOMY_VERSION = "2026-12-1"

# Our terms and the LGA esd service-type ids they correspond to. UNCONFIRMED: every id is empty until the
# partnership has checked the current esd standards list; the feed publishes only our own terms until then.
ESD_SERVICE_TYPES: dict[str, str] = {
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.HELPLINE}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.IDVA}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.ISVA}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.OUTREACH}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.SAFE_ACCOMMODATION}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.SANCTUARY}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.SARC}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.COUNSELLING}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.CHILDREN}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.PEER_SUPPORT}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.LEGAL}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.HARMFUL_PRACTICES}": "",
    f"{TAXONOMY_SERVICE_TYPE}:{ServiceType.BEHAVIOUR_CHANGE}": "",
}
