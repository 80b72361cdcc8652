"""Black-box security probe: seeds a throwaway demo, serves it with gunicorn and attacks it over HTTP.

Run it with ``make probe`` (or ``bash scripts/probe.sh``, or ``.venv/bin/python scripts/probe.py``). It

1. creates a throwaway SQLite database under var/probe with fresh random keys, migrates it, seeds the
   synthetic demo data (``manage.py seed_demo``) and collects static files;
2. plants canary values and access situations through the Django ORM and the services (a deny-list
   entry, restricted cases, a grant, an action full of contact details spelled other ways);
3. starts gunicorn on a free local port with the demo's settings (demo mode, plain HTTP, DEBUG off,
   ``PROXY_COUNT=1`` so that ``X-Forwarded-For`` stands for the client's address);
4. signs in as each demo persona through the real sign-in pages (password, then the current code of
   the persona's authenticator, computed from the device's secret in the database), and runs every
   probe over HTTP; the ORM is used only to plant data and to read the audit log afterwards;
5. prints one line per probe (PASS or FAIL and why), stops gunicorn (also on failure or Ctrl+C) and
   exits 1 if any probe failed.

``--reuse-seed`` keeps the seeded database (var/probe/seeded.sqlite3, with its keys) for the next run
with the same flag, which then skips seeding: for working on the probe. CI always seeds afresh.
The synthetic data is made up; nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import contextlib
import hashlib
import http.cookiejar
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import Message
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "probe"
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn")
DEMO = "@demo.invalid"
PERSONAS = (
    "admin",
    "analyst",
    "marac-coordinator",
    "idva",
    "police",
    "social-worker",
    "health",
    "housing",
    "accommodation-manager",
    "programme-worker",
    "board",
)
# Each simulated client address is used by one probe only, so their throttles stay apart.
ADDRESS = {
    "personas": "10.77.1.{n}",
    "anonymous": "10.77.2.1",
    "api_flood": "10.77.3.1",
    "sign_in_flood": "10.77.3.2",
    "self_referral": "10.77.3.3",
    "lockout_a": "10.77.3.4",
    "lockout_b": "10.77.3.5",
    "headers": "10.77.3.6",
}
CANARY_PHONE = "+447700 900097"
CANARY_POSTCODE = "AL9 7ZQ"
CANARY_EMAIL = "probe.canary.7731@example.invalid"
# The spellings a location-critical value may take in free text; none may reach a MARAC page.
CANARY_SPELLINGS = (
    "07700 900097",
    "07700-900097",
    "+44 7700 900097",
    "+447700 900097",
    "07700900097",
    "447700900097",
    "7700 900097",
    "al97zq",
    "AL9 7ZQ",
    CANARY_EMAIL.upper(),
)
CANARY_MARK = "PROBECANARY7731"


# --- Output --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str


RESULTS: list[Outcome] = []


def report(name: str, ok: bool, detail: str) -> None:
    RESULTS.append(Outcome(name, ok, detail))
    out(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def say(text: str) -> None:
    out(f"probe: {text}")


class ProbeError(Exception):
    """A probe could not go on; its message is the FAIL reason."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ProbeError(message)


def run_probe(name: str, probe: Callable[[], str]) -> None:
    """Run one probe: PASS with what it returns, FAIL with the reason it raised."""
    started = time.monotonic()
    try:
        detail = probe()
    except ProbeError as exc:
        report(name, False, str(exc))
    except Exception as exc:  # a crash in a probe is a failure of that probe, not of the run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        report(name, False, f"error: {type(exc).__name__}: {exc} (probe.py line {where.lineno})")
    else:
        report(name, True, f"{detail} [{time.monotonic() - started:.1f}s]")


# --- HTTP ----------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return str(self.headers.get(name, "") or "")

    @property
    def location(self) -> str:
        return self.header("Location")


class Client:
    """One browser: its own cookies and its own client address (sent as X-Forwarded-For)."""

    def __init__(self, base: str, address: str) -> None:
        self.base = base
        self.address = address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, Any] | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        follow: bool = False,
    ) -> Response:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, method=method)  # noqa: S310 (always http://127.0.0.1)
        req.add_header("X-Forwarded-For", self.address)
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
            req.add_header("Origin", self.base)
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with self.opener.open(req, timeout=60) as raw:
                response = Response(raw.status, raw.headers, raw.read(), url)
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, exc.headers, exc.read(), url)
        if follow and response.status in (301, 302, 303, 307, 308) and response.location:
            return self.request("GET", urllib.parse.urljoin(url, response.location), headers=headers, follow=True)
        return response

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | list[tuple[str, str]], **kwargs: Any) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def submit(self, path: str, fields: dict[str, Any], *, page: Response | None = None, **kwargs: Any) -> Response:
        """POST ``fields`` to ``path`` with the CSRF token of ``page`` (or of a fresh GET of ``path``)."""
        page = page or self.get(path)
        return self.post(path, {"csrfmiddlewaretoken": csrf_token(page), **fields}, **kwargs)


def csrf_token(page: Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(found is not None, f"no CSRF token on {page.url} (HTTP {page.status})")
    return found.group(1) if found else ""


def path_of(url: str) -> str:
    return urllib.parse.urlsplit(url).path


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: list[FormField] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            self.forms[-1].fields.append(FormField(a["name"], kind, a.get("value", ""), "checked" in a))
        elif tag == "select" and a.get("name"):
            self._select = FormField(a["name"], "select")
            self.forms[-1].fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = FormField(a["name"], "textarea")
            self.forms[-1].fields.append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


def forms_of(page: Response) -> list[Form]:
    parser = _FormParser()
    parser.feed(page.text)
    return parser.forms


def post_form(page: Response, *, choose: Callable[[Form], bool] = lambda form: form.method == "post") -> Form:
    found = [form for form in forms_of(page) if choose(form)]
    check(bool(found), f"no form found on {page.url} (HTTP {page.status})")
    return found[0]


class _TextParser(HTMLParser):
    """The text a person reads on a page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(page: Response) -> str:
    """What a page says: the visible text and the raw markup, both unescaped (to search for values)."""
    parser = _TextParser()
    parser.feed(page.text)
    return " ".join(parser.parts) + "\n" + unescape(page.text)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- Setup: database, keys, static files, server -------------------------------------------------


def random_keys() -> dict[str, str]:
    field_key = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": f"probe1:{field_key}",
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
    }


def server_env(keys: dict[str, str]) -> dict[str, str]:
    """The demo's settings (as `make demo`): demo mode, plain http on 127.0.0.1, DEBUG off, production
    settings module; the database and static files under var/probe; one trusted proxy (X-Forwarded-For)."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("_FILE")}
    env.pop("DATABASE_URL", None)
    env.update(keys)
    env.update(
        {
            "VAWG_VAR_DIR": str(OUT),
            "VAWG_DEMO": "true",
            "VAWG_HTTPS": "false",
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "vawg.settings",
            "PROXY_COUNT": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"probe: manage.py {' '.join(args)} failed (exit {result.returncode})")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result


def static_fingerprint() -> str:
    """Changes when any static source file or the pinned requirements change."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes())
    for path in sorted((ROOT / "vawg").glob("*/static/**/*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def prepare(reuse_seed: bool) -> dict[str, str]:
    """A fresh database (migrated, seeded) and collected static files under var/probe. Returns the env."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("vawg.sqlite3", "vawg.sqlite3-wal", "vawg.sqlite3-shm"):
        (OUT / name).unlink(missing_ok=True)
    seeded, keys_file = OUT / "seeded.sqlite3", OUT / "seeded-keys.json"
    reusing = reuse_seed and seeded.exists() and keys_file.exists()
    keys = json.loads(keys_file.read_text()) if reusing else random_keys()
    env = server_env(keys)

    collecting = None
    fingerprint = static_fingerprint()
    stamp = OUT / "static.fingerprint"
    if not (OUT / "static" / "staticfiles.json").exists() or not stamp.exists() or stamp.read_text() != fingerprint:
        say("collecting static files (var/probe/static)")
        collecting = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [PYTHON, "manage.py", "collectstatic", "--no-input", "--clear", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    if reusing:
        say("reusing the seeded database var/probe/seeded.sqlite3 (--reuse-seed)")
        shutil.copyfile(seeded, OUT / "vawg.sqlite3")
        manage(env, "migrate", "--no-input", "--verbosity", "0")
    else:
        say("migrating and seeding a throwaway database (var/probe/vawg.sqlite3)")
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "createcachetable")
        manage(env, "seed_demo", "--seed", "42", "--base-url", "http://127.0.0.1:8000")
        if reuse_seed:
            shutil.copyfile(OUT / "vawg.sqlite3", seeded)
            keys_file.write_text(json.dumps(keys))
            keys_file.chmod(0o600)
    if collecting is not None:
        _, errors = collecting.communicate()
        if collecting.returncode != 0:
            sys.stderr.write(errors[-3000:])
            raise SystemExit("probe: collectstatic failed")
        stamp.write_text(fingerprint)
    return env


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def start_server(env: dict[str, str]) -> Server:
    port = free_port()
    log = OUT / "gunicorn.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [
                GUNICORN,
                "vawg.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "120",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends the workers too
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"probe: gunicorn exited at start:\n{log.read_text()[-3000:]}")
        try:
            if Client(server.base, "10.77.0.1").get("/sign-in/").status == 200:
                say(f"gunicorn serving at {server.base} (pid {process.pid})")
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise SystemExit("probe: gunicorn did not answer within 60 seconds")


# --- Django (setup and audit checks only) ---------------------------------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def user(role: str) -> Any:
    from vawg.accounts.models import User

    return User.objects.get(email=f"{role}{DEMO}")


def audit_mark() -> int:
    from django.db.models import Max

    from vawg.audit.models import AuditEntry

    return int(AuditEntry.objects.aggregate(top=Max("seq"))["top"] or 0)


def audit_since(mark: int, **filters: Any) -> list[Any]:
    from vawg.audit.models import AuditEntry

    return list(AuditEntry.objects.filter(seq__gt=mark, **filters).order_by("seq"))


def totp_code(email: str) -> str:
    """The code the persona's authenticator shows now, or the next one if now's was used (django-otp
    accepts one step either side and never a step already used). Read from the device in the database,
    as `make totp` does."""
    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for _ in range(3):
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        check(device is not None, f"{email} has no confirmed authenticator")
        now_t = (int(time.time()) - device.t0) // device.step + device.drift
        for t in (now_t, now_t + 1):
            if t > device.last_t and abs(t - now_t) <= device.tolerance:
                return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.2)
    raise ProbeError(f"no unused code for {email}")


def age_code(client: Client, seconds: int) -> None:
    """Make the session's last code entry ``seconds`` older (setup through the session store, to test
    step-up without waiting five minutes)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from vawg.accounts.session_keys import CODE_AT_KEY

    key = next((c.value for c in client.jar if c.name == settings.SESSION_COOKIE_NAME), None)
    check(key is not None, "no session cookie")
    session = SessionStore(session_key=key)
    check(CODE_AT_KEY in session, "the session holds no code time")
    session[CODE_AT_KEY] = float(session[CODE_AT_KEY]) - seconds
    session.save()


# --- Sign-in ------------------------------------------------------------------------------------


def password_step(client: Client, email: str, password: str) -> Response:
    page = client.get("/sign-in/")
    check(page.status == 200, f"GET /sign-in/ answered {page.status}")
    return client.submit("/sign-in/", {"email": email, "password": password}, page=page)


def sign_in(base: str, role: str, password: str, address: str) -> Client:
    email = f"{role}{DEMO}"
    client = Client(base, address)
    first = password_step(client, email, password)
    check(
        first.status == 302 and path_of(first.location) == "/sign-in/code/",
        f"{email}: the password step answered {first.status} {first.location or ''}",
    )
    page = client.get("/sign-in/code/")
    done = client.submit("/sign-in/code/", {"code": totp_code(email)}, page=page)
    check(done.status == 302, f"{email}: the code step answered {done.status}")
    home = client.get("/home/")
    check(home.status == 200, f"{email}: /home/ answered {home.status} after sign-in")
    return client


def confirm_code(client: Client, email: str) -> None:
    """Go through "Confirm it is you" with a fresh code (step-up before a sensitive step)."""
    page = client.get("/account/confirm-code/")
    check(page.status == 200, f"{email}: /account/confirm-code/ answered {page.status}")
    done = client.submit("/account/confirm-code/", {"code": totp_code(email)}, page=page)
    check(done.status == 302, f"{email}: the confirm-code step answered {done.status}")


# --- Planting (ORM and services, before the server starts) ---------------------------------------


@dataclass
class Plants:
    deny_case: Any = None
    restricted_case: Any = None
    made_up_reference: str = ""
    canary_action: Any = None
    canary_meeting_ids: list[Any] = field(default_factory=list)
    marac_restricted_item: Any = None
    marac_restricted_viewer: str = ""
    grant_case: Any = None
    grant_roles: list[str] = field(default_factory=list)
    reveal_case: Any = None


def _cases_owned_by(role: str, *, exclude: Iterable[Any] = ()) -> Any:
    from vawg.cases.models import Case

    persona = user(role)
    return (
        Case.objects.managed_by(persona)
        .filter(is_restricted=False)
        .exclude(pk__in=[c.pk for c in exclude if c is not None])
        .order_by("reference")
    )


def _manager_of(case: Any) -> Any:
    """A user who may manage ``case`` (a holder of cases.manage_case at the owning agency)."""
    from vawg.accounts.models import User
    from vawg.cases.models import Case

    for candidate in User.objects.filter(memberships__organisation=case.owning_organisation_id).distinct():
        if Case.objects.managed_by(candidate).filter(pk=case.pk).exists():
            return candidate
    raise ProbeError(f"nobody may manage case {case.reference}")


def plant() -> Plants:
    from django.utils import timezone

    from vawg.cases import services as case_services
    from vawg.cases.models import Case, LawfulBasis
    from vawg.core.models import save_valid
    from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MeetingAgency, MeetingState

    plants = Plants()
    idva, police = user("idva"), user("police")

    # Break-glass: a case police is deny-listed from, a restricted case, a reference that does not exist.
    owned = list(_cases_owned_by("idva")[:4])
    check(len(owned) >= 4, "the demo has too few IDVA cases to plant on")
    plants.deny_case, plants.restricted_case, plants.grant_case, plants.reveal_case = owned
    case_services.case_deny_add(
        case=plants.deny_case, user=police, reason="Probe: the officer knows the family", by=idva
    )
    case_services.case_restrict(case=plants.restricted_case, reason="Probe: the victim works for a partner", by=idva)
    year = timezone.localdate().year
    while True:
        reference = f"C-{year}-{secrets.randbelow(900000) + 100000:06d}"
        if not Case.objects.filter(reference=reference).exists():
            plants.made_up_reference = reference
            break

    # Reveal: housing and social care see a case only through a grant.
    from vawg.accounts.models import Membership

    for role in ("housing", "social-worker"):
        organisation = Membership.objects.active().filter(user=user(role)).first().organisation
        case_services.case_grant_access(
            case=plants.grant_case,
            organisation=organisation,
            by=idva,
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            reason="Probe: housing and social care need to see this case",
            expires_at=timezone.now() + timedelta(days=30),
        )
        plants.grant_roles.append(role)

    # Redaction: an outstanding action, from a meeting with minutes published, full of the victim's
    # contact details spelled other ways (the victim's phone is stored as +447700 900097).
    coordinator = user("marac-coordinator")
    action = (
        MaracAction.objects.visible_to(coordinator)
        .visible_to(police)
        .filter(
            current_state__in=["open", "in-progress"],
            agenda_item__meeting__current_state=MeetingState.MINUTES_PUBLISHED,
            agenda_item__marac_referral__case__is_restricted=False,
        )
        .select_related("agenda_item__meeting", "agenda_item__marac_referral__case__victim")
        .order_by("-agenda_item__meeting__starts_at")
        .first()
    )
    check(action is not None, "no outstanding action from a published meeting visible to coordinator and chair")
    victim = action.agenda_item.marac_referral.case.victim
    victim.phone, victim.postcode, victim.email = CANARY_PHONE, CANARY_POSTCODE, CANARY_EMAIL
    save_valid(victim)
    spelled = (
        f"{CANARY_MARK} call her on 07700 900097, or 07700-900097, or +44 7700 900097, or 07700900097; "
        f"she is at al97zq; write to {CANARY_EMAIL.upper()}"
    )
    action.description = spelled
    save_valid(action)
    item = action.agenda_item
    item.risks_identified = f"{item.risks_identified} {spelled}".strip()
    item.conclusion = f"{item.conclusion} {spelled}".strip()
    save_valid(item)
    plants.canary_action = action
    later = MaracMeeting.objects.filter(
        area=item.meeting.area,
        starts_at__gt=item.meeting.starts_at,
        current_state__in=[MeetingState.AGENDA_PUBLISHED, MeetingState.SCHEDULED],
    )
    plants.canary_meeting_ids = [item.meeting_id, *later.values_list("pk", flat=True)]

    # MARAC: a restricted case listed at the next meeting (agenda published); an invited agency's
    # persona who is not on the case team must not see the victim's name.
    candidates = ("housing", "health", "social-worker", "accommodation-manager", "programme-worker")
    meetings = MaracMeeting.objects.filter(current_state=MeetingState.AGENDA_PUBLISHED)
    for meeting in meetings:
        invited = set(MeetingAgency.objects.filter(meeting=meeting).values_list("organisation_id", flat=True))
        for role in candidates:
            persona = user(role)
            agencies = set(Membership.objects.active().filter(user=persona).values_list("organisation_id", flat=True))
            if not agencies & invited:
                continue
            items = AgendaItem.objects.filter(meeting=meeting).exclude(
                marac_referral__case__in=[
                    plants.deny_case,
                    plants.restricted_case,
                    plants.grant_case,
                    plants.reveal_case,
                ]
            )
            for listed in items.select_related("marac_referral__case"):
                case = listed.marac_referral.case
                if case.team.filter(user=persona).exists():
                    continue
                if not case.is_restricted:
                    case_services.case_restrict(
                        case=case, reason="Probe: the victim's partner works for an agency", by=_manager_of(case)
                    )
                plants.marac_restricted_item, plants.marac_restricted_viewer = listed, role
                return plants
    raise ProbeError("no meeting with a published agenda to which a persona's agency is invited")


# --- The probes ---------------------------------------------------------------------------------


class Probes:
    def __init__(self, base: str, password: str, plants: Plants) -> None:
        self.base = base
        self.password = password
        self.plants = plants
        self.sessions: dict[str, Client] = {}

    def client(self, role: str) -> Client:
        check(role in self.sessions, f"{role} could not sign in, so this probe cannot run")
        return self.sessions[role]

    # Broad checks ---------------------------------------------------------------------------------

    def sign_in_everyone(self) -> str:
        failed = []
        for n, role in enumerate(PERSONAS, start=1):
            try:
                self.sessions[role] = sign_in(self.base, role, self.password, ADDRESS["personas"].format(n=n))
            except ProbeError as exc:
                failed.append(str(exc))
        check(not failed, "; ".join(failed))
        return f"all {len(PERSONAS)} personas signed in with password and TOTP code"

    def password_only_session(self) -> str:
        client = Client(self.base, ADDRESS["personas"].format(n=99))
        first = password_step(client, f"idva{DEMO}", self.password)
        check(first.status == 302, f"the password step answered {first.status}")
        case = self.plants.reveal_case
        reached = []
        for path in ("/home/", "/cases/", f"/cases/{case.pk}/", "/marac/", "/referrals/inbox/", "/audit/", "/admin/"):
            response = client.get(path)
            if response.status == 200 or (response.status < 400 and "/sign-in" not in response.location):
                reached.append(f"{path} -> {response.status} {response.location}")
        check(not reached, "a password-only session reached: " + ", ".join(reached))
        return "a password-only session reaches none of 7 staff pages (sign-in or refusal)"

    def anonymous_case(self) -> str:
        client = Client(self.base, ADDRESS["anonymous"])
        response = client.get(f"/cases/{self.plants.reveal_case.pk}/")
        check(
            response.status == 302 and path_of(response.location).startswith("/sign-in/"),
            f"anonymous GET of a case answered {response.status} {response.location}",
        )
        return f"anonymous GET of a case URL -> 302 {path_of(response.location)}"

    # 1. Break-glass ---------------------------------------------------------------------------------

    def break_glass(self) -> str:
        police, email = self.client("police"), f"police{DEMO}"
        confirm_code(police, email)
        references = {
            "deny-listed": self.plants.deny_case.reference,
            "restricted": self.plants.restricted_case.reference,
            "made-up": self.plants.made_up_reference,
        }
        reasons = {"short": "Urgent", "long": "Probe: urgent safeguarding call out of hours tonight"}
        answers: dict[tuple[str, str], tuple[int, str]] = {}
        audited: dict[tuple[str, str], list[str]] = {}
        police_user = user("police")
        for reason_name, reason in reasons.items():
            for name, reference in references.items():
                page = police.get("/cases/break-glass/")
                check(page.status == 200, f"GET /cases/break-glass/ answered {page.status} {page.location}")
                mark = audit_mark()
                response = police.submit("/cases/break-glass/", {"reference": reference, "reason": reason}, page=page)
                entries = audit_since(mark, actor_id=str(police_user.pk))
                audited[(reason_name, name)] = [entry.action for entry in entries]
                answers[(reason_name, name)] = (response.status, _error_text(response))
        problems = []
        for reason_name in reasons:
            seen = {name: answers[(reason_name, name)] for name in references}
            refused = {name: answer for name, answer in seen.items() if answer[0] != 302}
            granted = [name for name, answer in seen.items() if answer[0] == 302]
            if granted != [] and granted != ["restricted"]:
                problems.append(f"{reason_name} reason: {', '.join(granted)} answered 302 (access given)")
            if reason_name == "short" and granted:
                problems.append("a reason shorter than 20 characters opened a case")
            if len(set(refused.values())) > 1:
                problems.append(f"{reason_name} reason: the answers differ: {refused}")
            for name, (_, text) in refused.items():
                if any(ref in text for ref in references.values()):
                    problems.append(f"{reason_name} reason, {name}: the answer names the reference")
        for key, actions in audited.items():
            if not any(a in ("cases.break_glass.refuse", "cases.case.break_glass") for a in actions):
                problems.append(f"{key[0]} reason, {key[1]}: no break-glass audit entry (wrote {actions or 'nothing'})")
        check(not problems, "; ".join(problems))
        restricted_long = answers[("long", "restricted")][0]
        note = " (restricted case: access given, as documented)" if restricted_long == 302 else ""
        return f"6 attempts, one answer per reason length, each audited{note}"

    # 2. Location redaction on MARAC pages -----------------------------------------------------------

    def redaction(self) -> str:
        action = self.plants.canary_action
        item = action.agenda_item
        pages = [f"/marac/actions/{action.pk}/", f"/marac/items/{item.pk}/chair/"]
        pages += [f"/marac/meetings/{meeting_id}/" for meeting_id in self.plants.canary_meeting_ids]
        pages += [f"/marac/meetings/{item.meeting_id}/minutes/", f"/marac/meetings/{item.meeting_id}/minutes.pdf"]
        leaks, shown, read = [], 0, 0
        for role in ("marac-coordinator", "police"):
            client, email = self.client(role), f"{role}{DEMO}"
            confirm_code(client, email)  # the minutes PDF is a download about people
            for path in pages:
                response = client.get(path)
                if response.status != 200:
                    continue
                read += 1
                text = pdf_text(response.body) if path.endswith(".pdf") else page_text(response)
                found = [s for s in CANARY_SPELLINGS if s.lower() in text.lower()]
                if CANARY_MARK in text:
                    shown += 1
                if found:
                    leaks.append(f"{role} {path}: {', '.join(found)}")
        check(read > 0, "none of the MARAC pages could be read (not found)")
        check(shown > 0, f"the planted action ({CANARY_MARK}) shows on none of the {read} pages read: nothing tested")
        check(not leaks, "location values survive: " + "; ".join(leaks))
        return f"{read} MARAC pages read by coordinator and chair ({shown} show the planted text), no spelling leaks"

    # 3. Sensitive reads: one audit entry each -------------------------------------------------------

    def sensitive_reads(self) -> str:
        from vawg.cases.models import Case
        from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MeetingState, ResearchTask
        from vawg.referrals.models import Referral

        idva, coordinator = user("idva"), user("marac-coordinator")
        case = Case.objects.visible_to(idva).filter(is_restricted=False).order_by("reference").first()
        heard = AgendaItem.objects.visible_to(idva).filter(meeting__current_state=MeetingState.MINUTES_PUBLISHED)
        upcoming = AgendaItem.objects.visible_to(idva).filter(meeting__current_state=MeetingState.AGENDA_PUBLISHED)
        meeting = (
            MaracMeeting.objects.visible_to(coordinator).filter(current_state=MeetingState.AGENDA_PUBLISHED).first()
            or MaracMeeting.objects.visible_to(coordinator).exclude(items=None).first()
        )
        pages: list[tuple[str, str, list[str]]] = [
            ("case page", "idva", [f"/cases/{case.pk}/"] if case else []),
            ("safe-contact page", "idva", [f"/cases/{case.pk}/safe-contact/"] if case else []),
            ("meeting page", "marac-coordinator", [f"/marac/meetings/{meeting.pk}/"] if meeting else []),
            (
                "action page",
                "marac-coordinator",
                [f"/marac/actions/{a.pk}/" for a in MaracAction.objects.visible_to(coordinator)[:3]],
            ),
            ("victim's voice page", "idva", [f"/marac/items/{i.pk}/victim-voice/" for i in upcoming[:3]]),
            ("victim-informed page", "idva", [f"/marac/items/{i.pk}/informed/" for i in heard.order_by("-pk")[:3]]),
            ("referral page", "idva", [f"/referrals/{r.pk}/" for r in Referral.objects.visible_to(idva)[:3]]),
            (
                "research task page",
                "idva",
                [f"/marac/research/{t.pk}/" for t in ResearchTask.objects.visible_to(idva).order_by("-pk")[:3]],
            ),
        ]
        problems, done = [], []
        for label, role, candidates in pages:
            client, persona = self.client(role), user(role)
            outcome = None
            for path in candidates:
                mark = audit_mark()
                response = client.get(path)
                if response.status != 200:
                    continue
                mine = [e.action for e in audit_since(mark, actor_id=str(persona.pk))]
                outcome = (path, mine)
                break
            if outcome is None:
                problems.append(f"{label}: not found (no candidate page answered 200 to {role})")
            elif len(outcome[1]) != 1:
                problems.append(f"{label} {outcome[0]} as {role}: {len(outcome[1])} audit entries {outcome[1]}")
            else:
                done.append(f"{label}={outcome[1][0]}")
        check(not problems, "; ".join(problems))
        return "one entry each: " + ", ".join(done)

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

    # 5a. Reveal contact details ----------------------------------------------------------------------

    def reveal_refused_through_grant(self) -> str:
        case = self.plants.grant_case
        problems, seen = [], []
        for role in self.plants.grant_roles:
            client = self.client(role)
            confirm_code(client, f"{role}{DEMO}")  # a fresh code, so only the permission can refuse
            page = client.get(f"/cases/{case.pk}/")
            if page.status != 200:
                problems.append(f"{role} cannot see the granted case ({page.status}): nothing tested")
                continue
            get = client.get(f"/cases/{case.pk}/reveal-contact/")
            post = client.post(
                f"/cases/{case.pk}/reveal-contact/",
                {"csrfmiddlewaretoken": csrf_token(page), "reason": "Probe: arranging a housing visit today"},
            )
            for method, response in (("GET", get), ("POST", post)):
                if response.status not in (403, 404):
                    problems.append(f"{role} {method} reveal-contact answered {response.status}")
            seen.append(f"{role} {get.status}/{post.status}")
        check(not problems, "; ".join(problems))
        return "refused through a grant: " + ", ".join(seen)

    def reveal_needs_recent_code(self) -> str:
        case, client, email = self.plants.reveal_case, self.client("idva"), f"idva{DEMO}"
        age_code(client, 6 * 60)
        stale = client.get(f"/cases/{case.pk}/reveal-contact/")
        check(
            stale.status == 302 and path_of(stale.location) == "/account/confirm-code/",
            f"with a code entered 6 minutes ago, reveal answered {stale.status} {stale.location}",
        )
        confirm_code(client, email)
        form = client.get(f"/cases/{case.pk}/reveal-contact/")
        check(form.status == 200, f"after a fresh code, reveal answered {form.status} {form.location}")
        mark = audit_mark()
        shown = client.submit(
            f"/cases/{case.pk}/reveal-contact/", {"reason": "Probe: arranging a safe call today"}, page=form
        )
        actions = [e.action for e in audit_since(mark, actor_id=str(user("idva").pk))]
        check(shown.status == 200, f"the reveal answered {shown.status}")
        check("cases.victim_contact.reveal" in actions, f"the reveal wrote {actions}, not cases.victim_contact.reveal")
        return "stale code -> confirm-code; fresh code -> reveal shown and audited"

    # 5b. Dashboard suppression ------------------------------------------------------------------------

    def dashboard(self) -> str:
        from vawg.marac import config

        threshold = int(getattr(config, "SUPPRESSION_THRESHOLD", 5))
        page = self.client("analyst").get("/marac/dashboard/")
        check(page.status == 200, f"GET /marac/dashboard/ answered {page.status}")
        return dashboard_verdict(page, threshold)

    # 5c. Restricted case on MARAC pages -----------------------------------------------------------------

    def marac_restricted(self) -> str:
        from vawg.marac.models import ResearchTask

        item, role = self.plants.marac_restricted_item, self.plants.marac_restricted_viewer
        referral = item.marac_referral
        victim = referral.case.victim
        names = [n for n in (victim.full_name, victim.family_name) if n and len(n) > 2]
        client = self.client(role)
        paths = [f"/marac/meetings/{item.meeting_id}/"]
        paths += [f"/marac/research/{t.pk}/" for t in ResearchTask.objects.filter(agenda_item=item)]
        problems, read = [], []
        for path in paths:
            response = client.get(path)
            if response.status != 200:
                continue
            text = page_text(response)
            read.append(path)
            leaked = [n for n in names if n.lower() in text.lower()]
            if leaked:
                problems.append(f"{role} {path} shows the victim's name")
            if path.startswith("/marac/meetings/") and referral.reference not in text:
                problems.append(f"{role} {path} does not show the MARAC reference {referral.reference}")
        check(bool(read), f"{role} could read none of {paths}")
        check(not problems, "; ".join(problems))
        return f"{role} reads {len(read)} page(s) of a restricted listed case: reference shown, name not"

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

    # 5f. Year 9999 ---------------------------------------------------------------------------------------

    def year_9999(self) -> str:
        client = self.client("marac-coordinator")
        page = client.get("/marac/returns/")
        check(page.status == 200, f"GET /marac/returns/ answered {page.status}")
        form = post_form(page, choose=lambda f: any(x.name.startswith("from_date") for x in f.fields))
        query: list[tuple[str, str]] = [("quarter", "")]
        for prefix in ("from_date", "to_date"):
            parts = [x.name for x in form.fields if x.name.startswith(prefix)]
            check(len(parts) == 3, f"the {prefix} date boxes were not found on the return page")
            query += list(
                zip(parts, ("1", "1", "9999") if prefix == "from_date" else ("31", "12", "9999"), strict=True)
            )
        encoded = urllib.parse.urlencode(query)
        problems, seen = [], []
        for path in (f"/marac/returns/?{encoded}", f"/marac/returns/download/csv/?{encoded}"):
            response = client.get(path)
            seen.append(f"{path.split('?')[0]} {response.status}")
            refused = 400 <= response.status < 500
            refused_page = response.status == 200 and "govuk-error-summary" in response.text
            refused_download = response.status in (302, 303) and "/download/" not in response.location
            if response.status >= 500 or not (refused or refused_page or refused_download):
                problems.append(f"{path.split('?')[0]} answered {response.status} {response.header('Content-Type')}")
        token = self.api_token()
        api = Client(self.base, ADDRESS["headers"]).get(
            "/api/v1/marac/returns?from=9999-01-01&to=9999-12-31", headers={"Authorization": f"Bearer {token}"}
        )
        seen.append(f"API {api.status}")
        if api.status != 422:
            problems.append(f"the API answered {api.status}, not 422")
        check(not problems, "; ".join(problems))
        return "year 9999: " + ", ".join(seen) + " (page: form error, download: back to the form)"

    _token: str = ""

    def api_token(self) -> str:
        if not self._token:
            client = self.client("marac-coordinator")
            page = client.get("/account/api-tokens/")
            check(page.status == 200, f"GET /account/api-tokens/ answered {page.status}")
            made = client.submit("/account/api-tokens/new/", {"name": "Probe token"}, page=page)
            found = re.search(r"vawg_[A-Za-z0-9_\-]+", made.text)
            check(found is not None, f"no token on the page after creating one ({made.status})")
            self._token = found.group(0) if found else ""
        return self._token

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

    # 5h. Two-person rule for memberships ---------------------------------------------------------------------

    def admin_own_membership(self) -> str:
        from vawg.accounts.models import Membership, Organisation
        from vawg.accounts.roles import CASEWORK_ROLES

        admin_user = user("admin")
        client = self.client("admin")

        def casework() -> int:
            return (
                Membership.objects.active()
                .of_active_user(admin_user)
                .filter(role__in=[str(r) for r in CASEWORK_ROLES])
                .count()
            )

        before = casework()
        organisation = Organisation.objects.order_by("name").first()
        path = f"/admin/accounts/user/{admin_user.pk}/change/"
        page = client.get(path)
        check(page.status == 200, f"GET {path} answered {page.status}")
        form = post_form(page, choose=lambda f: f.method == "post" and any(x.name == "email" for x in f.fields))
        data: list[tuple[str, str]] = []
        for x in form.fields:
            if x.kind in ("submit", "button", "image") or (x.kind in ("checkbox", "radio") and not x.checked):
                continue
            if re.match(r"memberships-(TOTAL|INITIAL)_FORMS", x.name):
                continue
            data.append((x.name, x.value))
        existing = Membership.objects.filter(user=admin_user).count()
        data += [
            ("memberships-TOTAL_FORMS", str(existing + 1)),
            ("memberships-INITIAL_FORMS", str(existing)),
            ("memberships-MIN_NUM_FORMS", "0"),
            ("memberships-MAX_NUM_FORMS", "1000"),
            (f"memberships-{existing}-organisation", str(organisation.pk)),
            (f"memberships-{existing}-role", "idva"),
            (f"memberships-{existing}-user", str(admin_user.pk)),
            ("_save", "Save"),
        ]
        mark = audit_mark()
        response = client.post(path, data)
        client.get("/admin/accounts/membership/add/")  # a second way in, if there is one
        after = casework()
        added = [
            e
            for e in audit_since(mark, action="accounts.membership.add")
            if str(e.details.get("user_id", e.object_id)) == str(admin_user.pk) or e.actor_id == str(admin_user.pk)
        ]
        check(
            after == before,
            f"the administrator gave themselves a casework membership (HTTP {response.status}; "
            f"{after - before} new, audited {len(added)})",
        )
        cases = client.get("/cases/")
        check(cases.status != 200, "the administrator can open /cases/ after the attempt")
        return f"self-granted membership refused (HTTP {response.status}; active casework memberships {after})"


def _error_text(response: Response) -> str:
    """The error messages a page shows (the GOV.UK error summary and field errors), normalised."""
    found = re.findall(
        r'class="govuk-(?:error-summary__list|error-message)"[^>]*>(.*?)</(?:ul|p|span)>', response.text, re.S
    )
    return " | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(f))).strip() for f in found)


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    if not body.startswith(b"%PDF"):
        return body.decode("utf-8", "replace")
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)


def find_limit(settings: Any, subjects: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[str, int | None]:
    """A setting whose name mentions one of ``subjects`` and one of ``kinds`` and holds a number (or a
    structure holding one): the threshold, read from the settings rather than guessed."""
    for name in sorted(dir(settings)):
        if not name.isupper() or name.startswith("AXES_"):
            continue
        if any(s in name for s in subjects) and any(k in name for k in kinds):
            value = getattr(settings, name)
            numbers = [value] if isinstance(value, int) and not isinstance(value, bool) else []
            if isinstance(value, dict | tuple | list):
                flat = value.values() if isinstance(value, dict) else value
                numbers = [n for n in flat if isinstance(n, int) and not isinstance(n, bool)]
                numbers += [m for n in flat if isinstance(n, tuple | list) for m in n if isinstance(m, int)]
            if numbers:
                return name, min(n for n in numbers if n > 0) if any(n > 0 for n in numbers) else None
    return "", None


COUNT_WORDS = ("count", "attempt", "calls", "requests", "times")


def flood_verdict(what: str, statuses: list[int], entries: list[Any], setting: str, threshold: int | None) -> str:
    problems = []
    first = next((index for index, status in enumerate(statuses) if status == 429), None)
    if first is None:
        problems.append(f"no HTTP 429 in {len(statuses)} {what} (statuses {sorted(set(statuses))})")
    elif threshold is not None and first > threshold:
        problems.append(f"the first 429 came after {first} requests; the threshold ({setting}) is {threshold}")
    if setting == "":
        problems.append("no threshold setting found")
    long_paths = [e for e in entries if len(str(e.details.get("path", ""))) > 200]
    if long_paths:
        problems.append(f"{len(long_paths)} audit entries store a path longer than 200 characters")
    if len(entries) > 3:
        problems.append(f"the audit log grew by {len(entries)} rows for {len(statuses)} {what} from one address")
    counted = [
        e for e in entries if any(isinstance(v, int) and any(w in k for w in COUNT_WORDS) for k, v in e.details.items())
    ]
    if entries and len(entries) < len(statuses) and not counted:
        problems.append("the audit rows carry no count of the calls they stand for")
    check(not problems, "; ".join(problems))
    at = first + 1 if first is not None else "-"
    return f"429 from request {at} ({setting}={threshold}); {len(entries)} audit row(s)"


def self_referral_ready(client: Client) -> dict[str, str]:
    """Walk the public self-referral questions to "Check your answers"; return the final POST's fields."""
    answers = {
        "safe_to_contact": "no",
        "given_name": "Probe",
        "children": "no",
    }
    response = client.get("/get-help/start/")
    check(response.status == 302, f"GET /get-help/start/ answered {response.status}")
    location = urllib.parse.urljoin(client.base, response.location)
    for _ in range(10):
        page = client.get(location)
        check(page.status == 200, f"GET {path_of(location)} answered {page.status}")
        if path_of(location).endswith("/check-your-answers/"):
            form = post_form(page, choose=lambda f: f.method == "post" and any(x.name == "token" for x in f.fields))
            return {x.name: x.value for x in form.fields if x.kind == "hidden"}
        form = post_form(page)
        data: list[tuple[str, str]] = []
        radios_done: set[str] = set()
        for x in form.fields:
            if x.kind in ("submit", "button"):
                continue
            if x.kind == "hidden":
                data.append((x.name, x.value))
            elif x.kind == "radio":
                if x.name in radios_done:
                    continue
                options = [y.value for y in form.fields if y.name == x.name]
                choice = answers.get(x.name)
                data.append((x.name, choice if choice in options else options[-1]))
                radios_done.add(x.name)
            elif x.kind == "checkbox":
                if x.name == "forms_of_abuse" and x.name not in radios_done:
                    data.append((x.name, x.value))
                    radios_done.add(x.name)
            elif x.name == "website":
                data.append((x.name, ""))  # the honeypot stays empty
            else:
                data.append((x.name, answers.get(x.name, "")))
        action = urllib.parse.urljoin(location, form.action or location)
        posted = client.post(action, [("csrfmiddlewaretoken", csrf_token(page)), *[(k, v) for k, v in data if k]])
        check(posted.status == 302, f"POST {path_of(action)} answered {posted.status}: {_error_text(posted)}")
        location = urllib.parse.urljoin(action, posted.location)
    raise ProbeError("the self-referral questions did not reach check-your-answers")


# --- 5b: the dashboard as a reader works it out ---------------------------------------------------------


def _tables(page: Response) -> list[tuple[str, list[list[str]]]]:
    """(caption, rows of cell texts) for each table on the page."""
    tables = []
    for table in re.findall(r"<table.*?</table>", page.text, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        rows = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", c))).strip() for c in cells])
        tables.append((unescape(caption.group(1)).strip() if caption else "", rows))
    return tables


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "").rstrip("%").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def dashboard_verdict(page: Response, threshold: int) -> str:
    """Parse the dashboard's tables and try to work each hidden count out from what is shown.

    Cells: each period's cases, and for each share its part and the rest. What a reader knows: shown
    counts exactly; a share shown with its cases gives its part and rest; "fewer than N" is 1..N-1;
    other hidden counts are 0.. (unknown). Sums: a period's cases = part + rest for each share; the
    rolling 12 months = the quarters inside it (when they tile it). Interval propagation over the sums;
    a hidden cell pinned to one non-zero value, a figure shown beside a hidden count, or a shown share
    that pins a count from 1 to N-1, is a leak."""
    tables = _tables(page)
    charts = [(caption, rows) for caption, rows in tables if caption.endswith(": figures")]
    check(bool(charts), "no chart tables (caption '...: figures') on the dashboard")
    lo: dict[str, float] = {}
    hi: dict[str, float] = {}
    hidden: set[str] = set()
    problems: list[str] = []
    sums: list[tuple[str, list[str]]] = []
    periods: list[str] = []

    def know(cell: str, low: float, high: float) -> None:
        lo[cell] = max(lo.get(cell, 0.0), low)
        hi[cell] = min(hi.get(cell, float("inf")), high)

    def count_cell(cell: str, text: str) -> None:
        value = _number(text)
        if value is not None:
            know(cell, value, value)
        else:
            hidden.add(cell)
            know(
                cell,
                1 if "fewer" in text and "suppressed (" not in text else 0,
                threshold - 1 if "fewer" in text else float("inf"),
            )

    for caption, rows in charts:
        chart = caption.removesuffix(": figures")
        for row in rows[1:]:
            if len(row) < 3:
                continue
            label, cases_text, value_text = row[0], row[1], row[2]
            cases = f"{label}.cases"
            if label not in periods and not chart.lower().startswith(("equality", "who")):
                periods.append(label)
            count_cell(cases, cases_text)
            value = _number(value_text)
            if cases in hidden and value is not None:
                problems.append(f"{chart}, {label}: {value_text} shown beside a hidden count")
            if value_text.endswith("%") or "%" in chart or "share" in chart.lower() or "(%)" in row[2]:
                part, rest = f"{label}.{chart}.part", f"{label}.{chart}.rest"
                sums.append((cases, [part, rest]))
                if value is not None and cases not in hidden:
                    n = lo[cases]
                    options = [k for k in range(int(n) + 1) if f"{100 * k / n:.1f}" == f"{value:.1f}"] if n else [0]
                    if options:
                        know(part, min(options), max(options))
                        know(rest, n - max(options), n - min(options))
                        if len(options) == 1 and (1 <= options[0] < threshold or 1 <= n - options[0] < threshold):
                            problems.append(
                                f"{chart}, {label}: {value_text} of {int(n)} pins a count below {threshold}"
                            )
                elif value is None:
                    hidden.update({part, rest})
    rolling = [p for p in periods if "12 months" in p or "rolling" in p.lower()]
    quarters = [p for p in periods if p not in rolling]
    if rolling and len(quarters) >= 4:
        sums.append((f"{rolling[0]}.cases", [f"{q}.cases" for q in quarters[-4:]]))
    for _ in range(50):  # interval propagation until nothing changes
        changed = False
        for total, parts in sums:
            cells = [total, *parts]
            for cell in cells:
                lo.setdefault(cell, 0.0)
                hi.setdefault(cell, float("inf"))
            new_lo_total = sum(lo[p] for p in parts)
            new_hi_total = sum(hi[p] for p in parts)
            updates = {total: (new_lo_total, new_hi_total)}
            for p in parts:
                others_lo = sum(lo[q] for q in parts if q != p)
                others_hi = sum(hi[q] for q in parts if q != p)
                updates[p] = (lo[total] - others_hi, hi[total] - others_lo)
            for cell, (low, high) in updates.items():
                if low > lo[cell] + 1e-9 or high < hi[cell] - 1e-9:
                    lo[cell], hi[cell] = max(lo[cell], low), min(hi[cell], high)
                    changed = True
        if not changed:
            break
    pinned = sorted(c for c in hidden if lo.get(c) == hi.get(c) and (lo.get(c) or 0) >= 1)
    problems += [f"hidden {cell} can be worked out: {int(lo[cell])}" for cell in pinned]
    check(not problems, "; ".join(problems[:6]) + (f" (+{len(problems) - 6} more)" if len(problems) > 6 else ""))
    shown_hidden = len([c for c in hidden if c.endswith(".cases")])
    return f"{len(charts)} chart tables, {len(hidden)} hidden cells ({shown_hidden} counts); none can be worked out"


# --- Main ---------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-seed", action="store_true", help="keep and reuse the seeded database (development)")
    args = parser.parse_args(argv)
    started = time.monotonic()

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    env = prepare(args.reuse_seed)
    django_setup(env)
    from vawg.nonprod.demo.data import DEFAULT_PASSWORD

    password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
    say("planting canaries")
    plants = plant()
    say(f"setup took {time.monotonic() - started:.0f}s")
    server = start_server(env)
    try:
        probes = Probes(server.base, password, plants)
        run_probe("sign-in: every persona with password and TOTP", probes.sign_in_everyone)
        # Straight after sign-in: break-glass and reveal need a code from the last five minutes.
        run_probe("1 break-glass: one answer for deny-listed, restricted and made-up references", probes.break_glass)
        run_probe(
            "5a reveal contact: refused to agencies that see the case only through a grant",
            probes.reveal_refused_through_grant,
        )
        run_probe("5a reveal contact: needs a code entered within 5 minutes", probes.reveal_needs_recent_code)
        run_probe("2 location redaction on MARAC pages (coordinator, chair)", probes.redaction)
        run_probe("3 sensitive reads: exactly one audit entry per page", probes.sensitive_reads)
        run_probe("5b dashboard: suppressed counts cannot be worked out", probes.dashboard)
        run_probe("5c restricted case: no victim name on MARAC pages for other agencies", probes.marac_restricted)
        run_probe("5f year 9999: 4xx (422 for the API), never 500", probes.year_9999)
        run_probe("5g headers on API errors, static files and pages", probes.headers)
        run_probe("5h administrators cannot give themselves a casework membership", probes.admin_own_membership)
        run_probe("broad: a password-only session reaches nothing", probes.password_only_session)
        run_probe("broad: anonymous GET of a case goes to sign-in", probes.anonymous_case)
        run_probe("5d self-referral: 10 parallel submissions, no more than the allowance", probes.self_referral_burst)
        run_probe("4 audit flooding: unauthenticated API calls", probes.api_flood)
        run_probe("4 audit flooding: failed sign-ins with unknown emails", probes.sign_in_flood)
        run_probe("5e lockout: 10 wrong passwords from A do not lock out B", probes.lockout)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        server.stop()
        say("gunicorn stopped")
    failed = [outcome for outcome in RESULTS if not outcome.ok]
    out(f"\nprobe: {len(RESULTS) - len(failed)} passed, {len(failed)} failed, in {time.monotonic() - started:.0f}s")
    for outcome in failed:
        out(f"  FAIL  {outcome.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
