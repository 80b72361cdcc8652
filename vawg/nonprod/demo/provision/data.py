"""The fixed shape of the demo's services and safe accommodation (used by ``manage.py seed_demo``).

Every provider is FICTIONAL and named "(demo)", after the demo's made-up places; unit names are neutral
labels, never an address (addresses come from Faker, seeded, and are stored encrypted). Phone numbers are
Ofcom's numbers for drama (01632 960xxx), web addresses and emails use reserved ``.invalid`` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vawg.provision.config import AccommodationType, Specialism

KESTREL_REFUGE = "Kestrel Refuge Partnership (demo)"  # already in the demo; accommodation-manager@demo.invalid


@dataclass(frozen=True)
class UnitGroup:
    """``count`` units of one type in one district."""

    type: AccommodationType
    district: str
    count: int


@dataclass(frozen=True)
class DemoProvider:
    name: str
    mailbox: str  # the local part of its accommodation manager's email (a caseworker: never signs in)
    groups: tuple[UnitGroup, ...]
    genders: tuple[str, ...] = ("female",)
    specialisms: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # beyond English
    summary: str = "Refuge accommodation for women and their children, with support from specialist workers."

    @property
    def districts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(group.district for group in self.groups))


A = AccommodationType
PROVIDERS: tuple[DemoProvider, ...] = (
    DemoProvider(
        KESTREL_REFUGE,
        "",
        (
            UnitGroup(A.REFUGE, "Hertsmere", 3),
            UnitGroup(A.REFUGE, "St Albans", 3),
            UnitGroup(A.REFUGE, "Welwyn Hatfield", 2),
            UnitGroup(A.DISPERSED, "Hertsmere", 1),
        ),
    ),
    DemoProvider(
        "Harrowfield Refuge (demo)",
        "accommodation.harrowfield",
        (UnitGroup(A.REFUGE, "Dacorum", 4), UnitGroup(A.REFUGE, "Three Rivers", 4)),
        languages=("pl", "ro"),
    ),
    DemoProvider(
        "Fernley Women's Refuge (demo)",
        "accommodation.fernley-refuge",
        (UnitGroup(A.REFUGE, "Stevenage", 4), UnitGroup(A.REFUGE, "North Hertfordshire", 3)),
    ),
    DemoProvider(
        "Willowmere Refuge Trust (demo)",
        "accommodation.willowmere",
        (UnitGroup(A.REFUGE, "Broxbourne", 3), UnitGroup(A.REFUGE, "East Hertfordshire", 3)),
        languages=("tr", "bg"),
    ),
    DemoProvider(
        "Larkmead Safe Homes (demo)",
        "accommodation.larkmead",
        (
            UnitGroup(A.DISPERSED, "Watford", 3),
            UnitGroup(A.DISPERSED, "St Albans", 2),
            UnitGroup(A.OTHER, "Watford", 1),
        ),
        summary="Self-contained dispersed flats and emergency rooms for women and families, with floating support.",
    ),
    DemoProvider(
        "Brookmere Sisters' Safe Homes (demo)",
        "accommodation.sisters",
        (
            UnitGroup(A.SPECIALIST, "Watford", 2),
            UnitGroup(A.SPECIALIST, "Welwyn Hatfield", 2),
            UnitGroup(A.SPECIALIST, "Stevenage", 1),
        ),
        specialisms=(Specialism.BLACK_MINORITISED,),
        languages=("ur", "pa", "bn", "so", "ar"),
        summary="Safe accommodation by and for Black and minoritised women, including women with no recourse to "
        "public funds, with staff who speak community languages.",
    ),
    DemoProvider(
        "Oakridge LGBT+ Safe Housing (demo)",
        "accommodation.oakridge-lgbt",
        (UnitGroup(A.SPECIALIST, "St Albans", 2), UnitGroup(A.SPECIALIST, "Dacorum", 1)),
        genders=("female", "male", "non-binary"),
        specialisms=(Specialism.LGBT,),
        summary="Safe accommodation by and for LGBT+ survivors of domestic abuse, of any gender.",
    ),
    DemoProvider(
        "Chiltern Vale Move-On Homes (demo)",
        "accommodation.move-on",
        (
            UnitGroup(A.SECOND_STAGE, "North Hertfordshire", 2),
            UnitGroup(A.SECOND_STAGE, "East Hertfordshire", 2),
            UnitGroup(A.SECOND_STAGE, "Broxbourne", 1),
            UnitGroup(A.SECOND_STAGE, "Hertsmere", 1),
        ),
        summary="Second stage flats for households ready to leave refuge, with support to settle and move on.",
    ),
    DemoProvider(
        "Oakridge Sanctuary Scheme (demo)",
        "accommodation.sanctuary",
        (
            UnitGroup(A.SANCTUARY, "Three Rivers", 2),
            UnitGroup(A.SANCTUARY, "Watford", 2),
            UnitGroup(A.SANCTUARY, "Stevenage", 1),
            UnitGroup(A.SANCTUARY, "Dacorum", 1),
        ),
        genders=("female", "male"),
        summary="Security work so survivors can stay safely in their own homes, with a support worker.",
    ),
    DemoProvider(
        "Fernley Men's Safe Accommodation (demo)",
        "accommodation.fernley-men",
        (
            UnitGroup(A.REFUGE, "Welwyn Hatfield", 2),
            UnitGroup(A.OTHER, "East Hertfordshire", 1),
            UnitGroup(A.DISPERSED, "Dacorum", 1),
        ),
        genders=("male",),
        specialisms=(Specialism.MALE,),
        summary="Safe accommodation for men experiencing domestic abuse, and their children.",
    ),
)

# Units the history leaves free, for the demo's walk-through: (provider, district, (largest household, most
# children, oldest boy), pets). The first two take a family with a 13-year-old boy and a dog, so one is vacant
# today whichever district is avoided, and both are Kestrel's, so accommodation-manager@demo.invalid can
# accept the reservation in the walk-through; the third is the Kestrel unit whose reservation waits for an answer.
KEPT_FREE: tuple[tuple[str, str, tuple[int, int, int | None], bool], ...] = (
    (KESTREL_REFUGE, "Welwyn Hatfield", (4, 3, 14), True),
    (KESTREL_REFUGE, "Hertsmere", (5, 4, None), True),
    (KESTREL_REFUGE, "St Albans", (3, 2, 12), False),
)

UNIT_LABELS: dict[str, str] = {
    A.REFUGE: "Refuge room",
    A.SPECIALIST: "Safe home",
    A.DISPERSED: "Dispersed flat",
    A.SECOND_STAGE: "Move-on flat",
    A.SANCTUARY: "Sanctuary place",
    A.OTHER: "Emergency room",
}


@dataclass(frozen=True)
class DemoService:
    """A directory entry. ``keeper`` is the agency's demo account or caseworker who adds it (an email);
    ``checked_days_ago`` is when it was added (and so last checked)."""

    agency: str
    name: str
    keeper: str
    description: str
    service_types: tuple[str, ...]
    forms_of_abuse: tuple[str, ...]
    access_route: str
    phone: str
    checked_days_ago: int
    districts: tuple[str, ...] = ()  # empty: countywide
    risk_levels: tuple[str, ...] = ("standard", "medium", "high")
    minimum_age: int | None = 16
    maximum_age: int | None = None
    genders: tuple[str, ...] = ("female", "male", "non-binary")
    languages: tuple[str, ...] = ("en",)
    interpreters: bool = True
    nrpf: bool = False
    specialisms: tuple[str, ...] = ()
    opening_times: str = "Monday to Friday, 9am to 5pm"
    waiting_days: int | None = None
    confidential: bool = False
    public_address: str = ""
    listed: bool = True
    extra: dict[str, object] = field(default_factory=dict)
