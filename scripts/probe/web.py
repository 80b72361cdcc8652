"""A browser over urllib: cookies, a client address, forms and the text a page shows."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from html import unescape
from html.parser import HTMLParser
from typing import Any

from report import check


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
