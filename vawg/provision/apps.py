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
