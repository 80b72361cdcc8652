"""PDFs from server-rendered HTML (WeasyPrint), fetching nothing.

A PDF template is a whole HTML document: it extends "pdf/base.html", which carries the print
stylesheet inline, the protective marking in the running header and footer of every page, and the
confidentiality statement. WeasyPrint is given a URL fetcher that refuses every URL, so a value in
the document can never make the server fetch anything (no SSRF, no local files, no third parties).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_CONTENT_TYPE = "application/pdf"


class _FetchNothing(URLFetcher):  # type: ignore[misc]
    def fetch(self, url: str, headers: Any = None) -> Any:
        raise ValueError(f"PDF rendering fetches nothing (refused {url[:40]})")


def render_pdf(template: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """The PDF of ``template`` rendered with ``context``."""
    html = render_to_string(template, context, request=request)
    document: bytes = HTML(string=html, base_url="about:blank", url_fetcher=_FetchNothing()).write_pdf()
    return document


def pdf_response(document: bytes, filename: str) -> HttpResponse:
    """A PDF download (an attachment; never cached: NoStoreMiddleware adds no-store)."""
    response = HttpResponse(document, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
