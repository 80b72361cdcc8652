"""Roles and the permissions each role holds.

Permissions are data: ``PERMISSIONS`` is the one table that says what each
permission allows and which roles hold it, and ``vawg/accounts/rules.py`` turns
it into Django permissions checked with ``user.has_perm(...)``. Views never test role names.
Object-level rules (which case, which agency) live with each domain's
``visible_to`` gate, on top of these.

Changing this table changes who can do what: it is reviewed like code and
documented in docs/access-control.md.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "System administrator"
    ANALYST = "analyst", "Partnership analyst"
    MARAC_COORDINATOR = "marac-coordinator", "MARAC coordinator"
    IDVA = "idva", "IDVA, ISVA or outreach caseworker"
    POLICE = "police", "Police domestic abuse officer"
    SOCIAL_WORKER = "social-worker", "Social worker"
    HEALTH = "health", "Health practitioner"
    HOUSING = "housing", "Housing officer"
    ACCOMMODATION_MANAGER = "accommodation-manager", "Accommodation manager"
    PROGRAMME_WORKER = "programme-worker", "Perpetrator programme worker"
    BOARD = "board", "Board member"
    COMMISSIONER = "commissioner", "Commissioner"
    MATAC_COORDINATOR = "matac-coordinator", "MATAC coordinator"
    PROBATION = "probation", "Probation officer"


# Roles that work with individual people's records. Analysts and board members see aggregates only.
CASEWORK_ROLES = frozenset(
    {
        Role.MARAC_COORDINATOR,
        Role.IDVA,
        Role.POLICE,
        Role.SOCIAL_WORKER,
        Role.HEALTH,
        Role.HOUSING,
        Role.ACCOMMODATION_MANAGER,
        Role.PROGRAMME_WORKER,
        Role.MATAC_COORDINATOR,
        Role.PROBATION,
    }
)
ALL_ROLES = frozenset(Role)

# Django admin model permissions a system administrator holds (the admin site checks these).
_ADMIN_MODEL_PERMISSIONS = frozenset(
    f"{app}.{action}_{model}"
    for app, model in (
        ("accounts", "user"),
        ("accounts", "organisation"),
        ("accounts", "membership"),
        ("accounts", "district"),
        ("referrals", "routingrule"),
        ("marac", "maracarea"),
        ("marac", "adultfemalepopulation"),
    )
    for action in ("view", "add", "change")
)

PERMISSIONS: dict[str, tuple[str, frozenset[Role]]] = {
    # permission: (what it allows, roles that hold it)
    "accounts.use_service": ("Sign in and use the staff service", ALL_ROLES),
    "accounts.access_admin_site": ("Use the administration site", frozenset({Role.ADMIN})),
    "accounts.manage_users": (
        "Manage agencies, users and memberships; disable users; end sessions",
        frozenset({Role.ADMIN}),
    ),
    "accounts.view_agency_directory": ("See the list of partner agencies", ALL_ROLES),
    "axes.view_accessattempt": ("See sign-in lockouts (failed sign-in records)", frozenset({Role.ADMIN})),
    "axes.delete_accessattempt": ("Lift a sign-in lockout early (audited)", frozenset({Role.ADMIN})),
    "audit.view_audit_log": ("Read the audit log", frozenset({Role.ADMIN})),
    "audit.view_record_access": ("See who has accessed a record", frozenset({Role.ADMIN})),
    "api.use_api": ("Call the API with a personal token", ALL_ROLES),
    "strategy.view_aggregates": (
        "See aggregate figures and dashboards",
        frozenset({Role.ANALYST, Role.BOARD, Role.ADMIN, Role.MARAC_COORDINATOR, Role.COMMISSIONER}),
    ),
    "cases.view_cases": ("See cases their agency holds, works on or has been granted", CASEWORK_ROLES),
    "cases.export_cases": (
        "Download the case list they see, filtered, as CSV (reference, status, risk, district, agency, dates; "
        "no names, addresses or contact details; audited)",
        frozenset({Role.IDVA, Role.MARAC_COORDINATOR}),
    ),
    "cases.break_glass": (
        "Open a case they cannot otherwise see, for a stated reason, for a short time (audited; the owner is alerted)",
        frozenset({Role.MARAC_COORDINATOR, Role.POLICE}),
    ),
    "cases.manage_case": (
        "Manage a case their agency owns: team, agencies, grants, restriction, deny-list, closing",
        frozenset({Role.IDVA, Role.MARAC_COORDINATOR, Role.POLICE, Role.SOCIAL_WORKER}),
    ),
    "cases.reveal_contact": (
        "See a victim's address and contact details on a case they can see, for a recorded reason "
        "(managers of the case may too)",
        frozenset({Role.IDVA, Role.POLICE}),
    ),
    "referrals.view_referrals": (
        "See referrals they or their agency made (and the outcome), referrals routed to their agency, "
        "and referrals linked to a case they can see",
        CASEWORK_ROLES,
    ),
    "referrals.triage": (
        "Triage referrals routed to their agency: send, accept, decline, withdraw, close; record first contact",
        CASEWORK_ROLES,
    ),
    "referrals.create": (
        "Make a referral (the professional referral form and POST /api/v1/referrals)",
        CASEWORK_ROLES,
    ),
    # Reviewed permission: who holds it was reviewed (docs/access-control.md); a change needs the same review.
    "referrals.override_consent": (
        "Share a referral without the person's consent, without asking them, on a lawful basis with a reason "
        "(audited; shown on the referral)",
        frozenset({Role.MARAC_COORDINATOR, Role.POLICE}),
    ),
    "risk.assess": (
        "Record and read risk on cases they can see: DASH assessments, screens, police grades, incidents",
        CASEWORK_ROLES,
    ),
    "marac.coordinate": (
        "Coordinate MARACs their agency runs: meetings, the referral queue, agendas, attendance, minutes, "
        "transfers, the outstanding-actions dashboard",
        frozenset({Role.MARAC_COORDINATOR}),
    ),
    "marac.take_part": (
        "Take part in MARAC for their agency: refer a case, see agendas of meetings the agency attends, "
        "complete its research, update its actions, chair a meeting they are named chair of, "
        "download its minutes, record that the victim was told",
        CASEWORK_ROLES,
    ),
    "marac.record_victim_voice": (
        "Record the victim's views and safety concerns for a MARAC meeting",
        frozenset({Role.IDVA}),
    ),
    "marac.view_return": (
        "Download the SafeLives quarterly MARAC return (exact figures; CSV, XLSX, API)",
        frozenset({Role.MARAC_COORDINATOR, Role.ANALYST}),
    ),
    "provision.view_directory": (
        "See the service directory, every entry in full (never a refuge's address)",
        ALL_ROLES,
    ),
    "provision.keep_services": (
        "Keep their agency's entries in the service directory: add, change, mark as checked (audited, dated)",
        CASEWORK_ROLES | {Role.ADMIN},
    ),
    "provision.keep_units": (
        "Keep their agency's safe accommodation units and availability, see their addresses, and accept or "
        "decline reservations, start and end placements",
        frozenset({Role.ACCOMMODATION_MANAGER}),
    ),
    "provision.request_accommodation": (
        "Raise safe accommodation requests from cases they can see, see the vacancy board (no addresses), "
        "match and reserve units",
        frozenset({Role.IDVA, Role.HOUSING, Role.SOCIAL_WORKER}),
    ),
    "provision.view_gaps": (
        "See the coverage-gap matrix of services against referrals (aggregates, small numbers suppressed)",
        frozenset({Role.COMMISSIONER, Role.ANALYST, Role.BOARD, Role.ADMIN}),
    ),
    "provision.view_part4_return": (
        "Download the Domestic Abuse Act 2021 Part 4 annual return (exact figures; CSV, XLSX, API)",
        frozenset({Role.COMMISSIONER, Role.ANALYST}),
    ),
    # People causing harm (vawg/intelligence; docs/people-causing-harm.md).
    "intelligence.view_people_causing_harm": (
        "See the people causing harm their agency works with or holds a grant for (names, aliases, victims, "
        "incidents, scores)",
        frozenset({Role.POLICE, Role.MATAC_COORDINATOR, Role.PROBATION, Role.PROGRAMME_WORKER}),
    ),
    "intelligence.manage_people_causing_harm": (
        "Manage who may see a person causing harm: agencies working with them, grants with a lawful basis, "
        "restriction and deny-lists (audited)",
        frozenset({Role.POLICE, Role.MATAC_COORDINATOR}),
    ),
    "intelligence.import_police_data": (
        "Upload extracts of police domestic abuse incidents and crimes (all-or-nothing, audited with the file's hash)",
        frozenset({Role.POLICE}),
    ),
    "intelligence.review_links": (
        "Decide uncertain identity matches between records (accept or reject, reversible, audited; never a merge)",
        frozenset({Role.POLICE}),
    ),
    "intelligence.run_ranking": (
        "Run and read the recency-frequency-gravity ranking of people causing harm (advisory only)",
        frozenset({Role.POLICE, Role.MATAC_COORDINATOR}),
    ),
    # MATAC (vawg/intelligence; docs/matac.md).
    "intelligence.run_matac": (
        "Run MATAC: meetings, nominations, subjects, profiles, tactics, reviews, exits and minutes",
        frozenset({Role.MATAC_COORDINATOR}),
    ),
    "intelligence.take_part_in_matac": (
        "Take part in MATAC for their agency: nominate with a reason, see the subjects of meetings their agency "
        "is invited to, keep their agency's tactics, read their agency's copy of the minutes",
        frozenset(
            {
                Role.POLICE,
                Role.MATAC_COORDINATOR,
                Role.PROBATION,
                Role.PROGRAMME_WORKER,
                Role.IDVA,
                Role.SOCIAL_WORKER,
                Role.HOUSING,
                Role.HEALTH,
            }
        ),
    ),
    # Protective orders and disclosures (vawg/justice; docs/orders.md).
    "justice.view_orders": (
        "See the protective orders and disclosures on the people causing harm they may see, with their deadlines",
        frozenset({Role.POLICE, Role.MATAC_COORDINATOR, Role.PROBATION}),
    ),
    "justice.manage_orders": (
        "Record protective orders, disclosures and bail conditions, their hearings, variations and breaches (audited)",
        frozenset({Role.POLICE}),
    ),
    # Crime outcomes and the attrition funnel (vawg/justice; docs/justice-outcomes.md).
    "justice.view_attrition": (
        "See the attrition funnel and crime outcomes (aggregates, small numbers suppressed; page and API)",
        frozenset({Role.ANALYST, Role.BOARD, Role.COMMISSIONER, Role.POLICE}),
    ),
    # Behaviour-change programmes (vawg/programmes; docs/programmes.md).
    "programmes.run_programmes": (
        "Run their agency's behaviour-change programmes: referrals, assessment, sessions and attendance, "
        "outcome measures, completion or exit, high-harm case management",
        frozenset({Role.PROGRAMME_WORKER}),
    ),
    "programmes.refer_to_programme": (
        "Refer a person causing harm they can see to a behaviour-change programme",
        frozenset(
            {
                Role.POLICE,
                Role.PROBATION,
                Role.MARAC_COORDINATOR,
                Role.MATAC_COORDINATOR,
                Role.SOCIAL_WORKER,
                Role.IDVA,
                Role.PROGRAMME_WORKER,
            }
        ),
    ),
    "programmes.support_partners": (
        "Give integrated support to the partner or ex-partner of someone on a programme, through the partner's "
        "own case, and record their safety reports apart from the programme's notes",
        frozenset({Role.IDVA}),
    ),
    **{perm: ("Django admin model permission", frozenset({Role.ADMIN})) for perm in _ADMIN_MODEL_PERMISSIONS},
}


def permissions_for_roles(roles: set[str] | frozenset[str]) -> frozenset[str]:
    """Every permission held by anyone with these roles."""
    return frozenset(perm for perm, (_, holders) in PERMISSIONS.items() if holders & roles)


def holders_of(perm: str) -> list[str]:
    """The roles that hold ``perm`` (sorted, for a ``role__in`` filter)."""
    return sorted(str(role) for role in PERMISSIONS[perm][1])
