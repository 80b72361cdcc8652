from __future__ import annotations

from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "vawg.provision"
    label = "provision"
    verbose_name = "Services and safe accommodation"

    def ready(self) -> None:
        self._register_directory()
        self._register_accommodation()

    def _register_directory(self) -> None:
        """The directory's hooks into lower apps (My work, notifications, routing)."""
        from vawg.accounts.hooks import WorkCount, my_work_register
        from vawg.notifications.hooks import link_gate_register
        from vawg.provision.config import KEEP_SERVICES
        from vawg.provision.models import Service
        from vawg.provision.presenters.directory import route_named_service
        from vawg.provision.selectors.directory import services_check_due_count
        from vawg.referrals.hooks import ROUTE_NAMED_SERVICE

        my_work_register(
            WorkCount(
                key="services_check_due",
                label="Your agency's services not checked for 6 months",
                permission=KEEP_SERVICES,
                count=services_check_due_count,
                url_name="directory:service_list_mine",
                query="due=1",
                order=80,
            )
        )
        # An email about an entry due a check goes only to someone who still keeps that agency's entries.
        link_gate_register(
            "directory:service_detail",
            lambda user, kw: Service.objects.at_agencies_of(user).filter(pk=kw["service_id"]).exists(),
        )

        if route_named_service not in ROUTE_NAMED_SERVICE:
            ROUTE_NAMED_SERVICE.append(route_named_service)

    def _register_accommodation(self) -> None:
        """Safe accommodation's hooks into lower apps (My work, notifications, the case page)."""
        from vawg.accounts.hooks import WorkCount, my_work_register
        from vawg.cases.hooks import CASE_PAGE_SECTIONS
        from vawg.notifications.hooks import link_gate_register
        from vawg.provision.config import KEEP_UNITS, REQUEST_ACCOMMODATION
        from vawg.provision.models import AccommodationRequest, Reservation, Unit
        from vawg.provision.presenters.accommodation import case_page_section
        from vawg.provision.selectors.journey import requests_open_count, reservations_waiting_count

        if case_page_section not in CASE_PAGE_SECTIONS:
            CASE_PAGE_SECTIONS.append(case_page_section)
        my_work_register(
            WorkCount(
                key="reservations_waiting",
                label="Reservations waiting for your answer",
                permission=KEEP_UNITS,
                count=reservations_waiting_count,
                url_name="accommodation:reservation_list",
                query="state=held",
                order=85,
            )
        )
        my_work_register(
            WorkCount(
                key="accommodation_requests_open",
                label="Accommodation requests still looking for a place",
                permission=REQUEST_ACCOMMODATION,
                count=requests_open_count,
                url_name="accommodation:accommodation_request_list",
                query="state=open",
                order=86,
            )
        )
        # An email about a reservation goes only to someone who still keeps the unit, or may still see the request.
        link_gate_register(
            "accommodation:reservation_detail",
            lambda user, kw: Reservation.objects.filter(
                pk=kw["reservation_id"], unit__in=Unit.objects.kept_by(user).values("pk")
            ).exists(),
        )
        link_gate_register(
            "accommodation:accommodation_request_detail",
            lambda user, kw: AccommodationRequest.objects.raised_for(user).filter(pk=kw["request_id"]).exists(),
        )
