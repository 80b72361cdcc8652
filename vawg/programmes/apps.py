from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Behaviour-change programmes, partner support and high-harm case management."""

    name = "vawg.programmes"
    label = "programmes"
    verbose_name = "Behaviour-change programmes"

    def ready(self) -> None:
        # Each part registers its hooks into lower apps (ADR 0009) from its own function here.
        _register_programmes()
        _register_partner()
        _register_drive()


def _register_programmes() -> None:
    """Programmes and referrals: referrals' ON_REFERRAL_ACCEPTED (a self-referral about one's own behaviour
    accepted at a provider opens a programme referral), the section on the person-causing-harm page, the
    "to triage" count on My work, and the gate of the referral page that notifications link to."""
    from vawg.accounts.hooks import WorkCount, my_work_register
    from vawg.intelligence.hooks import HARM_PAGE_SECTIONS
    from vawg.notifications.hooks import link_gate_register
    from vawg.programmes.config import RUN_PROGRAMMES
    from vawg.programmes.models import ProgrammeReferral
    from vawg.programmes.presenters.programmes import harm_page_section
    from vawg.programmes.selectors import referrals_to_triage_count
    from vawg.programmes.services import self_referral_accepted
    from vawg.referrals.hooks import ON_REFERRAL_ACCEPTED

    if self_referral_accepted not in ON_REFERRAL_ACCEPTED:
        ON_REFERRAL_ACCEPTED.append(self_referral_accepted)
    if harm_page_section not in HARM_PAGE_SECTIONS:
        HARM_PAGE_SECTIONS.append(harm_page_section)
    my_work_register(
        WorkCount(
            key="programme_referrals_to_triage",
            label="Programme referrals to triage",
            permission=RUN_PROGRAMMES,
            count=referrals_to_triage_count,
            url_name="programmes:referral_queue",
            query="tab=triage",
            order=57,
        )
    )
    link_gate_register(
        "programmes:referral_detail",
        lambda user, kwargs: ProgrammeReferral.objects.visible_to(user).filter(pk=kwargs["referral_id"]).exists(),
    )


def _register_partner() -> None:
    """Partner support: the section on the partner's case page (cases' CASE_PAGE_SECTIONS), the one line
    on the programme referral page (REFERRAL_PAGE_SECTIONS), and the alert to the partner's worker when the
    programme ends (ON_PROGRAMME_REFERRAL_STATE_CHANGED) or he misses more sessions than its rule allows
    (ON_ATTENDANCE_REVIEW_DUE). The alert links to the case page, whose gate
    cases registers with notifications."""
    from vawg.cases.hooks import CASE_PAGE_SECTIONS
    from vawg.programmes.hooks import (
        ON_ATTENDANCE_REVIEW_DUE,
        ON_PROGRAMME_REFERRAL_STATE_CHANGED,
        REFERRAL_PAGE_SECTIONS,
    )
    from vawg.programmes.presenters.partner import case_page_section, referral_page_section
    from vawg.programmes.services.partner import partner_workers_alert, partner_workers_alert_attendance

    if case_page_section not in CASE_PAGE_SECTIONS:
        CASE_PAGE_SECTIONS.append(case_page_section)
    if referral_page_section not in REFERRAL_PAGE_SECTIONS:
        REFERRAL_PAGE_SECTIONS.append(referral_page_section)
    if partner_workers_alert not in ON_PROGRAMME_REFERRAL_STATE_CHANGED:
        ON_PROGRAMME_REFERRAL_STATE_CHANGED.append(partner_workers_alert)
    if partner_workers_alert_attendance not in ON_ATTENDANCE_REVIEW_DUE:
        ON_ATTENDANCE_REVIEW_DUE.append(partner_workers_alert_attendance)


def _register_drive() -> None:
    """High-harm case management: the section on a high-harm referral's page (REFERRAL_PAGE_SECTIONS), My
    work's count of the user's agencies' interventions overdue or due soon, and the gate of an
    intervention's page for notifications."""
    from vawg.accounts.hooks import WorkCount, my_work_register
    from vawg.intelligence.config import TAKE_PART_IN_MATAC
    from vawg.notifications.hooks import link_gate_register
    from vawg.programmes.hooks import REFERRAL_PAGE_SECTIONS
    from vawg.programmes.models import Intervention
    from vawg.programmes.presenters.drive import referral_page_section
    from vawg.programmes.selectors.drive import interventions_due_count

    if referral_page_section not in REFERRAL_PAGE_SECTIONS:
        REFERRAL_PAGE_SECTIONS.append(referral_page_section)
    my_work_register(
        WorkCount(
            key="high_harm_interventions_due",
            label="High-harm interventions of your agency overdue or due soon",
            permission=TAKE_PART_IN_MATAC,
            count=interventions_due_count,
            url_name="high_harm:intervention_list",
            query="due=1",
            order=58,
        )
    )
    link_gate_register(
        "high_harm:intervention_detail",
        lambda user, kwargs: Intervention.objects.visible_to(user).filter(pk=kwargs["intervention_id"]).exists(),
    )
