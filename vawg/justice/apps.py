from __future__ import annotations

from django.apps import AppConfig


class JusticeConfig(AppConfig):
    """Protective orders and disclosures (deadlines, alerts, breaches) and crime outcomes (the attrition funnel)."""

    name = "vawg.justice"
    label = "justice"
    verbose_name = "Justice"

    def ready(self) -> None:
        # Each part registers its hooks into lower apps (ADR 0009) from its own function here.
        _register_orders()


def _register_orders() -> None:
    """Orders: the sections on the case page (CASE_PAGE_SECTIONS) and the person-causing-harm page
    (HARM_PAGE_SECTIONS), two counts on My work, and the gate of the order page for notifications."""
    from vawg.accounts.hooks import WorkCount, my_work_register
    from vawg.cases.hooks import CASE_PAGE_SECTIONS
    from vawg.cases.models import VIEW_CASES
    from vawg.intelligence.hooks import HARM_PAGE_SECTIONS
    from vawg.justice.config.orders import VIEW_ORDERS
    from vawg.justice.presenters.orders import case_page_section, harm_page_section
    from vawg.justice.selectors.orders import case_orders_due_count, officer_orders_due_count, sees_order
    from vawg.notifications.hooks import link_gate_register

    if case_page_section not in CASE_PAGE_SECTIONS:
        CASE_PAGE_SECTIONS.append(case_page_section)
    if harm_page_section not in HARM_PAGE_SECTIONS:
        HARM_PAGE_SECTIONS.append(harm_page_section)
    my_work_register(
        WorkCount(
            key="orders_due",
            label="Orders and disclosures with a deadline in the next 48 hours or overdue",
            permission=VIEW_ORDERS,
            count=officer_orders_due_count,
            url_name="orders:order_list",
            query="show=attention&mine=1",
            order=57,
        )
    )
    my_work_register(
        WorkCount(
            key="case_orders_due",
            label="Orders protecting your cases' victims with a deadline in the next 48 hours",
            permission=VIEW_CASES,
            count=case_orders_due_count,
            url_name="orders:order_case_due_list",
            order=58,
        )
    )
    link_gate_register("orders:order_detail", lambda user, kw: sees_order(user, order_id=kw["order_id"]))
