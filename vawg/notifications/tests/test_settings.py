"""Notification settings: the Notify key from a file, the fake without a key or in demo mode, templates per kind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PRINT = (
    "import vawg.settings as s; "
    "print(s.NOTIFY_GATEWAY, s.NOTIFY_API_KEY == 'key-from-a-file', sorted(s.NOTIFY_TEMPLATE_IDS.items()))"
)


def _settings(extra: dict[str, str]) -> str:
    clean = {name: value for name, value in os.environ.items() if not name.startswith(("NOTIFY_", "VAWG_DEMO"))}
    clean.update({"DEBUG": "true", **extra})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("demo", "with_key", "expected"),
    [
        ("false", True, "notify True"),
        ("true", True, "fake True"),  # the demo never sends
        ("false", False, "fake False"),
    ],
)
def test_it_reads_the_notify_key_from_a_file_and_uses_the_fake_without_it_or_in_the_demo(
    tmp_path: Path, demo: str, with_key: bool, expected: str
) -> None:
    key_file = tmp_path / "notify-key"
    key_file.write_text("key-from-a-file\n")
    extra = {"VAWG_DEMO": demo, **({"NOTIFY_API_KEY_FILE": str(key_file)} if with_key else {})}
    assert _settings(extra).startswith(expected)


def test_it_reads_templates_per_kind() -> None:
    out = _settings({"NOTIFY_TEMPLATE_IDS": "referral-routed=aaa, break-glass = bbb,nonsense"})
    assert out.endswith("[('break-glass', 'bbb'), ('referral-routed', 'aaa')]")
