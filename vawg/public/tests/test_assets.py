"""The built front-end assets: GOV.UK Frontend without GOV.UK's font, crown or any other origin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

STATIC = Path(settings.BASE_DIR) / "vawg" / "core" / "static" / "vawg"


def test_it_builds_css_without_the_gds_transport_font() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")

    assert ".govuk-exit-this-page" in css
    assert "GDS Transport" not in css
    assert "@font-face" not in css


def test_it_builds_css_that_fetches_nothing_from_elsewhere() -> None:
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]*)\)", css)

    assert [url for url in urls if not url.strip("'\"").startswith(("/static/vawg/", "data:"))] == []
    assert "@import" not in css
    assert "govuk-crest" not in css


def test_it_ships_no_gov_uk_crown_or_font_files() -> None:
    names = {path.name for path in STATIC.rglob("*")}

    assert not [name for name in names if "crest" in name or "crown" in name or name.endswith((".woff", ".woff2"))]


def test_it_ships_the_govuk_frontend_module_without_a_source_map_reference() -> None:
    js = (STATIC / "govuk-frontend.min.js").read_text(encoding="utf-8")
    app = (STATIC / "app.js").read_text(encoding="utf-8")

    assert "export{" in js.replace(" ", "")
    assert "sourceMappingURL" not in js
    assert 'import { initAll } from "./govuk-frontend.min.js";' in app
    assert "initAll();" in app


STATIC_FILES = ["vawg/app.css", "vawg/app.js", "vawg/govuk-frontend.min.js", "vawg/images/favicon.svg"]


@pytest.mark.parametrize("path", STATIC_FILES)
def test_it_finds_each_static_file_the_pages_use(path: str) -> None:
    assert finders.find(path) is not None
