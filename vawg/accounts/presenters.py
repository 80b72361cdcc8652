"""Display values for the accounts pages: My work, home cards, memberships, the authenticator QR code."""

from __future__ import annotations

import base64
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django_otp.plugins.otp_totp.models import TOTPDevice

from vawg.accounts.models import User
from vawg.accounts.selectors import my_work_entries
from vawg.core.presenters import SummaryRow, Tag


@dataclass(frozen=True)
class WorkRow:
    """One count on "My work": what it is, how many, and the list that shows exactly those rows."""

    key: str
    label: str
    count: int
    url: str


def my_work_rows(user: User) -> list[WorkRow]:
    """The counts ``user``'s permissions cover, each linking to its list (one query per count)."""
    rows = []
    for entry in my_work_entries(user):
        url = reverse(entry.url_name) + (f"?{entry.query}" if entry.query else "")
        rows.append(WorkRow(key=entry.key, label=entry.label, count=entry.count(user), url=url))
    return rows


@dataclass(frozen=True)
class Card:
    title: str
    description: str
    url: str


# (permission, URL name, title, description). Later features add their cards here.
HOME_CARDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "cases.view_cases",
        "cases:case_list",
        "Cases",
        "The cases you can see: search them, read and add to their chronology, manage access.",
    ),
    (
        "referrals.create",
        "referral_intake:intake_start",
        "Make a referral",
        "Refer someone to the right service, for any form of VAWG and any level of risk.",
    ),
    (
        "referrals.triage",
        "referrals:referral_inbox",
        "Referrals to your agency",
        "Referrals routed to your agency: triage, accept or decline, and first contact that is overdue.",
    ),
    (
        "referrals.view_referrals",
        "referrals:referral_sent_list",
        "Referrals you made",
        "What happened to the referrals you and your agency made.",
    ),
    (
        "provision.view_directory",
        "directory:service_list",
        "Services directory",
        "Services in the partnership: who they are for, how to reach them, and your agency's own entries.",
    ),
    (
        "provision.request_accommodation",
        "accommodation:accommodation_home",
        "Safe accommodation",
        "Find a refuge or other safe place for a household: the vacancy board, matching units, reservations.",
    ),
    (
        "provision.keep_units",
        "accommodation:accommodation_home",
        "Your safe accommodation units",
        "Your units and their availability, reservations waiting for your answer, households moving in and out.",
    ),
    (
        "provision.view_gaps",
        "commissioning:gap_matrix_detail",
        "Coverage gaps",
        "Services against the referrals of the last 12 months, by district, age and risk (small numbers hidden).",
    ),
    (
        "provision.view_part4_return",
        "commissioning:part4_return_detail",
        "Part 4 annual return",
        "The Domestic Abuse Act 2021 Part 4 return on safe accommodation, for a financial year.",
    ),
    (
        "intelligence.view_people_causing_harm",
        "harm:person_causing_harm_list",
        "People causing harm",
        "The people causing harm your agency works with: victims and cases you can see, incidents, serial flags.",
    ),
    (
        "intelligence.import_police_data",
        "police:police_import_list",
        "Police data",
        "Import your force's extracts of domestic abuse incidents and crimes, all or nothing, with a row-level report.",
    ),
    (
        "intelligence.review_links",
        "linkage:identity_link_list",
        "Identity links",
        "Pairs of records that may be the same person: compare them side by side, accept or reject.",
    ),
    (
        "intelligence.run_ranking",
        "ranking:rfg_ranking_detail",
        "RFG ranking",
        "People causing harm ranked by recency, frequency, gravity and victims: a local model, advisory only.",
    ),
    (
        "intelligence.take_part_in_matac",
        "matac:meeting_list",
        "MATAC",
        "Multi-agency tasking and coordination: nominations, subjects, your agency's tactics and minutes.",
    ),
    (
        "justice.view_attrition",
        "justice:attrition_detail",
        "Crime outcomes",
        "The attrition funnel of domestic-abuse crimes, from recorded to charged and convicted (small numbers hidden).",
    ),
    (
        "justice.view_orders",
        "orders:order_list",
        "Protective orders",
        "Orders, notices and DVDS disclosures: deadlines within 48 hours or overdue, conditions and breaches.",
    ),
    (
        "programmes.run_programmes",
        "programmes:referral_queue",
        "Programmes",
        "Your agency's behaviour-change programmes: referrals to triage, assessments, sessions and attendance.",
    ),
    (
        "programmes.run_programmes",
        "high_harm:caseload_detail",
        "High-harm cases",
        "Your high-harm caseload (Drive model): the next intervention due, and each agency's interventions.",
    ),
    (
        "accounts.use_service",
        "accounts:account_detail",
        "Your account",
        "Your details, where you are signed in, API tokens.",
    ),
    (
        "accounts.access_admin_site",
        "admin:index",
        "Administration",
        "Agencies, districts, users and their roles. Disable a user or reset their password and authenticator.",
    ),
)


def home_cards(user: User) -> list[Card]:
    """The cards this user's permissions allow (features not installed yet are left out)."""
    cards = []
    for perm, url_name, title, description in HOME_CARDS:
        if not user.has_perm(perm):
            continue
        try:
            cards.append(Card(title=title, description=description, url=reverse(url_name)))
        except NoReverseMatch:
            continue
    return cards


@dataclass(frozen=True)
class MembershipRow:
    organisation: str
    role: str


def membership_rows(user: User) -> list[MembershipRow]:
    return [
        MembershipRow(organisation=membership.organisation.name, role=membership.get_role_display())
        for membership in user.active_memberships()
    ]


def account_rows(user: User, *, has_authenticator: bool) -> list[SummaryRow]:
    """The "Your account" summary: name, email, roles at each agency, whether an authenticator is set up."""
    roles = [f"{row.role} at {row.organisation}" for row in membership_rows(user)] or ["None"]
    return [
        SummaryRow("Name", user.full_name),
        SummaryRow("Email address", user.email),
        SummaryRow(
            "Roles",
            format_html('<ul class="govuk-list">{}</ul>', format_html_join("", "<li>{}</li>", ((r,) for r in roles))),
        ),
        SummaryRow("Authenticator app", "Set up" if has_authenticator else "Not set up"),
    ]


THIS_SESSION = Tag("This session")


def optional_url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class AuthenticatorSetup:
    qr_data_uri: str
    secret: str


def authenticator_setup(device: TOTPDevice) -> AuthenticatorSetup:
    """The QR code (an SVG data: URI, allowed by the CSP's img-src) and the key grouped for typing."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    svg = image.to_string()
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return AuthenticatorSetup(
        qr_data_uri="data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )
