from __future__ import annotations

from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "vawg.risk"
    label = "risk"
    verbose_name = "Risk assessment"

    def ready(self) -> None:
        # Risk sits above cases: it adds its section to the case page through the cases registry.
        from vawg.cases.hooks import CASE_PAGE_SECTIONS
        from vawg.risk.presenters import case_page_section

        if case_page_section not in CASE_PAGE_SECTIONS:
            CASE_PAGE_SECTIONS.append(case_page_section)
        # Referrals check a reported SafeLives DASH score against the question set and thresholds in force.
        from vawg.referrals.hooks import DASH_SCALE
        from vawg.risk.rules import SAFELIVES_DASH

        if SAFELIVES_DASH not in DASH_SCALE:
            DASH_SCALE.append(SAFELIVES_DASH)
        # "My work" (vawg/accounts/hooks.py, docs/my-work.md): the reassessments due on the user's cases.
        from vawg.accounts.hooks import WorkCount, my_work_register
        from vawg.risk.selectors import reassessments_due_count
        from vawg.risk.services import ASSESS_RISK

        my_work_register(
            WorkCount(
                key="reassessments_due",
                label="Cases due a new DASH risk assessment",
                permission=ASSESS_RISK,
                count=reassessments_due_count,
                url_name="risk_work:reassessment_due_list",
                order=80,
            )
        )
