"""The fixed shape of the synthetic demo partnership (used by ``manage.py seed_demo``).

Districts are Hertfordshire's ten district and borough councils
(/work/shared/reference/domain.md section 8.1). Every agency is FICTIONAL and
named "(demo)": no real organisation, person or address appears in demo data.
Personal names and the refuge's address come from Faker (en_GB), seeded, so a
given seed always produces the same partnership.
"""

from __future__ import annotations

from dataclasses import dataclass

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role

DISTRICTS: tuple[str, ...] = (
    "Broxbourne",
    "Dacorum",
    "East Hertfordshire",
    "Hertsmere",
    "North Hertfordshire",
    "St Albans",
    "Stevenage",
    "Three Rivers",
    "Watford",
    "Welwyn Hatfield",
)
ALL = DISTRICTS


@dataclass(frozen=True)
class DemoAgency:
    name: str
    type: OrganisationType
    districts: tuple[str, ...]


T = OrganisationType
AGENCIES: tuple[DemoAgency, ...] = (
    DemoAgency("Chiltern Vale Constabulary (demo)", T.POLICE, ALL),
    DemoAgency("Brookmere County Council (demo)", T.COUNTY_COUNCIL, ALL),
    DemoAgency("Fernley Borough Council (demo)", T.DISTRICT_COUNCIL, ("Stevenage", "North Hertfordshire")),
    DemoAgency("Oakridge District Council (demo)", T.DISTRICT_COUNCIL, ("Dacorum", "Three Rivers")),
    DemoAgency("Brookmere Integrated Care Board (demo)", T.NHS, ALL),
    DemoAgency(
        "Kestrel Hospitals NHS Trust (demo)",
        T.NHS,
        ("Dacorum", "Hertsmere", "St Albans", "Three Rivers", "Watford"),
    ),
    DemoAgency("Larkmead Medical Practice (demo)", T.GP, ("St Albans",)),
    DemoAgency("Brookmere Children's Services (demo)", T.CHILDRENS_SOCIAL_CARE, ALL),
    DemoAgency("Brookmere Adult Care Services (demo)", T.ADULT_SOCIAL_CARE, ALL),
    DemoAgency("Oakridge Homes Housing Association (demo)", T.HOUSING, ("Dacorum", "Three Rivers", "Watford")),
    DemoAgency("Fernley Housing Trust (demo)", T.HOUSING, ("East Hertfordshire", "North Hertfordshire", "Stevenage")),
    DemoAgency("Chiltern Vale Probation Delivery Unit (demo)", T.PROBATION, ALL),
    DemoAgency("Willowmere Academy Trust (demo)", T.EDUCATION, ("Broxbourne", "East Hertfordshire")),
    DemoAgency("Brookmere Domestic Abuse Service (demo)", T.SPECIALIST_SERVICE, ALL),
    DemoAgency("Brookmere Sexual Violence Support (demo)", T.SPECIALIST_SERVICE, ALL),
    DemoAgency("Kestrel Refuge Partnership (demo)", T.REFUGE_PROVIDER, ("Hertsmere", "St Albans", "Welwyn Hatfield")),
    DemoAgency("Fresh Start Change Programme (demo)", T.PROGRAMME_PROVIDER, ("Broxbourne", "Stevenage", "Watford")),
    DemoAgency("Brookmere Community Network (demo)", T.VOLUNTARY_SECTOR, ALL),
    DemoAgency("Willowmere Outreach Collective (demo)", T.VOLUNTARY_SECTOR, ("Broxbourne", "East Hertfordshire")),
    DemoAgency("Oakridge Youth and Families Project (demo)", T.VOLUNTARY_SECTOR, ("Dacorum", "Hertsmere")),
)

# Where each role's demo account works.
ROLE_AGENCY: dict[Role, str] = {
    Role.ADMIN: "Brookmere County Council (demo)",
    Role.ANALYST: "Brookmere County Council (demo)",
    Role.MARAC_COORDINATOR: "Brookmere County Council (demo)",
    Role.IDVA: "Brookmere Domestic Abuse Service (demo)",
    Role.POLICE: "Chiltern Vale Constabulary (demo)",
    Role.SOCIAL_WORKER: "Brookmere Children's Services (demo)",
    Role.HEALTH: "Kestrel Hospitals NHS Trust (demo)",
    Role.HOUSING: "Fernley Borough Council (demo)",
    Role.ACCOMMODATION_MANAGER: "Kestrel Refuge Partnership (demo)",
    Role.PROGRAMME_WORKER: "Fresh Start Change Programme (demo)",
    Role.BOARD: "Brookmere County Council (demo)",
}

EMAIL_DOMAIN = "demo.invalid"
# Long enough for the password validators in settings (12+ characters, not a common password).
DEFAULT_PASSWORD = "demo-partnership-2026"  # noqa: S105 (a published demo passphrase, synthetic data only)
DEVICE_NAME = "Demo authenticator"


def demo_email(role: Role) -> str:
    return f"{role.value}@{EMAIL_DOMAIN}"
