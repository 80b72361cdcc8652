"""``manage.py notifications_outbox [--json]``: the emails the fake gateway 'sent' (demo and tests).

Without a GOV.UK Notify key nothing leaves the machine: every staff notification lands in this outbox.
Each line shows the recipient, the kind, the subject, the body, the link and when it was sent.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vawg.notifications.models import Notification
from vawg.notifications.selectors import outbox


class Command(BaseCommand):
    help = "List the fake gateway's outbox: the staff emails sent while no GOV.UK Notify key is set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON list instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        emails = list(outbox())
        kinds = dict(
            Notification.objects.filter(send_key__in=[email.reference for email in emails]).values_list(
                "send_key", "kind"
            )
        )
        rows = [
            {
                "email": email.email_address,
                "kind": kinds.get(email.reference, ""),
                "subject": email.subject,
                "body": email.body,
                "link": email.link,
                "sent_at": email.created_at.isoformat(),
            }
            for email in emails
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("The outbox is empty.")
        for row in rows:
            self.stdout.write(
                f"{row['sent_at']}  {row['email']}  [{row['kind']}]\n"
                f"Subject: {row['subject']}\n{row['body']}\nLink: {row['link']}\n"
            )
