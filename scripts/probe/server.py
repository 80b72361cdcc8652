"""Setup: a throwaway database, keys and static files under var/probe, and gunicorn serving them."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from report import say
from web import Client

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "var" / "probe"
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn")


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
