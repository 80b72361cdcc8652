"""The demo's service directory (part of ``manage.py seed_demo``): an entry for each demo agency that offers a
service, and each safe accommodation provider's service (a confidential location: never an address).

Each entry is added through ``service_create`` by someone who keeps the agency's entries (its demo account or
caseworker; the system administrator for an agency with neither), at its own moment (time_machine), so it
carries a dated first version and an audit entry like real work. Three were last checked more than six
months ago (so the "not checked for 6 months" flag shows) and one is not listed publicly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.text import slugify

from vawg.accounts.models import District, Organisation, User
from vawg.nonprod.demo.data import HELPLINE, IDVA_SERVICE, OUTREACH_PROVIDERS, SERVICE_PROVIDERS
from vawg.nonprod.demo.provision.data import PROVIDERS, DemoService
from vawg.nonprod.demo.referrals import at
from vawg.provision.config import AccessRoute, ServiceType
from vawg.provision.models import Service
from vawg.provision.services.directory import service_create

S = ServiceType
DOMESTIC = ("domestic-abuse", "coercive-control", "economic-abuse", "stalking", "harassment")
SEXUAL = ("sexual-violence", "spiking", "trafficking-sexual-exploitation")
HARMFUL = ("honour-based-abuse", "forced-marriage", "fgm")
EVERY_FORM = (*DOMESTIC, *SEXUAL, *HARMFUL, "technology-facilitated-abuse")
SELF_OR_PRO = AccessRoute.SELF_OR_PROFESSIONAL
PROFESSIONAL = AccessRoute.PROFESSIONAL_ONLY
ADMIN = "admin@demo.invalid"


def _phone(n: int) -> str:
    """One of Ofcom's numbers for drama (01632 960000 to 960999): never a real line."""
    return f"01632 960{n:03d}"


def _outreach() -> list[DemoService]:
    keepers = {
        "Willowmere Outreach Collective (demo)": "caseworker.willowmere-outreach",
        "Oakridge Outreach Service (demo)": "caseworker.oakridge-outreach",
        "Kestrel Outreach Service (demo)": "caseworker.kestrel-outreach",
        "Fernley Outreach Service (demo)": "caseworker.fernley-outreach",
        "Larkmead Outreach Service (demo)": "caseworker.larkmead-outreach",
    }
    found = []
    for n, (pair, agency) in enumerate(OUTREACH_PROVIDERS.items()):
        found.append(
            DemoService(
                agency,
                f"Community outreach in {' and '.join(pair)}",
                f"{keepers[agency]}@demo.invalid",
                "Support at home, in the community or by phone for anyone experiencing domestic abuse: safety "
                "planning, help with housing, money and court, and groups to rebuild confidence.",
                (S.OUTREACH, S.PEER_SUPPORT),
                DOMESTIC,
                SELF_OR_PRO,
                _phone(110 + n),
                # Kestrel's entry was last checked more than six months ago.
                checked_days_ago=214 if "Kestrel" in agency else 20 + 9 * n,
                districts=pair,
                risk_levels=("standard", "medium"),
                languages=("en", "pl") if n % 2 else ("en",),
                waiting_days=5 + 3 * n,
            )
        )
    return found


def _agency_services() -> list[DemoService]:
    return [
        DemoService(
            IDVA_SERVICE,
            "Independent domestic violence advocacy (IDVA)",
            "idva@demo.invalid",
            "Independent advocates for people at high risk of serious harm from domestic abuse: safety planning, "
            "support through MARAC, the police and the courts.",
            (S.IDVA, S.LEGAL),
            DOMESTIC,
            SELF_OR_PRO,
            _phone(101),
            checked_days_ago=12,
            risk_levels=("medium", "high"),
            languages=("en", "pl", "ur"),
            nrpf=True,
            waiting_days=2,
        ),
        DemoService(
            IDVA_SERVICE,
            "MARAC IDVA team (professionals)",
            "idva@demo.invalid",
            "For professionals: the IDVAs who take part in MARAC. Refer high-risk cases through the MARAC "
            "referral; survivors contact the IDVA service.",
            (S.IDVA,),
            DOMESTIC,
            PROFESSIONAL,
            _phone(102),
            checked_days_ago=40,
            risk_levels=("high",),
            minimum_age=16,
            listed=False,
        ),
        DemoService(
            HELPLINE,
            "24-hour VAWG helpline",
            "caseworker.helpline@demo.invalid",
            "Free, confidential advice and support by phone, day and night, for anyone affected by violence "
            "against women and girls, and for friends, family and professionals worried about someone.",
            (S.HELPLINE,),
            EVERY_FORM,
            AccessRoute.SELF_ONLY,
            _phone(100),
            checked_days_ago=5,
            minimum_age=None,
            languages=("en", "pl", "ro", "ur", "pa", "ar"),
            nrpf=True,
            opening_times="Every day, 24 hours",
            waiting_days=0,
        ),
        DemoService(
            SERVICE_PROVIDERS["isva-sarc"],
            "ISVA service and sexual assault referral centre",
            "caseworker.isva@demo.invalid",
            "Independent sexual violence advisers and a sexual assault referral centre for people who have "
            "been raped or sexually assaulted, recently or in the past, whether or not they report it.",
            (S.ISVA, S.SARC, S.COUNSELLING),
            SEXUAL,
            SELF_OR_PRO,
            _phone(103),
            checked_days_ago=33,
            minimum_age=13,
            opening_times="Advice line every day, 24 hours; appointments Monday to Saturday",
            public_address="Unit 4, Brookmere Health Campus (demo), Brookmere",
            waiting_days=7,
        ),
        DemoService(
            SERVICE_PROVIDERS["young-peoples-service"],
            "Children and young people's service",
            "caseworker.young-people@demo.invalid",
            "Support for children and young people who live with domestic abuse or are harmed in their own "
            "relationships, in school, at home or online.",
            (S.CHILDREN, S.COUNSELLING),
            (*DOMESTIC, "technology-facilitated-abuse", "sexual-violence"),
            SELF_OR_PRO,
            _phone(104),
            checked_days_ago=61,
            minimum_age=5,
            maximum_age=25,
            specialisms=("young-people",),
            waiting_days=14,
        ),
        DemoService(
            SERVICE_PROVIDERS["specialist-harmful-practices"],
            "Forced marriage, FGM and honour-based abuse service",
            "caseworker.harmful-practices@demo.invalid",
            "Specialist caseworkers for people at risk of forced marriage, FGM or honour-based abuse, with staff "
            "who speak community languages.",
            (S.HARMFUL_PRACTICES,),
            HARMFUL,
            SELF_OR_PRO,
            _phone(105),
            checked_days_ago=251,  # not checked for more than six months
            minimum_age=None,
            languages=("en", "ur", "pa", "bn", "so", "ar", "ku"),
            nrpf=True,
            specialisms=("black-minoritised",),
        ),
        DemoService(
            "Brookmere Community Network (demo)",
            "Black and minoritised women's advocacy project",
            ADMIN,
            "Advocacy, groups and drop-ins by and for Black and minoritised women experiencing abuse, including "
            "women with no recourse to public funds.",
            (S.OUTREACH, S.PEER_SUPPORT, S.LEGAL),
            (*DOMESTIC, *HARMFUL),
            SELF_OR_PRO,
            _phone(106),
            checked_days_ago=48,
            genders=("female",),
            languages=("en", "ur", "pa", "bn", "gu", "so", "ti", "ar"),
            nrpf=True,
            specialisms=("black-minoritised",),
            opening_times="Drop-in Tuesdays and Thursdays, 10am to 2pm",
            public_address="Brookmere Community Hub (demo), Market Street, Brookmere",
        ),
        DemoService(
            "Brookmere Community Network (demo)",
            "LGBT+ domestic abuse support",
            ADMIN,
            "Confidential support by and for lesbian, gay, bisexual, trans and non-binary people experiencing "
            "abuse from a partner or family member.",
            (S.OUTREACH, S.PEER_SUPPORT),
            (*DOMESTIC, "honour-based-abuse", "sexual-violence"),
            AccessRoute.SELF_ONLY,
            _phone(107),
            checked_days_ago=75,
            specialisms=("lgbt-plus",),
            opening_times="Monday to Friday, 10am to 6pm; Wednesday evenings until 8pm",
        ),
        DemoService(
            SERVICE_PROVIDERS["perpetrator-programme"],
            "Change programme for people who harm",
            "programme-worker@demo.invalid",
            "A group programme for people who want to stop being abusive to a partner, with a support worker for "
            "the partner alongside.",
            (S.BEHAVIOUR_CHANGE,),
            ("domestic-abuse", "coercive-control"),
            SELF_OR_PRO,
            _phone(108),
            checked_days_ago=90,
            minimum_age=18,
            genders=("male", "female"),
            interpreters=False,
            waiting_days=42,
        ),
    ]


def _refuge_services() -> list[DemoService]:
    found = []
    for n, provider in enumerate(PROVIDERS):
        sanctuary = any(group.type == "sanctuary-scheme" for group in provider.groups)
        found.append(
            DemoService(
                provider.name,
                "Sanctuary scheme" if sanctuary else "Safe accommodation",
                f"{provider.mailbox}@demo.invalid" if provider.mailbox else "accommodation-manager@demo.invalid",
                provider.summary,
                (S.SANCTUARY,) if sanctuary else (S.SAFE_ACCOMMODATION,),
                DOMESTIC + (HARMFUL if provider.specialisms else ()),
                SELF_OR_PRO if n % 3 == 0 else PROFESSIONAL,
                _phone(120 + n),
                # Willowmere's entry was last checked more than six months ago.
                checked_days_ago=198 if "Willowmere" in provider.name else 15 + 11 * n,
                districts=provider.districts,
                minimum_age=16 if n % 2 else 18,
                genders=provider.genders,
                languages=("en", *provider.languages),
                nrpf=bool(provider.specialisms) or n % 4 == 1,
                specialisms=provider.specialisms,
                opening_times="Referrals Monday to Friday, 9am to 5pm; out of hours through the helpline",
                confidential=True,
            )
        )
    return found


def demo_services() -> list[DemoService]:
    return [*_agency_services(), *_outreach(), *_refuge_services()]


def seed_directory(
    *, now: datetime, organisations: dict[str, Organisation], districts: dict[str, District], users: dict[str, User]
) -> int:
    """Add every demo entry not there yet (found by agency and name), oldest first. Returns how many."""
    made = 0
    specs = sorted(demo_services(), key=lambda spec: -spec.checked_days_ago)
    for spec in specs:
        organisation = organisations[spec.agency]
        if Service.objects.filter(organisation=organisation, name=spec.name).exists():
            continue
        details = {
            "name": spec.name,
            "description": spec.description,
            "service_types": [str(value) for value in spec.service_types],
            "forms_of_abuse": list(spec.forms_of_abuse),
            "risk_levels": list(spec.risk_levels),
            "minimum_age": spec.minimum_age,
            "maximum_age": spec.maximum_age,
            "genders": list(spec.genders),
            "countywide": not spec.districts,
            "districts": [districts[name] for name in spec.districts],
            "languages": list(spec.languages),
            "interpreters_available": spec.interpreters,
            "nrpf_accepted": spec.nrpf,
            "specialisms": [str(value) for value in spec.specialisms],
            "access_route": str(spec.access_route),
            "public_phone": spec.phone,
            "public_url": f"https://{slugify(organisation.name.removesuffix(' (demo)'))}.invalid/",
            "opening_times": spec.opening_times,
            "waiting_time_days": spec.waiting_days,
            "confidential_location": spec.confidential,
            "public_address": spec.public_address,
            "listed_publicly": spec.listed,
        }
        with at(now - timedelta(days=spec.checked_days_ago, hours=made % 7)):
            service_create(organisation=organisation, details=details, by=users[spec.keeper])
        made += 1
    return made
