"""The words of staff emails and the rows of the preferences page.

Emails say only that there is something to look at, and where: no name, address, date of birth,
reference or detail of a case, because a staff inbox can be read by someone else (ADR 0010). The
Notify template puts ((subject)), ((body)) and ((link)) where it wants them; the fake gateway keeps them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from vawg.notifications.models import NotificationKind

SUBJECT = "You have something to look at"
WORDING: dict[str, str] = {
    NotificationKind.REFERRAL_ROUTED: "A new referral is waiting for your agency.",
    NotificationKind.REFERRAL_OUTCOME: "There is an update on a referral you made.",
    NotificationKind.CONSENT_AWAITED: "A referral is waiting for consent to be recorded.",
    NotificationKind.MARAC_RESEARCH_SET: "There is MARAC research for your agency to do.",
    NotificationKind.MARAC_ACTION_DUE: "A MARAC action of yours is due soon or overdue.",
    NotificationKind.CASE_SHARED: "A case has been shared with your agency.",
    NotificationKind.BREAK_GLASS: "Someone used break-glass access on a case your agency owns.",
    NotificationKind.SERVICE_CHECK_DUE: "An entry your agency keeps in the services directory is due a check.",
    # Neutral on purpose: an email may be read over someone's shoulder; the page says what happened.
    NotificationKind.ACCOMMODATION_RESERVED: "There is an update for your agency in the partnership service.",
    NotificationKind.ACCOMMODATION_ANSWERED: "There is an update in the partnership service.",
    NotificationKind.ORDER_DEADLINE: "A deadline on a protective order or disclosure is due soon or has passed.",
    NotificationKind.ORDER_BREACH: "A breach of an order has been recorded on a case you work on.",
    NotificationKind.PROGRAMME_REFERRAL: "A new referral is waiting for your agency's programme.",
    NotificationKind.PARTNER_SUPPORT: "There is an update in the partnership service.",
    NotificationKind.DIGEST: "Here is what came in for you today.",
}
# How the digest counts each kind ("Referrals waiting for your agency: 2").
DIGEST_HEADINGS: dict[str, str] = {
    NotificationKind.REFERRAL_ROUTED: "New referrals waiting for your agency",
    NotificationKind.REFERRAL_OUTCOME: "Updates on referrals you made",
    NotificationKind.CONSENT_AWAITED: "Referrals waiting for consent",
    NotificationKind.MARAC_RESEARCH_SET: "MARAC research for your agency",
    NotificationKind.MARAC_ACTION_DUE: "MARAC actions due soon or overdue",
    NotificationKind.CASE_SHARED: "Cases shared with your agency",
    NotificationKind.BREAK_GLASS: "Break-glass access on your agency's cases",
    NotificationKind.SERVICE_CHECK_DUE: "Services directory entries due a check",
    NotificationKind.ACCOMMODATION_RESERVED: "Updates for your agency's units",
    NotificationKind.ACCOMMODATION_ANSWERED: "Updates on requests you made",
    NotificationKind.ORDER_DEADLINE: "Order and disclosure deadlines due soon or passed",
    NotificationKind.ORDER_BREACH: "Breaches of orders on cases you work on",
    NotificationKind.PROGRAMME_REFERRAL: "New referrals for your agency's programmes",
    NotificationKind.PARTNER_SUPPORT: "Updates on partner support",
}
SIGN_IN_NOTE = "Sign in to see it. Do not forward this email."


@dataclass(frozen=True)
class EmailContent:
    subject: str
    body: str
    link: str

    def personalisation(self) -> dict[str, str]:
        return {"subject": self.subject, "body": self.body, "link": self.link}


def absolute(link: str) -> str:
    """A site path as a full address on the configured staff site."""
    return f"{settings.SITE_BASE_URL}{link}"


def _footer() -> str:
    choices = absolute(reverse("notifications:notification_preferences"))
    return f"{SIGN_IN_NOTE}\n\nTo choose when we email you: {choices}"


def email_content(*, kind: str, link: str) -> EmailContent:
    url = absolute(link)
    return EmailContent(subject=SUBJECT, body=f"{WORDING[kind]}\n\n{url}\n\n{_footer()}", link=url)


def digest_content(*, items: Iterable[tuple[str, str]], link: str) -> EmailContent:
    """One email for a day's ``(kind, link)`` items: a count per kind, then the links."""
    pairs = list(items)
    counts = Counter(kind for kind, _ in pairs)
    sections = []
    for kind in NotificationKind:
        if counts[kind]:
            links = "\n".join(f"- {absolute(item_link)}" for item_kind, item_link in pairs if item_kind == kind)
            sections.append(f"{DIGEST_HEADINGS[kind]}: {counts[kind]}\n{links}")
    body = "\n\n".join([WORDING[NotificationKind.DIGEST], *sections, _footer()])
    return EmailContent(subject=SUBJECT, body=body, link=absolute(link))
