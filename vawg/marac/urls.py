"""MARAC pages, mounted at /marac/. Each area's routes are in its own block; every URL is in the access matrix
(vawg/marac/tests/matrix*.py). Each block adds its own routes with ``urlpatterns += [...]``."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.marac.views import home

app_name = "marac"
urlpatterns: list[URLPattern] = [
    path("", home.home, name="home"),
]

# --- meetings, queue and agenda (vawg/marac/views/meetings.py, views/queue.py) ---

# --- research, victim voice, chair's view, actions (views/research.py, views/chair.py, views/actions.py) ---

# --- minutes and distribution (views/minutes.py) ---

# --- repeats, transfers, victim informed (views/transfers.py, views/informed.py) ---

# --- quarterly return and dashboard (views/returns.py) ---
