from __future__ import annotations

from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    """People causing harm: police data, identity resolution, the RFG ranking, serial flags and MATAC."""

    name = "vawg.intelligence"
    label = "intelligence"
    verbose_name = "People causing harm"

    def ready(self) -> None:
        # Each part registers its hooks into lower apps (ADR 0009) from its own module.
        _register_harm()


def _register_harm() -> None:
    """People causing harm: cases' CASE_PARTY_ADDED (a person causing harm on a case gets their own record
    and their serial flag assessed) and people's PERSON_FLAGS (the serial flag wherever they appear)."""
    from vawg.cases.hooks import CASE_PARTY_ADDED
    from vawg.intelligence.presenters.harm import serial_person_flags
    from vawg.intelligence.services.harm import case_party_added
    from vawg.people.hooks import PERSON_FLAGS

    if case_party_added not in CASE_PARTY_ADDED:
        CASE_PARTY_ADDED.append(case_party_added)
    if serial_person_flags not in PERSON_FLAGS:
        PERSON_FLAGS.append(serial_person_flags)
