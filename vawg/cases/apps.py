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
