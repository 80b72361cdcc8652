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
