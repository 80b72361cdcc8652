"""Safe accommodation at /accommodation/: units, the vacancy board, requests, reservations, placements."""

from __future__ import annotations

from django.urls import URLPattern, path

from vawg.provision.views.accommodation import home, households, requests, units, vacancies

app_name = "accommodation"
urlpatterns: list[URLPattern] = [
    path("", home.accommodation_home, name="accommodation_home"),
    # Providers: their units, reservations of them, and the households living in them.
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<uuid:unit_id>/", units.unit_detail, name="unit_detail"),
    path("units/<uuid:unit_id>/change/", units.unit_change, name="unit_change"),
    path("units/<uuid:unit_id>/availability/", units.unit_status_record, name="unit_status_record"),
    path("reservations/", households.reservation_list, name="reservation_list"),
    path("reservations/<uuid:reservation_id>/", households.reservation_detail, name="reservation_detail"),
    path("reservations/<uuid:reservation_id>/accept/", households.reservation_accept, name="reservation_accept"),
    path("reservations/<uuid:reservation_id>/decline/", households.reservation_decline, name="reservation_decline"),
    path("reservations/<uuid:reservation_id>/moved-in/", households.placement_start, name="placement_start"),
    path("placements/", households.placement_list, name="placement_list"),
    path("placements/<uuid:placement_id>/end/", households.placement_end, name="placement_end"),
    # Workers: the vacancy board, their requests, matches and reservations.
    path("vacancies/", vacancies.vacancy_list, name="vacancy_list"),
    path(
        "cases/<uuid:case_id>/requests/new/",
        requests.accommodation_request_create,
        name="accommodation_request_create",
    ),
    path("requests/", requests.accommodation_request_list, name="accommodation_request_list"),
    path("requests/<uuid:request_id>/", requests.accommodation_request_detail, name="accommodation_request_detail"),
    path(
        "requests/<uuid:request_id>/units/<uuid:unit_id>/reserve/",
        requests.reservation_create,
        name="reservation_create",
    ),
    path("requests/<uuid:request_id>/close/", requests.accommodation_request_close, name="accommodation_request_close"),
    path(
        "requests/<uuid:request_id>/withdraw/",
        requests.accommodation_request_withdraw,
        name="accommodation_request_withdraw",
    ),
    path(
        "held/<uuid:reservation_id>/survivor-declined/",
        requests.reservation_survivor_decline,
        name="reservation_survivor_decline",
    ),
    path("held/<uuid:reservation_id>/cancel/", requests.reservation_cancel, name="reservation_cancel"),
]
