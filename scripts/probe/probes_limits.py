"""Probes of limits and defences in depth: audit flooding, the self-referral allowance, lockout per
address and security headers."""

from __future__ import annotations

import concurrent.futures
import re
import secrets
import string

from probes_base import ProbeBase
from report import ProbeError, check
from verdicts import find_limit, flood_verdict, self_referral_ready
from web import Client, Response, csrf_token, path_of
from world import ADDRESS, DEMO, audit_mark, audit_since, password_step, sign_in


class LimitProbes(ProbeBase):
    # 4. Audit flooding -----------------------------------------------------------------------------

    def api_flood(self) -> str:
        from django.conf import settings

        name, threshold = find_limit(settings, ("API",), ("PER_MINUTE", "UNAUTH", "RATE", "THROTTLE", "LIMIT"))
        client = Client(self.base, ADDRESS["api_flood"])
        alphabet = string.ascii_lowercase + string.digits + "-_/"
        mark = audit_mark()
        statuses = []
        for _ in range(100):
            length = secrets.randbelow(280) + 20
            junk = "".join(secrets.choice(alphabet) for _ in range(length))
            statuses.append(client.get(f"/api/v1/{junk}"[:308]).status)
        return flood_verdict(
            "unauthenticated API calls",
            statuses,
            audit_since(mark, ip=ADDRESS["api_flood"]),
            name,
            threshold,
        )

    def sign_in_flood(self) -> str:
        from django.conf import settings

        name, threshold = find_limit(
            settings, ("SIGN_IN", "SIGNIN", "LOGIN"), ("ADDRESS", "_IP_", "CLIENT", "PER_MINUTE", "RATE")
        )
        client = Client(self.base, ADDRESS["sign_in_flood"])
        page = client.get("/sign-in/")
        token = csrf_token(page)
        mark = audit_mark()
        statuses = []
        for _ in range(100):
            email = f"nobody-{secrets.token_hex(6)}@example.invalid"
            data = {"csrfmiddlewaretoken": token, "email": email, "password": "not-the-password-123"}
            statuses.append(client.post("/sign-in/", data).status)
        return flood_verdict(
            "failed sign-ins with unknown emails",
            statuses,
            audit_since(mark, ip=ADDRESS["sign_in_flood"]),
            name,
            threshold,
        )

    # 5d. Self-referral rate limit ---------------------------------------------------------------------

    def self_referral_burst(self) -> str:
        from vawg.referrals.models import Referral
        from vawg.referrals.services.rate_limits import RATE_LIMITS

        allowance = min(allowed for _, allowed in RATE_LIMITS)
        before = Referral.objects.count()
        prepared: list[tuple[Client, dict[str, str]]] = []
        for _ in range(10):
            client = Client(self.base, ADDRESS["self_referral"])
            prepared.append((client, self_referral_ready(client)))

        def send(job: tuple[Client, dict[str, str]]) -> int:
            client, data = job
            return client.post("/get-help/questions/check-your-answers/", data).status

        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(pool.map(send, prepared))
        created = Referral.objects.count() - before
        through = sum(1 for status in statuses if status in (302, 303))
        check(
            through <= allowance and created <= allowance,
            f"{through} of 10 parallel submissions got through and {created} referrals were made; "
            f"the allowance is {allowance} (statuses {sorted(statuses)})",
        )
        check(all(status in (302, 303, 429) for status in statuses), f"unexpected statuses {statuses}")
        return f"{through} of 10 parallel submissions through, {created} referrals made (allowance {allowance})"

    # 5e. Lockout per address --------------------------------------------------------------------------

    def lockout(self) -> str:
        from django.conf import settings

        role = "programme-worker"
        email = f"{role}{DEMO}"
        limits = [getattr(settings, name, None) for name in ("LOGIN_FAILURE_LIMIT", "AXES_FAILURE_LIMIT")]
        limit = next((n for n in limits if isinstance(n, int) and not isinstance(n, bool)), 10)
        attacker = Client(self.base, ADDRESS["lockout_a"])
        for _ in range(limit):
            password_step(attacker, email, "wrong-password-" + secrets.token_hex(4))
        locked = password_step(attacker, email, self.password)
        check(
            not (locked.status == 302 and path_of(locked.location) == "/sign-in/code/"),
            f"after {limit} wrong passwords from A the right password from A still passes",
        )
        try:
            sign_in(self.base, role, self.password, ADDRESS["lockout_b"])
        except ProbeError as exc:
            raise ProbeError(f"{limit} wrong passwords from A lock the account out for B too: {exc}") from exc
        return f"{limit} wrong passwords lock {email} for A ({locked.status}); B still signs in"

    # 5g. Headers ------------------------------------------------------------------------------------------

    def headers(self) -> str:
        client = Client(self.base, ADDRESS["headers"])
        token = self.api_token()
        checks: list[tuple[str, Response, int]] = [
            ("API 401", client.get("/api/v1/marac/returns"), 401),
            ("API 404", client.get("/api/v1/probe-no-such-thing"), 404),
            (
                "API 422",
                client.get("/api/v1/marac/returns?from=not-a-date", headers={"Authorization": f"Bearer {token}"}),
                422,
            ),
        ]
        sign_in_page = client.get("/sign-in/")
        static = re.search(r'(/static/[^"\']+\.(?:css|js))', sign_in_page.text)
        check(static is not None, "no static file linked from /sign-in/")
        checks.append(("static file", client.get(static.group(1) if static else ""), 200))
        problems = []
        for label, response, status in checks:
            if response.status != status:
                problems.append(f"{label} answered {response.status}")
            if response.header("X-Content-Type-Options").lower() != "nosniff":
                problems.append(f"{label}: no X-Content-Type-Options: nosniff")
            if not response.header("Cross-Origin-Resource-Policy"):
                problems.append(f"{label}: no Cross-Origin-Resource-Policy")
            if label.startswith("API") and not response.header("Content-Type").startswith("application/json"):
                problems.append(f"{label}: not JSON ({response.header('Content-Type')})")
        for label, response in (("/sign-in/", sign_in_page), ("/home/", self.client("idva").get("/home/"))):
            csp = response.header("Content-Security-Policy")
            if "frame-ancestors 'none'" not in csp or "object-src 'none'" not in csp:
                problems.append(f"{label}: Content-Security-Policy is {csp!r}")
            if response.header("X-Frame-Options").upper() != "DENY":
                problems.append(f"{label}: X-Frame-Options is {response.header('X-Frame-Options')!r}")
        check(not problems, "; ".join(problems))
        return "API 401/404/422 and a static file: nosniff and CORP; pages: CSP frame-ancestors and X-Frame-Options"
