"""URL map: one include per app. Every URL here is listed in the access-matrix test."""

from django.contrib import admin
from django.urls import include, path

from vawg.api.api import api

urlpatterns = [
    path("", include("vawg.public.urls")),
    path("", include("vawg.accounts.urls")),
    path("audit/", include("vawg.audit.urls")),
    path("cases/", include("vawg.cases.urls")),
    path("referrals/new/", include("vawg.referrals.urls.intake")),
    path("referrals/", include("vawg.referrals.urls.triage")),
    path("get-help/", include("vawg.referrals.urls.public")),
    path("cases/<uuid:case_id>/risk/", include("vawg.risk.urls.case")),
    path("risk/", include("vawg.risk.urls.work")),
    path("marac/", include("vawg.marac.urls")),
    path("find-support/", include("vawg.provision.urls.public")),
    path("services/", include("vawg.provision.urls.directory")),
    path("accommodation/", include("vawg.provision.urls.accommodation")),
    path("commissioning/", include("vawg.provision.urls.commissioning")),
    path("people-causing-harm/", include("vawg.intelligence.urls.harm")),
    path("police-data/", include("vawg.intelligence.urls.police")),
    path("identity-links/", include("vawg.intelligence.urls.linkage")),
    path("ranking/", include("vawg.intelligence.urls.ranking")),
    path("matac/", include("vawg.intelligence.urls.matac")),
    path("orders/", include("vawg.justice.urls.orders")),
    path("justice/", include("vawg.justice.urls.outcomes")),
    path("programmes/", include("vawg.programmes.urls.programmes")),
    path("partner-support/", include("vawg.programmes.urls.partner")),
    path("high-harm/", include("vawg.programmes.urls.drive")),
    path("account/api-tokens/", include("vawg.api.urls")),
    path("account/notifications/", include("vawg.notifications.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "vawg.core.views.bad_request"
handler403 = "vawg.core.views.permission_denied"
handler404 = "vawg.core.views.page_not_found"
handler500 = "vawg.core.views.server_error"
