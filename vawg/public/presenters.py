"""What the public pages show: the kinds of local service, in plain words."""

from __future__ import annotations

from vawg.core.presenters import SummaryRow

# "What local services can do" on the front page.
SERVICES: tuple[SummaryRow, ...] = (
    SummaryRow(
        "Helpline",
        "Someone to talk to on the phone about what is happening, what your options are, and who can help.",
    ),
    SummaryRow(
        "Outreach",
        (
            "A support worker who meets you somewhere safe in your area and helps you over a few weeks or months,"
            " for example with safety planning, money, housing and children."
        ),
    ),
    SummaryRow(
        "Independent domestic violence advisers (IDVAs)",
        (
            "Specialist advisers for people at high risk of serious harm. They work on your side, help you stay "
            "safe, and support you through police, court and housing processes."
        ),
    ),
    SummaryRow(
        "Independent sexual violence advisers (ISVAs)",
        (
            "Advisers for anyone who has been raped or sexually assaulted, recently or in the past. They explain "
            "your options and can support you whether or not you report to the police."
        ),
    ),
    SummaryRow(
        "Refuge and safe accommodation",
        (
            "A safe place to live, at an address kept secret, with support from staff, for you and your children "
            "if you need to leave home."
        ),
    ),
    SummaryRow(
        "Sexual assault referral centre",
        (
            "The Sunflower Centre in Hemel Hempstead is open 24 hours a day. It offers medical care, emotional "
            "support and, if you want one, a forensic examination, with or without involving the police."
        ),
    ),
    SummaryRow(
        "Programmes for people who want to change",
        (
            "Group and one-to-one programmes for people who have been abusive and want to stop, with support "
            "offered to their partners and ex-partners at the same time."
        ),
    ),
)
