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
        # Referrals check a SafeLives DASH score against its grade with the thresholds in force.
        from vawg.referrals.models import DASH_BAND_FOR_SCORE
        from vawg.risk.config import thresholds_for
        from vawg.risk.rules import level_for

        if not DASH_BAND_FOR_SCORE:
            DASH_BAND_FOR_SCORE.append(lambda score, on: str(level_for(score, thresholds_for(on))))
