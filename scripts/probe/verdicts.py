"""Judging what the probes saw: thresholds from the settings, floods, the self-referral walk and the
dashboard as a reader works it out."""

from __future__ import annotations

import io
import re
import urllib.parse
from html import unescape
from typing import Any

from report import ProbeError, check
from web import Client, Response, csrf_token, path_of, post_form


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
    elif threshold is not None and first > 2 * threshold:
        # The allowances are fixed one-minute windows: a burst that crosses a minute boundary gets this
        # minute's allowance and the next one's, so up to twice the threshold before the first 429.
        problems.append(
            f"the first 429 came after {first} requests; the threshold ({setting}) is {threshold} a minute, "
            "so no more than twice that should pass even across a minute boundary"
        )
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
