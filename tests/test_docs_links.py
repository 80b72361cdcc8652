"""The repository stands alone, and its documentation links hold.

- No tracked file cites the project's private reference notes (``domain.md``, a ``security.md``
  other than ``docs/security.md``, the developers' guide and the other notes), a path on a
  developer's machine, or a tracker issue by number. Cite the project's own pages instead:
  ``docs/domain/*.md`` for domain facts, ``docs/security.md#s-41`` style anchors for controls
  (docs/domain/README.md, "Citing a fact").
- Every relative markdown link in ``docs/``, ``README.md`` and ``CONTRIBUTING.md`` points to a
  file or folder that exists and, when it names an ``#anchor``, to a heading of that file
  (GitHub's heading slugs).
- Every path under ``vawg/`` that the documentation names (``vawg/people/services/messaging.py``,
  ``vawg/marac/models/``) exists, so a move that forgets the docs fails here.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
THIS_FILE = PurePosixPath(Path(__file__).resolve().relative_to(ROOT).as_posix())
SECURITY_DOC = "docs/security.md"

# What must not appear in any tracked file, with what each pattern means.
OUTSIDE_REFERENCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("the private domain notes", re.compile(r"domain\.md")),
    ("the private developer notes", re.compile(r"DEVELOPERS\.md")),
    (
        "the private notes",
        re.compile(r"(?<![\w/-])(?:stack|next-capabilities|anchors|strategy|style)\.md"),
    ),
    ("a path on a developer's machine", re.compile(r"/wor[k]/")),
    ("the private reference folder", re.compile(r"shared/referenc[e]")),
    ("a tracker issue by number", re.compile(r"\b[Ii]ssue [0-9]+")),
)
# Any path ending in security.md; only docs/security.md is allowed (checked in _security_ok).
SECURITY_PATH = re.compile(r"[\w./-]*security\.md")

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
INLINE_CODE = re.compile(r"(`+).*?\1")
INLINE_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^()\s<>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LINKED_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
NOT_SLUG = re.compile(r"[^\w\- ]")
# A path into the package, as the docs write it: vawg/<app>/..., ending at a space, quote or bracket.
CODE_PATH = re.compile(r"(?<![\w./])vawg/[\w./-]*[\w/]")


def _tracked_files() -> list[PurePosixPath]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    listed = subprocess.run(  # noqa: S603 (a fixed command, no shell, no user input)
        [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [PurePosixPath(name) for name in listed.split("\0") if name]


def _text(path: PurePosixPath) -> str | None:
    """The file's text, or None for a binary file, a non-file or a file missing from the work tree."""
    full = ROOT / path
    if full.is_symlink() or not full.is_file():
        return None
    data = full.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _security_ok(path: PurePosixPath, token: str) -> bool:
    """A security.md mention is allowed only when it is docs/security.md, named from the root or relatively."""
    if token == SECURITY_DOC or token.endswith("/" + SECURITY_DOC):
        return True
    return posixpath.normpath(posixpath.join(str(path.parent), token)) == SECURITY_DOC


def outside_references(path: PurePosixPath, text: str) -> Iterator[str]:
    """Each line of ``text`` (the contents of ``path``) that cites something outside the repository."""
    for number, line in enumerate(text.splitlines(), start=1):
        for meaning, pattern in OUTSIDE_REFERENCES:
            for match in pattern.finditer(line):
                yield f"{path}:{number}: {match.group(0)!r} ({meaning}): {line.strip()}"
        for match in SECURITY_PATH.finditer(line):
            if not _security_ok(path, match.group(0)):
                yield f"{path}:{number}: {match.group(0)!r} (the private security notes): {line.strip()}"


def _prose_lines(markdown: str) -> Iterator[str]:
    """The lines of ``markdown`` outside fenced code blocks."""
    fence: str | None = None
    for line in markdown.splitlines():
        opened = FENCE.match(line)
        if opened:
            if fence is None:
                fence = opened.group(1)
            elif opened.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield line


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the rendered text, lower case, punctuation dropped, spaces as hyphens."""
    text = LINKED_TEXT.sub(r"\1", heading)
    text = HTML_TAG.sub("", text).replace("`", "").replace("*", "")
    return NOT_SLUG.sub("", text.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every heading anchor in ``markdown``; a repeated heading gets -1, -2 and so on, as on GitHub."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in _prose_lines(markdown):
        heading = HEADING.match(line)
        if heading is None:
            continue
        base = slug(heading.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(markdown: str) -> Iterator[str]:
    """The targets of the inline links and link definitions in ``markdown``, outside code.

    Link text may run over a line break, so inline links are found in the whole prose at once.
    """
    prose = [INLINE_CODE.sub("", line) for line in _prose_lines(markdown)]
    yield from (match.group(1) for match in INLINE_LINK.finditer("\n".join(prose)))
    for line in prose:
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            yield definition.group(1)


def broken_link(source: PurePosixPath, target: str) -> str | None:
    """Why ``target``, linked from ``source``, does not resolve; None when it does or is not relative."""
    if not target or SCHEME.match(target) or target.startswith("//"):
        return None
    path_part, _, anchor = target.partition("#")
    if path_part.startswith("/"):
        return f"{target}: use a relative link"
    resolved = posixpath.normpath(posixpath.join(str(source.parent), path_part)) if path_part else str(source)
    full = ROOT / resolved
    if resolved.startswith("..") or not full.exists():
        return f"{target}: no such file"
    if anchor:
        if not (full.is_file() and full.suffix == ".md"):
            return f"{target}: an anchor needs a markdown file"
        if anchor not in anchors(full.read_text(encoding="utf-8")):
            return f"{target}: no heading with that anchor in {resolved}"
    return None


def _documentation() -> list[PurePosixPath]:
    pages = sorted(PurePosixPath(p.relative_to(ROOT).as_posix()) for p in (ROOT / "docs").rglob("*.md"))
    return [PurePosixPath("README.md"), PurePosixPath("CONTRIBUTING.md"), *pages]


def test_it_makes_github_heading_anchors() -> None:
    assert slug("S-41") == "s-41"
    assert slug("Definitions (followed exactly)") == "definitions-followed-exactly"
    assert slug("Reads go through QuerySets, the `visible_to` gate and selectors") == (
        "reads-go-through-querysets-the-visible_to-gate-and-selectors"
    )
    assert slug("Cases: the case gate") == "cases-the-case-gate"
    assert anchors("# Notes\n## Notes\n```\n# not a heading\n```\n") == {"notes", "notes-1"}


def test_it_recognises_outside_references() -> None:
    code = PurePosixPath("vawg/core/crypto.py")
    adr = PurePosixPath("docs/adr/0007-field-encryption.md")
    flagged = [
        (code, "Field encryption (security.md #41)."),
        (code, "Thresholds (domain.md 1.3)."),
        (code, "The personas (DEVELOPERS" + ".md)."),
        (code, "See /wor" + "k/shared/refer" + "ence/stack.md."),
        (code, "As iss" + "ue 3 asks; Iss" + "ue 4 item 8."),
        (adr, "As [S-41](security.md#s-41) asks."),
    ]
    allowed = [
        (code, "Field encryption (docs/security.md#s-41)."),
        (adr, "As [S-41](../security.md#s-41) asks."),
        (PurePosixPath("docs/marac.md"), "See [DA-5](security.md#da-5)."),
        (PurePosixPath("requirements.in"), "# Why each is here: docs/adr/0001-stack.md."),
        (code, "Open an issue or a draft pull request; docs/domain/dash.md#thresholds."),
    ]
    for path, line in flagged:
        assert list(outside_references(path, line)), line
    for path, line in allowed:
        assert not list(outside_references(path, line)), line


def test_it_finds_no_private_notes_machine_paths_or_tracker_issues_in_tracked_files() -> None:
    files = [path for path in _tracked_files() if path != THIS_FILE]
    assert PurePosixPath("README.md") in files
    problems = [
        problem for path in files if (text := _text(path)) is not None for problem in outside_references(path, text)
    ]
    assert not problems, "Cite the project's own docs instead (docs/domain/README.md):\n" + "\n".join(problems)


def test_it_links_only_to_files_and_headings_that_exist() -> None:
    pages = _documentation()
    checked = 0
    problems: list[str] = []
    for page in pages:
        for target in links((ROOT / page).read_text(encoding="utf-8")):
            checked += 1
            problem = broken_link(page, target)
            if problem:
                problems.append(f"{page}: {problem}")
    # Guards the link pattern: a pattern that matched nothing would pass.
    assert checked > 50
    assert not problems, "\n".join(problems)


def test_it_finds_links_outside_code() -> None:
    markdown = "See [the repeat\nrule](domain/marac.md#the-repeat-rule) and `[not](a-link.md)`.\n```\n[no](x.md)\n```\n"
    assert list(links(markdown)) == ["domain/marac.md#the-repeat-rule"]
    assert list(links("[docs]: ../README.md\n")) == ["../README.md"]


def test_it_checks_links_to_anchors() -> None:
    page = PurePosixPath("docs/adr/0007-field-encryption.md")
    assert broken_link(page, "../security.md#s-41") is None
    assert broken_link(page, "../security.md#no-such-heading") is not None
    assert broken_link(page, "../no-such-file.md") is not None
    assert broken_link(page, "https://example.org/missing") is None


def code_paths(text: str) -> Iterator[str]:
    """Paths into ``vawg/`` that a page names, in code spans or prose alike."""
    for match in CODE_PATH.finditer(text):
        yield match.group(0)


def test_it_names_only_code_paths_that_exist() -> None:
    named = [(page, path) for page in _documentation() for path in code_paths((ROOT / page).read_text("utf-8"))]
    # Guards the pattern: one that matched nothing would pass.
    assert len(named) > 50
    missing = sorted({f"{page}: {path}" for page, path in named if not (ROOT / path).exists()})
    assert not missing, "Point these at where the code lives now:\n" + "\n".join(missing)


def test_it_finds_code_paths_in_prose_and_code() -> None:
    text = "See `vawg/marac/models/` and vawg/people/services/messaging.py, not myvawg/x or a/vawg/y."
    assert list(code_paths(text)) == ["vawg/marac/models/", "vawg/people/services/messaging.py"]
