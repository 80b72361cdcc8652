from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "vawg.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from django.core import checks

        from vawg.referrals.checks import bank_holidays_configured

        checks.register(bank_holidays_configured, checks.Tags.compatibility, deploy=True)
        self._register_parties_on_acceptance()
        self._register_case_list_filter()
        self._register_my_work()
        self._register_notification_gates()

    def _register_notification_gates(self) -> None:
        """notifications' LINK_GATES: a referral's page is asked again just before an email about it goes."""
        from vawg.notifications.hooks import link_gate_register
        from vawg.referrals.models import Referral

        link_gate_register(
            "referrals:referral_detail",
            lambda user, kw: Referral.objects.visible_to(user).filter(pk=kw["referral_id"]).exists(),
        )

    def _register_parties_on_acceptance(self) -> None:
        """The people named on a referral become parties to its case when it is accepted (first, so a MARAC
        referral made on acceptance finds the person causing harm)."""
        from vawg.referrals.hooks import ON_REFERRAL_ACCEPTED
        from vawg.referrals.services.parties import referral_parties_to_case

        ON_REFERRAL_ACCEPTED.insert(0, referral_parties_to_case)

    def _register_case_list_filter(self) -> None:
        """cases' CASE_LIST_FILTERS: the case list's "form of abuse" filter (vawg/cases/hooks.py)."""
        from vawg.cases.hooks import CASE_LIST_FILTERS, FORM_OF_ABUSE, CaseListFilter
        from vawg.referrals.models import FormOfAbuse
        from vawg.referrals.selectors import cases_with_form_of_abuse

        CASE_LIST_FILTERS[FORM_OF_ABUSE] = CaseListFilter(
            label="Form of abuse", choices=lambda: FormOfAbuse.choices, condition=cases_with_form_of_abuse
        )

    def _register_my_work(self) -> None:
        """Referrals' counts on "My work" (vawg/accounts/hooks.py, docs/my-work.md)."""
        from vawg.accounts.hooks import WorkCount, my_work_register
        from vawg.referrals import selectors
        from vawg.referrals.models import TRIAGE, VIEW_REFERRALS

        my_work_register(
            WorkCount(
                key="referrals_to_triage",
                label="Referrals to your agency waiting to be triaged",
                permission=TRIAGE,
                count=selectors.referrals_to_triage_count,
                url_name="referrals:referral_inbox",
                query="state=submitted",
                order=10,
            )
        )
        my_work_register(
            WorkCount(
                key="first_contacts_overdue",
                label="Referrals whose first contact is overdue",
                permission=TRIAGE,
                count=selectors.first_contacts_overdue_count,
                url_name="referrals:referral_overdue_list",
                order=20,
            )
        )
        my_work_register(
            WorkCount(
                key="consent_awaited",
                label="Referrals waiting for the person's consent",
                permission=VIEW_REFERRALS,
                count=selectors.consent_awaited_count,
                url_name="referrals:referral_awaiting_consent_list",
                order=30,
            )
        )
