"""Seeding the synthetic demo partnership (``manage.py seed_demo``).

Deterministic for a given seed and idempotent: rows are found by natural keys
(district slug, agency name, user email, open membership, device name) and
existing rows are left exactly as they are. Only a demo account whose password
no longer matches the demo password has it reset, so the printed sign-in
instructions stay true.

Districts, agencies, users and memberships are made through the accounts
services (system job "seed_demo"), so each is audited like any other. Caseworkers
at the receiving agencies without a demo account are made the same way, with no
password and no authenticator (they never sign in: they only work demo referrals).
Routing rules, referrals, cases and risk records follow (vawg/nonprod/demo/referrals.py), then
monthly MARAC meetings over the span of that caseload, drawn from its cases (vawg/nonprod/demo/marac.py), then
the service directory and safe accommodation with its history (vawg/nonprod/demo/provision/), then the police
extract, the RFG ranking and MATAC (vawg/nonprod/demo/intelligence/). Demo
passwords and demo authenticators are set here directly: only demo data has
known passwords and TOTP keys.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from vawg.accounts.models import District, Membership, Organisation, OrganisationType, User
from vawg.accounts.roles import CASEWORK_ROLES, Role
from vawg.accounts.services import district_create, membership_add, organisation_create, user_create
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.nonprod.demo.closures import seed_closures
from vawg.nonprod.demo.data import (
    AGENCIES,
    CASEWORKERS,
    DEVICE_NAME,
    DISTRICTS,
    EMAIL_DOMAIN,
    IDVA_SERVICE,
    ROLE_AGENCY,
    demo_email,
)
from vawg.nonprod.demo.equality import seed_equality
from vawg.nonprod.demo.intelligence import seed_intelligence
from vawg.nonprod.demo.justice import seed_justice
from vawg.nonprod.demo.marac import seed_marac
from vawg.nonprod.demo.programmes import seed_programmes
from vawg.nonprod.demo.provision import seed_provision
from vawg.nonprod.demo.referrals import (
    DemoStaff,
    ReferralsReport,
    install_routing,
    receiving_agencies,
    seed_access_controls,
    seed_referrals,
)
from vawg.nonprod.demo.totals import demo_totals
from vawg.nonprod.models import DemoClock

SYSTEM_JOB = "seed_demo"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    full_name: str
    agency: str


@dataclass
class SeedReport:
    seed: int
    created: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("districts", "organisations", "users", "memberships", "devices", "passwords_reset", "caseworkers"), 0
        )
    )
    accounts: list[DemoAccount] = field(default_factory=list)
    casework: ReferralsReport = field(default_factory=ReferralsReport)
    totals: dict[str, int] = field(default_factory=dict)
    serial_case: str = ""  # a case of idva@demo.invalid whose person causing harm is flagged serial

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.casework.created.values())


def demo_totp_key(*, seed: int, email: str) -> str:
    """The demo account's TOTP key: 20 bytes, hex, derived from the seed, the email and this install's SECRET_KEY.

    Re-running the seed keeps the same key, so authenticator codes keep working;
    mixing in SECRET_KEY means a published seed alone does not give the codes away.
    """
    message = f"seed_demo|{seed}|{email}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()[:20].hex()


def _districts(report: SeedReport) -> dict[str, District]:
    found: dict[str, District] = {}
    for name in DISTRICTS:
        slug = slugify(name)
        district = District.objects.filter(slug=slug).first()
        if district is None:
            district = district_create(name=name, slug=slug, system_job=SYSTEM_JOB)
            report.created["districts"] += 1
        found[name] = district
    return found


def _organisations(report: SeedReport, fake: Faker, districts: dict[str, District]) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for spec in AGENCIES:
        # Drawn whether or not the row exists, so every run consumes the same random stream.
        address = fake.address() if spec.type == OrganisationType.REFUGE_PROVIDER else ""
        organisation = Organisation.objects.filter(name=spec.name).first()
        if organisation is None:
            organisation = organisation_create(
                name=spec.name,
                type=spec.type,
                districts=[districts[name] for name in spec.districts],
                confidential_address=address,
                system_job=SYSTEM_JOB,
            )
            report.created["organisations"] += 1
        found[spec.name] = organisation
    return found


def _set_demo_password(user: User, password: str) -> None:
    """Demo accounts only: a known password, printed by seed_demo (real accounts use set-up links)."""
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])


def _account(report: SeedReport, *, role: Role, full_name: str, organisation: Organisation, password: str) -> User:
    email = demo_email(role)
    user = User.objects.filter(email=email).first()
    if user is None:
        validate_password(password, User(email=email, full_name=full_name))
        user = user_create(email=email, full_name=full_name, system_job=SYSTEM_JOB)
        _set_demo_password(user, password)
        report.created["users"] += 1
    elif not user.check_password(password):
        validate_password(password, user)
        _set_demo_password(user, password)
        report.created["passwords_reset"] += 1
    if not Membership.objects.filter(user=user, organisation=organisation, role=role, ended_at__isnull=True).exists():
        membership_add(user=user, organisation=organisation, role=role, system_job=SYSTEM_JOB)
        report.created["memberships"] += 1
    if not TOTPDevice.objects.filter(user=user, name=DEVICE_NAME).exists():
        device = TOTPDevice(
            user=user, name=DEVICE_NAME, confirmed=True, key=demo_totp_key(seed=report.seed, email=email)
        )
        save_valid(device)
        report.created["devices"] += 1
    return user


def demo_clock_anchor() -> datetime:
    """The instant the demo is planned from: the first run's "now" (to the minute), stored so that every
    later run plans the same history whatever the time of day, day or month it runs at."""
    clock = DemoClock.objects.order_by("created_at").first()
    if clock is None:
        clock = DemoClock(anchored_at=timezone.now().replace(second=0, microsecond=0))
        save_valid(clock)
    return clock.anchored_at


@transaction.atomic
def demo_data_seed(*, seed: int, password: str) -> SeedReport:
    """Create the demo partnership for ``seed``: districts, fictional agencies, one account per role,
    then the caseload and the MARAC history, planned from the demo's anchored "now"."""
    report = SeedReport(seed=seed)
    anchor = demo_clock_anchor()
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    districts = _districts(report)
    organisations = _organisations(report, fake, districts)
    accounts: dict[Role, User] = {}
    for role in Role:
        organisation = organisations[ROLE_AGENCY[role]]
        full_name = f"{fake.first_name()} {fake.last_name()}"
        user = _account(report, role=role, full_name=full_name, organisation=organisation, password=password)
        accounts[role] = user
        report.accounts.append(
            DemoAccount(email=user.email, role=role, full_name=user.full_name, agency=organisation.name)
        )
    staff = _staff(report, fake, organisations, accounts)
    report.casework.created["routing_rules"] = install_routing(organisations, districts)
    district_list = [districts[name] for name in DISTRICTS]
    made = seed_referrals(seed=seed, now=anchor, staff=staff, districts=district_list, report=report.casework)
    if made:
        seed_access_controls(made=made, staff=staff, idva=accounts[Role.IDVA])
    report.casework.created["equality_records"] = seed_equality(seed=seed)
    # MARAC history: after the casework, drawn from its cases (vawg/nonprod/demo/marac.py).
    report.created.update(
        seed_marac(seed=seed, now=anchor, accounts=accounts, organisations=organisations, districts=district_list)
    )
    # A handful of cases closed for coded reasons, with exit answers (vawg/nonprod/demo/closures.py).
    report.created["closed_cases"] = seed_closures(now=anchor)
    # Services and safe accommodation, with two years of placements (vawg/nonprod/demo/provision/).
    provision = seed_provision(
        seed=seed, now=anchor, organisations=organisations, districts=districts, accounts=accounts
    )
    for name, count in provision.items():
        report.created[name] = report.created.get(name, 0) + count
    # People causing harm, the police extract, the RFG ranking and MATAC (vawg/nonprod/demo/intelligence/).
    intelligence = seed_intelligence(seed=seed, now=anchor, organisations=organisations, accounts=accounts)
    report.created.update(intelligence.created)
    report.serial_case = intelligence.walkthrough_case
    # Protective orders and disclosures with live deadlines, and breaches (vawg/nonprod/demo/justice/).
    report.created.update(seed_justice(seed=seed, now=anchor, organisations=organisations, accounts=accounts))
    # Behaviour-change programmes, partner support and high-harm cases (vawg/nonprod/demo/programmes/).
    report.created.update(seed_programmes(seed=seed, now=anchor, organisations=organisations, accounts=accounts))
    if report.changed:
        audit_record(
            action="nonprod.demo.seed",
            system_job=SYSTEM_JOB,
            details={"seed": seed, **report.created, **report.casework.created},
        )
    report.totals = demo_totals()
    return report


def _staff(
    report: SeedReport, fake: Faker, organisations: dict[str, Organisation], accounts: dict[Role, User]
) -> DemoStaff:
    """Caseworkers at receiving agencies without a demo account (no password, no device: they never sign in)."""
    workers: dict[object, User] = {}
    for role, user in accounts.items():
        if role in CASEWORK_ROLES:
            workers.setdefault(organisations[ROLE_AGENCY[role]].pk, user)
    extra: dict[str, User] = {}
    for local, agency, role in CASEWORKERS:
        # Drawn whether or not the row exists, so every run consumes the same random stream.
        full_name = f"{fake.first_name()} {fake.last_name()}"
        email = f"{local}@{EMAIL_DOMAIN}"
        existing = User.objects.filter(email=email).first()
        user = existing or user_create(email=email, full_name=full_name, system_job=SYSTEM_JOB)
        if existing is None:
            report.created["caseworkers"] += 1
        organisation = organisations[agency]
        if not Membership.objects.filter(user=user, organisation=organisation, ended_at__isnull=True).exists():
            membership_add(user=user, organisation=organisation, role=role, system_job=SYSTEM_JOB)
            report.created["memberships"] += 1
        workers.setdefault(organisation.pk, user)
        extra[agency] = user
    missing = [name for name in receiving_agencies() if organisations[name].pk not in workers]
    if missing:
        raise ValueError(f"No demo caseworker at {', '.join(missing)}")
    return DemoStaff(
        referrers={role: accounts[role] for role in (Role.POLICE, Role.HEALTH, Role.SOCIAL_WORKER, Role.HOUSING)},
        workers=workers,
        police=organisations[ROLE_AGENCY[Role.POLICE]],
        childrens_services=organisations[ROLE_AGENCY[Role.SOCIAL_WORKER]],
        deny_listed=extra[IDVA_SERVICE],
    )
