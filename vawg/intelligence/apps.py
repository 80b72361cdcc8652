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
        _register_matac()


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


def _register_matac() -> None:
    """MATAC: accounts' MY_WORK (the user's agencies' tactics overdue or due soon) and the MATAC status section
    on the person-causing-harm page (HARM_PAGE_SECTIONS)."""
    from vawg.accounts.hooks import WorkCount, my_work_register
    from vawg.intelligence.config import TAKE_PART_IN_MATAC
    from vawg.intelligence.hooks import HARM_PAGE_SECTIONS
    from vawg.intelligence.presenters.matac import harm_page_section
    from vawg.intelligence.selectors.matac import tactics_due_count

    my_work_register(
        WorkCount(
            key="matac_tactics_due",
            label="Your agency's MATAC tactics overdue or due soon",
            permission=TAKE_PART_IN_MATAC,
            count=tactics_due_count,
            url_name="matac:tactic_list",
            query="due=1",
            order=55,
        )
    )
    if harm_page_section not in HARM_PAGE_SECTIONS:
        HARM_PAGE_SECTIONS.append(harm_page_section)
