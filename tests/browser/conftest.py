"""Browser tests: pytest-django's live_server driven by Debian Chromium through Playwright.

Never runs ``playwright install``: Chromium comes from Debian (/usr/bin/chromium).
Every page a test reaches is checked with axe (WCAG 2.2 AA rules, bundled with
axe-playwright-python, no download) and every request the page makes must go to
the live server itself: no third-party URLs, ever.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            lines.append(f"    at {', '.join(str(part) for part in node.get('target', []))}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """axe finds no WCAG 2.2 A/AA violation on the page as it is now.

    Straight after a click the old document may be unloading, and axe finds no
    document at all: wait for the next page to load and run it again, then.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            break
        except PlaywrightError as error:
            navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == 2:
                raise
            page.wait_for_timeout(200)
    violations = results.response["violations"]
    assert not violations, format_violations(page.url, violations)


@dataclass
class RequestLog:
    """Every request the page made, to check that none left the live server."""

    origin: str
    urls: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def offsite(self) -> list[str]:
        # data: and blob: URLs are read from the page itself, not fetched from anywhere.
        fetched = [url for url in self.urls if urlsplit(url).scheme not in {"data", "blob"}]
        return [url for url in fetched if origin_of(url) != self.origin]

    def assert_all_on_site(self) -> None:
        assert self.urls, "the page made no requests at all: was anything loaded?"
        assert not self.offsite(), f"requests left {self.origin}: {self.offsite()}"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def requests_made(page: Page, live_server: Any) -> Iterator[RequestLog]:
    """Records the page's requests; the test calls ``assert_all_on_site()`` (checked again at teardown)."""
    log = RequestLog(origin=origin_of(live_server.url))
    page.on("request", log.record)
    yield log
    assert not log.offsite(), f"requests left {log.origin}: {log.offsite()}"
