"""Write var/demo.env with fresh random keys for the local demo, once.

Never overwrites an existing file: the demo database's encrypted fields and audit
chain are sealed with these keys, and new keys would make that data unreadable.
Usage: python scripts/make_demo_env.py [path]   (default: var/demo.env)
Standard library only, so it runs before the virtual environment is set up.
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path


def field_key() -> str:
    """A 32-byte key in FIELD_ENCRYPTION_KEYS format (as vawg.core.crypto.generate_key)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def demo_env() -> str:
    return (
        "# Local demo keys, written once by `make demo`. Do not reuse anywhere else.\n"
        "# Deleting this file makes the demo database's encrypted data unreadable (`make clean` first).\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"FIELD_ENCRYPTION_KEYS=demo1:{field_key()}\n"
        f"AUDIT_HMAC_KEY={secrets.token_urlsafe(32)}\n"
    )


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "var/demo.env")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: never replace a file that is already there, even in a race.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        sys.stdout.write(f"Keeping the existing {path}.\n")
        return 0
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(demo_env())
    sys.stdout.write(f"Wrote new demo keys to {path}.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
