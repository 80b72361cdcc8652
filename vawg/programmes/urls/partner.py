"""URLs of partner support (mounted at /partner-support/). Every one goes through the partner's case gate
and is in the access matrix (vawg/programmes/tests/matrix_partner.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.programmes.views import partner

app_name = "partner_support"

urlpatterns: list[URLPattern] = [
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/start/",
        partner.partner_support_start,
        name="partner_support_start",
    ),
    path(
        "<uuid:partner_support_id>/reports/new/",
        partner.partner_safety_report_new,
        name="partner_safety_report_new",
    ),
    path("<uuid:partner_support_id>/end/", partner.partner_support_end, name="partner_support_end"),
]
