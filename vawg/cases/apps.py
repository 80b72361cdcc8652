from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "vawg.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from vawg.audit.hooks import RECORD_ACCESS_RULES
        from vawg.cases.selectors import may_see_case_accesses, may_see_victim_accesses

        RECORD_ACCESS_RULES["cases.case"] = may_see_case_accesses
        RECORD_ACCESS_RULES["people.person"] = may_see_victim_accesses
        self._register_my_work()
        self._register_notification_gates()

    def _register_notification_gates(self) -> None:
        """notifications' LINK_GATES: a case's page is asked again just before an email about it goes."""
        from vawg.cases.models import Case
        from vawg.notifications.hooks import link_gate_register

        link_gate_register(
            "cases:case_detail", lambda user, kw: Case.objects.visible_to(user).filter(pk=kw["case_id"]).exists()
        )

    def _register_my_work(self) -> None:
        """Cases' count on "My work" (vawg/accounts/hooks.py, docs/my-work.md)."""
        from vawg.accounts.hooks import WorkCount, my_work_register
        from vawg.cases.models import VIEW_CASES
        from vawg.cases.selectors import GRANT_EXPIRING_DAYS, grants_expiring_count

        my_work_register(
            WorkCount(
                key="grants_expiring",
                label=f"Access grants ending in the next {GRANT_EXPIRING_DAYS} days",
                permission=VIEW_CASES,
                count=grants_expiring_count,
                url_name="cases:grant_expiring_list",
                order=90,
            )
        )
