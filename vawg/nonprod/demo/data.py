"""The fixed shape of the synthetic demo partnership (used by ``manage.py seed_demo``).

Districts are Hertfordshire's ten district and borough councils
(docs/domain/marac.md#hertfordshire-districts). Every agency is FICTIONAL and
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
    DemoAgency("Fresh Start Change Programme (demo)", T.PROGRAMME_PROVIDER, ALL),
    DemoAgency("Brookmere Probation Delivery Unit (demo)", T.PROBATION, ALL),
    DemoAgency("Brookmere Community Network (demo)", T.VOLUNTARY_SECTOR, ALL),
    DemoAgency("Willowmere Outreach Collective (demo)", T.VOLUNTARY_SECTOR, ("Broxbourne", "East Hertfordshire")),
    DemoAgency("Oakridge Youth and Families Project (demo)", T.VOLUNTARY_SECTOR, ("Dacorum", "Hertsmere")),
    # Named so it sorts first among specialist services: referrals no rule matches fall back to the helpline.
    DemoAgency("Brookmere 24-hour VAWG Helpline (demo)", T.SPECIALIST_SERVICE, ALL),
    DemoAgency("Brookmere Harmful Practices Service (demo)", T.SPECIALIST_SERVICE, ALL),
    DemoAgency("Brookmere Young People's Service (demo)", T.VOLUNTARY_SECTOR, ALL),
    DemoAgency("Oakridge Outreach Service (demo)", T.VOLUNTARY_SECTOR, ("Dacorum", "Three Rivers")),
    DemoAgency("Kestrel Outreach Service (demo)", T.VOLUNTARY_SECTOR, ("Hertsmere", "Watford")),
    DemoAgency("Fernley Outreach Service (demo)", T.VOLUNTARY_SECTOR, ("North Hertfordshire", "Stevenage")),
    DemoAgency("Larkmead Outreach Service (demo)", T.VOLUNTARY_SECTOR, ("St Albans", "Welwyn Hatfield")),
)

# Who provides each routed service in the demo (pinned on the routing rules, so each service has one provider).
IDVA_SERVICE = "Brookmere Domestic Abuse Service (demo)"
SERVICE_PROVIDERS: dict[str, str] = {
    "idva": IDVA_SERVICE,
    "marac": "Brookmere County Council (demo)",
    "isva-sarc": "Brookmere Sexual Violence Support (demo)",
    "childrens-services": "Brookmere Children's Services (demo)",
    "young-peoples-service": "Brookmere Young People's Service (demo)",
    "specialist-harmful-practices": "Brookmere Harmful Practices Service (demo)",
    "safeguarding": "Brookmere Children's Services (demo)",
    "perpetrator-programme": "Fresh Start Change Programme (demo)",
}
HELPLINE = "Brookmere 24-hour VAWG Helpline (demo)"
# Community outreach: one service per pair of districts.
OUTREACH_PROVIDERS: dict[tuple[str, str], str] = {
    ("Broxbourne", "East Hertfordshire"): "Willowmere Outreach Collective (demo)",
    ("Dacorum", "Three Rivers"): "Oakridge Outreach Service (demo)",
    ("Hertsmere", "Watford"): "Kestrel Outreach Service (demo)",
    ("North Hertfordshire", "Stevenage"): "Fernley Outreach Service (demo)",
    ("St Albans", "Welwyn Hatfield"): "Larkmead Outreach Service (demo)",
}
# Caseworkers (no password, no authenticator: they cannot sign in) who work referrals at receiving
# agencies that have no demo sign-in account. (email local part, agency, role)
CASEWORKERS: tuple[tuple[str, str, Role], ...] = (
    ("caseworker.helpline", HELPLINE, Role.IDVA),
    ("caseworker.harmful-practices", "Brookmere Harmful Practices Service (demo)", Role.IDVA),
    ("caseworker.young-people", "Brookmere Young People's Service (demo)", Role.IDVA),
    ("caseworker.isva", "Brookmere Sexual Violence Support (demo)", Role.IDVA),
    ("caseworker.willowmere-outreach", "Willowmere Outreach Collective (demo)", Role.IDVA),
    ("caseworker.oakridge-outreach", "Oakridge Outreach Service (demo)", Role.IDVA),
    ("caseworker.kestrel-outreach", "Kestrel Outreach Service (demo)", Role.IDVA),
    ("caseworker.fernley-outreach", "Fernley Outreach Service (demo)", Role.IDVA),
    ("caseworker.larkmead-outreach", "Larkmead Outreach Service (demo)", Role.IDVA),
    # A second IDVA at the IDVA service: the demo deny-list entry names them (a party to one case).
    ("caseworker.idva", IDVA_SERVICE, Role.IDVA),
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
    Role.COMMISSIONER: "Brookmere County Council (demo)",
    Role.MATAC_COORDINATOR: "Chiltern Vale Constabulary (demo)",
    Role.PROBATION: "Brookmere Probation Delivery Unit (demo)",
}

EMAIL_DOMAIN = "demo.invalid"
# Long enough for the password validators in settings (12+ characters, not a common password).
DEFAULT_PASSWORD = "demo-partnership-2026"  # noqa: S105 (a published demo passphrase, synthetic data only)
DEVICE_NAME = "Demo authenticator"


def demo_email(role: Role) -> str:
    return f"{role.value}@{EMAIL_DOMAIN}"


# --- The demo MARAC's records ---------------------------------------------------------------
# Synthetic, generic wording (never a name, place or contact detail).
PRESENTATIONS = (
    "Referring agency summarised recent incidents and the escalation in controlling behaviour.",
    "IDVA presented the victim's account of threats made after separation.",
    "Police summarised call-outs over the last three months and bail conditions.",
    "Health summarised attendances with injuries that the victim attributed to falls.",
)
SHARED = (
    "Children's services confirmed the children are known; housing confirmed a tenancy risk.",
    "Police hold previous convictions for violence against a former partner.",
    "Health hold records of missed antenatal appointments.",
    "No agency other than the referrer held information on the person causing harm.",
)
RISKS = (
    "Risk of serious harm from the ex-partner; stalking after separation; children exposed.",
    "Escalating physical violence; threats to kill; access to weapons reported.",
    "Coercive control and isolation; financial abuse; victim's mental health affected.",
    "Strangulation reported at the last incident; pregnancy increases the risk.",
)
CONCLUSIONS = (
    "Actions agreed to increase safety; case to return if a new incident is reported.",
    "Safety plan agreed with the IDVA; agencies to share any new incident at once.",
    "Multi-agency plan agreed; the chair asked for the actions to be completed before the next meeting.",
)
ACTIONS = (
    "Flag the victim's phone number for an urgent police response.",
    "Offer a sanctuary scheme assessment.",
    "Complete a child and family assessment.",
    "Review bail conditions and share any breach with the IDVA.",
    "Offer the victim a specialist health appointment.",
    "Refer the person causing harm to a behaviour change programme.",
    "Discuss safe accommodation options with the victim.",
    "Share the safety plan with the children's school safeguarding lead.",
)
RESEARCH = (
    "Known to the agency; recent contact recorded.",
    "Previous referrals held; nothing new in the last six months.",
    "Open case; last contact two weeks ago.",
)
VOICE = (
    "Wants the abuse to stop and to stay at home with the children.",
    "Worried about contact handovers; wants support with a non-molestation order.",
    "Does not want police action at present but agrees to safety measures.",
)
CONCERNS = (
    "Fears the ex-partner will find her after separation.",
    "Concerned about threats made by text message.",
    "Afraid for the children during contact.",
)
