"""The access matrix: every URL and every API operation x every persona.

The expected outcome for each cell comes from the table below (the policy), not
from the code under test. A URL pattern or API operation that is not in the
table fails the suite, so nothing new ships without a decision on who may use it.

Outcomes:
- allow: the request is served (2xx, or a 3xx that is not a bounce to sign-in).
- deny:  anonymous users are sent to sign-in (web) or get 401 (API); signed-in
         users get 403 or 404. A denied request never gets a 2xx.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.core.tests.matrix import (
    ADMIN_ONLY,
    ANONYMOUS,
    CASE_OWNER,
    CASEWORK,
    EVERYONE,
    LIKE_ANONYMOUS,
    STAFF,
    Rule,
)
from vawg.core.tests.matrix import apply_variant as _apply_variant
from vawg.core.tests.matrix import case_a as _case_a
from vawg.core.tests.matrix import case_of_a as _case_of_a


def _organisation_a(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"object_type": "accounts.organisation", "object_id": str(ctx["agencies"].a.pk)}


def _admins_token(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"token_id": ctx["admin_token"].pk}


def _agency_a(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(ctx["agencies"].a.pk)}


def _case_a_grant(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.tests.factories import CaseAccessGrantFactory

    grant = CaseAccessGrantFactory(case=_case_of_a(ctx), organisation=ctx["agencies"].c)
    return {"case_id": grant.case_id, "grant_id": grant.pk}


def _case_a_member(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.tests.factories import CaseTeamMemberFactory

    member = CaseTeamMemberFactory(case=_case_of_a(ctx))
    return {"case_id": member.case_id, "team_member_id": member.pk}


def _case_a_agency(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.tests.factories import CaseAgencyFactory

    link = CaseAgencyFactory(case=_case_of_a(ctx), organisation=ctx["agencies"].c)
    return {"case_id": link.case_id, "case_agency_id": link.pk}


def _case_a_deny(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.tests.factories import CaseDenyEntryFactory

    entry = CaseDenyEntryFactory(case=_case_of_a(ctx))
    return {"case_id": entry.case_id, "deny_entry_id": entry.pk}


def _case_a_alert(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.models import CaseAlert, CaseAlertKind

    case = _case_of_a(ctx)
    alert = CaseAlert.objects.create(
        case=case, organisation=ctx["agencies"].a, kind=CaseAlertKind.BREAK_GLASS, message="Matrix alert"
    )
    return {"alert_id": alert.pk}


def _risk_assessment_a(ctx: dict[str, Any]) -> dict[str, Any]:
    """A DASH assessment on a case of agency A (vawg/risk), made by the IDVA persona."""
    from django.utils import timezone

    from vawg.risk.rules import DASH_ITEM_NUMBERS, Answer
    from vawg.risk.services import Judgement, dash_assessment_submit

    case = _case_of_a(ctx, plain=True)
    assessment = dash_assessment_submit(
        case=case,
        by=ctx["personas"]["idva_a"],
        answers=dict.fromkeys(DASH_ITEM_NUMBERS, Answer.NO),
        item_notes={},
        judgement=Judgement(),
        assessment_date=timezone.localdate(),
    )
    _apply_variant(ctx, case)
    return {"case_id": assessment.case_id, "assessment_id": assessment.pk}


# Referrals (vawg/referrals): a self-referral routed to agency A only, so only the IDVA persona works it.
def _referral_of_a(ctx: dict[str, Any]) -> Any:
    from vawg.referrals.tests.factories import referral_routed_to

    return referral_routed_to(ctx["agencies"].a, source="self")


def _referral_a(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": _referral_of_a(ctx).pk}


def _referral_a_duplicate(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.cases.tests.factories import CaseFactory
    from vawg.people.tests.factories import PersonFactory
    from vawg.referrals.models import PossibleDuplicate

    known = PersonFactory()
    CaseFactory(victim=known, owning_organisation=ctx["agencies"].a)  # flags show only people agency A knows
    flag = PossibleDuplicate.objects.create(referral=_referral_of_a(ctx), person=known, reasons=["matrix"])
    return {"referral_id": flag.referral_id, "duplicate_id": flag.pk}


def _referral_a_task(ctx: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from vawg.referrals.models import ReferralTask, TaskKind

    referral = _referral_of_a(ctx)
    task = ReferralTask.objects.create(referral=referral, kind=TaskKind.FGM_POLICE_REPORT, due=timezone.now())
    return {"referral_id": task.referral_id, "task_id": task.pk}


REFERRAL_RECEIVER = frozenset({"idva_a"})


# Referral intake (vawg/referrals views_intake, views_public, api): an unknown draft sends you back to the start.
def _intake_draft(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"draft_id": "matrix-draft-that-does-not-exist"}


def _intake_step(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"draft_id": "matrix-draft-that-does-not-exist", "step": "person"}


def _referral_a_id(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(_referral_of_a(ctx).pk)}


REFERRAL_API_BODY = {
    "subject": {"given_name": "Matrix", "family_name": "Person", "approximate_age": 30},
    "forms_of_abuse": ["domestic-abuse"],
    "consent": "given",
    "risk_tool": "dara",
    "risk_grade": "medium",
    "details": "Matrix referral",
}


SIGN_IN_STEP = Rule(allowed=EVERYONE, sign_in_step=True)

# Web pages, by URL name. Admin-site URLs are covered by ADMIN_NAMESPACE below.
WEB: dict[str, Rule] = {
    "public:page_home": Rule(allowed=EVERYONE),
    "public:page_staying_safe": Rule(allowed=EVERYONE),
    "public:page_accessibility": Rule(allowed=EVERYONE),
    "public:page_privacy": Rule(allowed=EVERYONE),
    "public:page_exit": Rule(allowed=EVERYONE),
    "accounts:sign_in_password": SIGN_IN_STEP,
    "accounts:sign_in_code": SIGN_IN_STEP,
    "accounts:sign_in_enrol": SIGN_IN_STEP,
    # Shown once, straight after setting up an authenticator; at any other time it is refused to everyone.
    "accounts:sign_in_recovery_codes": Rule(allowed=frozenset()),
    "accounts:setup_link_use": Rule(
        allowed=EVERYONE, sign_in_step=True, kwargs=lambda ctx: {"token": "not-a-real-token"}
    ),
    "accounts:setup_link_enter": Rule(allowed=EVERYONE, sign_in_step=True),
    "accounts:sign_out": Rule(allowed=STAFF, method="POST"),
    "accounts:staff_home": Rule(allowed=STAFF),
    "accounts:account_detail": Rule(allowed=STAFF),
    "accounts:code_confirm": Rule(allowed=STAFF),  # a fresh code before a sensitive step
    "accounts:session_end_others": Rule(allowed=STAFF, method="POST"),
    "audit:entry_list": Rule(allowed=ADMIN_ONLY, audited="audit.log.view"),
    "audit:record_access_list": Rule(allowed=ADMIN_ONLY, kwargs=_organisation_a, audited="audit.record_access.view"),
    "api_tokens:token_list": Rule(allowed=STAFF),
    "api_tokens:token_create": Rule(
        allowed=STAFF, method="POST", data={"name": "Matrix token"}, audited="api.token.create"
    ),
    # Only the owner may revoke a token: everyone else gets 404.
    "api_tokens:token_revoke": Rule(allowed=ADMIN_ONLY, method="POST", kwargs=_admins_token, data={"reason": "test"}),
    "referrals:referral_inbox": Rule(allowed=CASEWORK),
    "referrals:referral_overdue_list": Rule(allowed=CASEWORK),
    "referrals:referral_sent_list": Rule(allowed=CASEWORK),
    "referrals:referral_detail": Rule(allowed=REFERRAL_RECEIVER, kwargs=_referral_a, audited="referrals.referral.view"),
    "referrals:referral_transition": Rule(
        allowed=REFERRAL_RECEIVER,
        method="POST",
        kwargs=_referral_a,
        data={"to": "triaged"},
        audited="referrals.referral.triage",
    ),
    "referrals:referral_decline": Rule(allowed=REFERRAL_RECEIVER, kwargs=_referral_a),
    "referrals:first_contact_record": Rule(
        allowed=REFERRAL_RECEIVER, method="POST", kwargs=_referral_a, audited="referrals.first_contact.record"
    ),
    "referrals:duplicate_resolve": Rule(
        allowed=REFERRAL_RECEIVER,
        method="POST",
        kwargs=_referral_a_duplicate,
        data={"resolution": "not-duplicate"},
        audited="referrals.possible_duplicate.resolve",
    ),
    "referrals:task_complete": Rule(
        allowed=REFERRAL_RECEIVER, method="POST", kwargs=_referral_a_task, audited="referrals.task.complete"
    ),
    "referral_intake:intake_start": Rule(allowed=CASEWORK),
    "referral_intake:intake_step": Rule(allowed=CASEWORK, kwargs=_intake_step),
    "referral_intake:intake_check": Rule(allowed=CASEWORK, kwargs=_intake_draft),
    "referral_intake:intake_sent": Rule(allowed=CASEWORK, kwargs=_intake_draft),
    # Public self-referral (no sign-in): everyone, including signed-in staff.
    "self_referral:self_referral_home": Rule(allowed=EVERYONE),
    "self_referral:self_referral_begin": Rule(allowed=EVERYONE),
    "self_referral:self_referral_step": Rule(allowed=EVERYONE, kwargs=lambda ctx: {"step": "safe-contact"}),
    "self_referral:self_referral_check": Rule(allowed=EVERYONE),
    "self_referral:self_referral_sent": Rule(allowed=EVERYONE),
    "self_referral:worried_home": Rule(allowed=EVERYONE),
    "self_referral:self_referral_begin_worried": Rule(allowed=EVERYONE),
    "self_referral:self_referral_step_worried": Rule(allowed=EVERYONE, kwargs=lambda ctx: {"step": "safe-contact"}),
    "self_referral:self_referral_check_worried": Rule(allowed=EVERYONE),
    "self_referral:self_referral_sent_worried": Rule(allowed=EVERYONE),
    "cases:case_list": Rule(allowed=CASEWORK),
    "cases:case_search": Rule(allowed=CASEWORK, method="POST", data={"name": "Smith"}, audited="cases.case.search"),
    "cases:case_break_glass": Rule(allowed=frozenset({"police_b", "marac_coordinator"})),
    "cases:alert_list": Rule(allowed=CASEWORK),
    # Only for the alerted agency's staff who can see the case: everyone else gets 404.
    "cases:alert_read": Rule(allowed=CASE_OWNER, method="POST", kwargs=_case_a_alert),
    "cases:case_detail": Rule(allowed=CASE_OWNER, kwargs=_case_a, audited="cases.case.view"),
    "cases:contact_reveal": Rule(
        allowed=CASE_OWNER,
        method="POST",
        kwargs=_case_a,
        data={"reason": "Arranging a safe visit"},
        audited="cases.victim_contact.reveal",
    ),
    "cases:note_add": Rule(
        allowed=CASE_OWNER, method="POST", kwargs=_case_a, data={"body": "Matrix note"}, audited="cases.note.add"
    ),
    "cases:safe_contact_edit": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:case_manage": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:team_member_add": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:case_agency_add": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:grant_add": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:grant_revoke": Rule(allowed=CASE_OWNER, method="POST", kwargs=_case_a_grant, audited="cases.grant.revoke"),
    "cases:team_member_remove": Rule(
        allowed=CASE_OWNER, method="POST", kwargs=_case_a_member, audited="cases.team_member.remove"
    ),
    "cases:case_agency_remove": Rule(
        allowed=CASE_OWNER, method="POST", kwargs=_case_a_agency, audited="cases.agency.remove"
    ),
    "cases:deny_entry_remove": Rule(
        allowed=CASE_OWNER, method="POST", kwargs=_case_a_deny, audited="cases.deny_entry.remove"
    ),
    "cases:restriction_change": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:deny_entry_add": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "cases:case_status_change": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    # Risk on a case (vawg/risk): casework roles who can see the case (agency A's IDVA); 404 or 403 for the rest.
    "risk:risk_history": Rule(allowed=CASE_OWNER, kwargs=_case_a, audited="risk.history.view"),
    "risk:dash_assessment_create": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "risk:dash_assessment_detail": Rule(
        allowed=CASE_OWNER, kwargs=_risk_assessment_a, audited="risk.dash_assessment.view"
    ),
    "risk:stalking_screen_create": Rule(allowed=CASE_OWNER, kwargs=_risk_assessment_a),
    "risk:honour_screen_create": Rule(allowed=CASE_OWNER, kwargs=_risk_assessment_a),
    "risk:police_grade_create": Rule(allowed=CASE_OWNER, kwargs=_case_a),
    "risk:incident_create": Rule(allowed=CASE_OWNER, kwargs=_case_a),
}

# API operations, by "METHOD /path" as in the OpenAPI document. Anonymous callers get 401.
API: dict[str, Rule] = {
    "GET /api/v1/health": Rule(allowed=EVERYONE),
    "GET /api/v1/me": Rule(allowed=STAFF),
    # A new referral answers 201 (the same Idempotency-Key again: 200); only the referrer or a routed agency sees one.
    "POST /api/v1/referrals": Rule(allowed=CASEWORK, method="POST", data=REFERRAL_API_BODY),
    "GET /api/v1/referrals/{id}": Rule(allowed=REFERRAL_RECEIVER, kwargs=_referral_a_id),
    "GET /api/v1/agencies": Rule(allowed=STAFF),
    "GET /api/v1/agencies/{id}": Rule(allowed=STAFF, kwargs=_agency_a),
    "POST /api/v1/risk/dash/assess": Rule(
        allowed=STAFF, method="POST", data={"answers": dict.fromkeys(map(str, range(1, 25)), "no")}
    ),
}


def _merge_app_matrices() -> None:
    """Add each app's table (vawg/<app>/tests/matrix*.py: ``WEB`` and ``API``); a key listed twice fails."""
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.glob("vawg/*/tests/matrix*.py")):
        module = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
        for table, extra in ((WEB, getattr(module, "WEB", {})), (API, getattr(module, "API", {}))):
            twice = set(table) & set(extra)
            assert not twice, f"{path} lists {sorted(twice)} again"
            table.update(extra)


_merge_app_matrices()

# Ninja's own pages: the schema and its documentation hold no data.
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}

# Every URL of Django's admin site is for system administrators only.
ADMIN_NAMESPACE = "admin"


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name or ''}" if namespace else (entry.name or "")
            yield prefix + str(entry.pattern), name, entry


def all_url_patterns() -> list[tuple[str, str, URLPattern]]:
    return list(_walk(get_resolver().url_patterns))


def _is_api(route: str) -> bool:
    return route.startswith("api/v1/")


def test_it_lists_every_web_url_in_the_matrix() -> None:
    missing = [
        f"{name or '<unnamed>'} ({route})"
        for route, name, _ in all_url_patterns()
        if not name.startswith(("api:", ADMIN_NAMESPACE + ":")) and name not in WEB
    ]
    assert not missing, "URLs with no access decision in tests/test_access_matrix.py: " + ", ".join(missing)


def test_it_lists_every_api_operation_in_the_matrix() -> None:
    from vawg.api.api import api

    schema = api.get_openapi_schema()
    operations = {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}
    missing = sorted(operations - set(API))
    stale = sorted(set(API) - operations)
    assert not missing, f"API operations with no access decision: {missing}"
    assert not stale, f"Matrix lists API operations that no longer exist: {stale}"


def _client_for(user: User | None, signed_in: Callable[[User], Client]) -> Client:
    return Client() if user is None else signed_in(user)


def _denied_web(response: Any, persona: str) -> bool:
    if persona == ANONYMOUS:
        return response.status_code == 302 and "/sign-in/" in response["Location"]
    return response.status_code in (403, 404)


def test_it_maps_every_api_url_to_an_operation_or_a_documentation_page() -> None:
    from vawg.api.api import api

    paths = set(api.get_openapi_schema()["paths"])
    unexplained = []
    for route, name, _ in all_url_patterns():
        if not _is_api(route) or name in API_PAGES:
            continue
        path = "/" + route.replace("<", "{").replace(">", "}")
        path = path.replace("{int:", "{").replace("{str:", "{").replace("{uuid:", "{")
        if path not in paths:
            unexplained.append(f"{name} ({route})")
    assert not unexplained, f"API URLs that are neither an operation nor a docs page: {unexplained}"


# ---------------------------------------------------------------------------
# The cells: every URL x every persona (plus a disabled user).
# ---------------------------------------------------------------------------


@pytest.fixture
def matrix(personas: dict[str, User | None], agencies: Any, signed_in: Callable[[User], Client]) -> dict[str, Any]:
    from vawg.accounts.roles import Role
    from vawg.accounts.services import user_disable
    from vawg.accounts.tests.factories import user_with_role
    from vawg.api.services import api_token_create

    admin = personas["admin"]
    assert admin is not None
    admin_token, _ = api_token_create(user=admin, name="Admin's token", by=admin)
    tokens: dict[str, str] = {}
    for name, user in personas.items():
        if user is not None:
            tokens[name] = api_token_create(user=user, name="Matrix", by=user)[1]
    # A user whose account was disabled after signing in and getting a token.
    disabled = user_with_role(Role.IDVA, agencies.a, email="disabled@example.invalid")
    disabled_client = signed_in(disabled)
    tokens["disabled"] = api_token_create(user=disabled, name="Matrix", by=disabled)[1]
    user_disable(user=disabled, by=admin, reason="Access matrix test")
    # A password-only session: signed in without the TOTP step.
    password_only_client = Client()
    password_only_client.force_login(
        user_with_role(Role.IDVA, agencies.a, email="password.only@example.invalid"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return {
        "password_only_client": password_only_client,
        "personas": personas,
        "agencies": agencies,
        "admin_token": admin_token,
        "tokens": tokens,
        "disabled_client": disabled_client,
        "signed_in": signed_in,
    }


def _cells(matrix: dict[str, Any]) -> Iterator[tuple[str, Client]]:
    """Every persona's client, then the disabled user's and the password-only session's."""
    for persona, user in matrix["personas"].items():
        yield persona, _client_for(user, matrix["signed_in"])
    yield "disabled", matrix["disabled_client"]
    yield "password_only", matrix["password_only_client"]


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _check_headers(response: Any, where: str) -> list[str]:
    problems = []
    if response.status_code != 404 or "Content-Security-Policy" in response:
        csp = response.get("Content-Security-Policy", "")
        problems.extend(
            f"{where}: CSP lacks {directive}"
            for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
            if directive not in csp
        )
        if "http:" in csp or "https:" in csp:
            problems.append(f"{where}: CSP names another origin")
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"{where}: Cache-Control lacks no-store")
    for header, value in SECURITY_HEADERS.items():
        if response.get(header) != value:
            problems.append(f"{where}: {header} is {response.get(header)!r}")
    return problems


def _last_seq() -> int:
    from vawg.audit.models import AuditEntry

    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def _people_shown(body: str) -> list[str]:
    """The names of people on record (victims, people causing harm, referral subjects) that ``body`` shows."""
    from django.utils.html import escape

    from vawg.people.models import Person

    return [
        name
        for given, family in Person.objects.values_list("given_name", "family_name")
        if given and family
        for name in (f"{given} {family}", f"{family}, {given}")
        if name in body or escape(name) in body
    ]


def _check_read_audited(response: Any, where: str, persona: str, matrix: dict[str, Any], since: int) -> list[str]:
    """A response that shows a person (docs/security.md: reads of sensitive records) wrote exactly one
    audit entry in the reader's name. A new page that shows a person without auditing fails here."""
    from vawg.audit.models import AuditEntry

    if response.status_code != 200 or getattr(response, "streaming", False):
        return []
    shown = _people_shown(response.content.decode(errors="replace"))
    if not shown:
        return []
    user = matrix["personas"].get(persona)
    entries = list(
        AuditEntry.objects.filter(seq__gt=since, actor_id=str(user.pk) if user else "-").values_list(
            "action", flat=True
        )
    )
    if len(entries) != 1:
        return [f"{where}: shows {shown[0]!r} and wrote {len(entries)} audit entries {entries}, expected 1"]
    return []


def _request(client: Client, rule: Rule, url: str, **extra: Any) -> Any:
    if rule.method == "POST":
        return client.post(url, rule.data, **extra)
    return client.get(url, **extra)


@pytest.mark.parametrize("url_name", sorted(WEB))
def test_it_enforces_the_matrix_for_web_page(url_name: str, matrix: dict[str, Any]) -> None:
    from django.urls import reverse

    from vawg.audit.models import AuditEntry

    rule = WEB[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(matrix) if rule.kwargs else None)
    problems: list[str] = []
    for persona, client in _cells(matrix):
        before = AuditEntry.objects.filter(action=rule.audited).count() if rule.audited else 0
        since = _last_seq()
        response = _request(client, rule, url)
        where = f"{url_name} as {persona}: {response.status_code}"
        problems += _check_headers(response, where)
        if response.status_code >= 500:
            problems.append(f"{where}: server error")
            continue
        if rule.sign_in_step:
            if response.status_code == 403:
                problems.append(f"{where}: a sign-in step refused a request")
            continue
        expected_allow = persona in rule.allowed
        denied = _denied_web(response, ANONYMOUS if persona in LIKE_ANONYMOUS else persona)
        served = 200 <= response.status_code < 400 and not denied
        if expected_allow and not served:
            problems.append(f"{where}: expected allow")
        if not expected_allow and not denied:
            problems.append(f"{where}: expected deny")
        if rule.audited and expected_allow and served:
            written = AuditEntry.objects.filter(action=rule.audited).count() - before
            if written != 1:
                problems.append(f"{where}: wrote {written} '{rule.audited}' audit entries, expected 1")
        problems += _check_read_audited(response, where, persona, matrix, since)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("operation", sorted(API))
def test_it_enforces_the_matrix_for_api_operation(operation: str, matrix: dict[str, Any]) -> None:
    from vawg.audit.models import AuditEntry

    rule = API[operation]
    method, path = operation.split(" ", 1)
    if rule.kwargs:
        path = path.format(**rule.kwargs(matrix))
    problems: list[str] = []
    for number, persona in enumerate([*matrix["personas"], "disabled", "password_only"], start=1):
        # Each persona calls from its own address: calls without a valid token are audited once per
        # address per minute (repeats are counted into that entry), so each first call writes one.
        headers = {"REMOTE_ADDR": f"192.0.2.{number}"}
        client = Client()
        if persona == "password_only":
            client = matrix["password_only_client"]  # a session cookie never authenticates the API
        elif persona != ANONYMOUS:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {matrix['tokens'][persona]}"
        before = AuditEntry.objects.filter(action="api.call.serve").count()
        if method == "POST":  # a POST operation gets the rule's data as its JSON body
            response = client.generic(method, path, json.dumps(rule.data), content_type="application/json", **headers)
        else:
            response = client.generic(method, path, **headers)
        where = f"{operation} as {persona}: {response.status_code}"
        if response.get("Content-Type", "").split(";")[0] != "application/json":
            problems.append(f"{where}: not JSON")
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{where}: Cache-Control lacks no-store")
        written = AuditEntry.objects.filter(action="api.call.serve").count() - before
        if written != 1:
            problems.append(f"{where}: wrote {written} api.call audit entries, expected 1")
        expected_allow = persona in rule.allowed
        if expected_allow and response.status_code not in (200, 201):
            problems.append(f"{where}: expected allow")
        if not expected_allow:
            expected = 401 if persona in LIKE_ANONYMOUS else (403, 404)
            if response.status_code not in (expected if isinstance(expected, tuple) else (expected,)):
                problems.append(f"{where}: expected {expected}")
    assert not problems, "\n".join(problems)


def _admin_urls() -> list[str]:
    from django.urls import NoReverseMatch, reverse

    urls = []
    for _route, name, pattern in all_url_patterns():
        if not name.startswith(ADMIN_NAMESPACE + ":") or name.endswith(":"):
            continue
        if pattern.pattern.regex.groups:
            continue  # object pages are covered through test_it_keeps_admin_object_pages_for_admins
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return sorted(set(urls))


# What a system administrator gets from each admin URL without arguments, where it is not 200.
ADMIN_EXPECTED = {
    "/admin/autocomplete/": 403,  # only answers the admin's own autocomplete widgets
    "/admin/axes/accessattempt/add/": 403,  # lockouts are recorded, never added by hand
    "/admin/django_tasks_database/dbtaskresult/": 403,  # background task results are not an admin screen
    "/admin/django_tasks_database/dbtaskresult/add/": 403,
    "/admin/notifications/notification/add/": 403,  # notifications are queued by services, never by hand
    "/admin/login/": 302,  # to our sign-in (or the admin index when signed in)
    "/admin/logout/": 405,  # sign out is a POST
    "/admin/password_change/": 302,  # passwords change through set-up links, never here
    "/admin/password_change/done/": 302,
}


def _admin_object_urls(matrix: dict[str, Any]) -> list[str]:
    from django.urls import reverse

    idva = matrix["personas"]["idva_a"]
    agency = matrix["agencies"].a
    district = DistrictFactory()
    return [
        reverse("admin:accounts_user_change", args=[idva.pk]),
        reverse("admin:accounts_user_history", args=[idva.pk]),
        reverse("admin:accounts_user_setup_link", args=[idva.pk]),
        reverse("admin:accounts_user_reset_password", args=[idva.pk]),
        reverse("admin:accounts_organisation_change", args=[agency.pk]),
        reverse("admin:accounts_district_change", args=[district.pk]),
    ]


def _admin_denied(response: Any, persona: str) -> bool:
    if persona in LIKE_ANONYMOUS:
        location = response.get("Location", "")
        return response.status_code == 302 and ("/sign-in/" in location or "/admin/login/" in location)
    return response.status_code in (403, 404)


def test_it_keeps_the_whole_admin_site_for_system_administrators(matrix: dict[str, Any]) -> None:
    problems: list[str] = []
    urls = _admin_urls()
    assert "/admin/" in urls
    for persona, client in _cells(matrix):
        for url in urls:
            response = client.get(url)
            where = f"{url} as {persona}: {response.status_code}"
            problems += _check_headers(response, where)
            if persona == "admin":
                if response.status_code != ADMIN_EXPECTED.get(url, 200):
                    problems.append(f"{where}: expected {ADMIN_EXPECTED.get(url, 200)}")
            elif url not in ("/admin/logout/", "/admin/login/") and not _admin_denied(response, persona):
                problems.append(f"{where}: expected deny")
    assert not problems, "\n".join(problems)


def test_it_keeps_admin_object_pages_for_system_administrators(matrix: dict[str, Any]) -> None:
    problems: list[str] = []
    urls = _admin_object_urls(matrix)
    for persona, client in _cells(matrix):
        for url in urls:
            response = client.get(url)
            where = f"{url} as {persona}: {response.status_code}"
            problems += _check_headers(response, where)
            if persona == "admin" and response.status_code != 200:
                problems.append(f"{where}: expected 200")
            elif persona != "admin" and not _admin_denied(response, persona):
                problems.append(f"{where}: expected deny")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Restricted cases and deny-lists override the owning agency, on every case page, in the
# case list, search and counts, and through the referrals API (docs/security.md#g-2).
# ---------------------------------------------------------------------------

CASE_PAGES = sorted(
    name
    for name, rule in WEB.items()
    if name.startswith(("cases:", "risk:", "marac:referral_create"))
    and rule.allowed == CASE_OWNER
    and rule.kwargs is not None
)


@pytest.mark.parametrize("variant", ["restricted", "deny_listed"])
def test_it_hides_restricted_and_deny_listed_cases_from_the_owning_agency(variant: str, matrix: dict[str, Any]) -> None:
    from django.urls import reverse

    from vawg.cases.models import Case

    assert CASE_PAGES, "no case-scoped pages found in WEB"
    ctx = {**matrix, "case_variant": variant}
    idva = matrix["personas"]["idva_a"]
    client = matrix["signed_in"](idva)
    problems = []
    for name in CASE_PAGES:
        rule = WEB[name]
        kwargs = rule.kwargs(ctx) if rule.kwargs else None
        response = _request(client, rule, reverse(name, kwargs=kwargs))
        if response.status_code != 404:
            problems.append(f"{name} ({variant}) as idva_a: {response.status_code}, expected 404")
    hidden = _case_of_a(ctx)
    listing = client.get(reverse("cases:case_list")).content.decode()
    if hidden.reference in listing:
        problems.append(f"cases:list shows a {variant} case")
    found = client.post(reverse("cases:case_search"), {"reference": hidden.reference})
    if found.context["rows"] or str(hidden.pk) in found.content.decode():
        problems.append(f"cases:search finds a {variant} case")
    # The same search finds it when nothing hides it (so the check above can fail).
    control = _case_of_a(matrix)
    if not client.post(reverse("cases:case_search"), {"reference": control.reference}).context["rows"]:
        problems.append("cases:search found nothing even for a case idva_a may see")
    if Case.objects.visible_to(idva).filter(pk=hidden.pk).exists():
        problems.append(f"the case gate counts a {variant} case")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("variant", ["restricted", "deny_listed"])
def test_it_hides_referrals_of_restricted_and_deny_listed_cases_in_the_api(
    variant: str, matrix: dict[str, Any]
) -> None:
    from vawg.referrals.tests.factories import referral_routed_to

    ctx = {**matrix, "case_variant": variant}
    referral = referral_routed_to(matrix["agencies"].a, source="self")
    referral.case = _case_of_a(ctx)
    referral.save()
    response = Client().get(
        f"/api/v1/referrals/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {matrix['tokens']['idva_a']}"
    )
    assert response.status_code == 404
