"""Probes of MARAC pages and returns: location redaction, dashboard suppression, restricted cases and
the year 9999."""

from __future__ import annotations

import urllib.parse

from probes_base import ProbeBase
from report import check
from verdicts import dashboard_verdict, pdf_text
from web import Client, page_text, post_form
from world import ADDRESS, CANARY_MARK, CANARY_SPELLINGS, DEMO, confirm_code


class MaracProbes(ProbeBase):
    # 2. Location redaction on MARAC pages -----------------------------------------------------------

    def redaction(self) -> str:
        action = self.plants.canary_action
        item = action.agenda_item
        pages = [f"/marac/actions/{action.pk}/", f"/marac/items/{item.pk}/chair/"]
        pages += [f"/marac/meetings/{meeting_id}/" for meeting_id in self.plants.canary_meeting_ids]
        pages += [f"/marac/meetings/{item.meeting_id}/minutes/", f"/marac/meetings/{item.meeting_id}/minutes.pdf"]
        leaks, shown, read = [], 0, 0
        for role in ("marac-coordinator", "police"):
            client, email = self.client(role), f"{role}{DEMO}"
            confirm_code(client, email)  # the minutes PDF is a download about people
            for path in pages:
                response = client.get(path)
                if response.status != 200:
                    continue
                read += 1
                text = pdf_text(response.body) if path.endswith(".pdf") else page_text(response)
                found = [s for s in CANARY_SPELLINGS if s.lower() in text.lower()]
                if CANARY_MARK in text:
                    shown += 1
                if found:
                    leaks.append(f"{role} {path}: {', '.join(found)}")
        check(read > 0, "none of the MARAC pages could be read (not found)")
        check(shown > 0, f"the planted action ({CANARY_MARK}) shows on none of the {read} pages read: nothing tested")
        check(not leaks, "location values survive: " + "; ".join(leaks))
        return f"{read} MARAC pages read by coordinator and chair ({shown} show the planted text), no spelling leaks"

    # 5b. Dashboard suppression ------------------------------------------------------------------------

    def dashboard(self) -> str:
        from vawg.marac import config

        threshold = int(getattr(config, "SUPPRESSION_THRESHOLD", 5))
        page = self.client("analyst").get("/marac/dashboard/")
        check(page.status == 200, f"GET /marac/dashboard/ answered {page.status}")
        return dashboard_verdict(page, threshold)

    # 5c. Restricted case on MARAC pages -----------------------------------------------------------------

    def marac_restricted(self) -> str:
        from vawg.marac.models import ResearchTask

        item, role = self.plants.marac_restricted_item, self.plants.marac_restricted_viewer
        referral = item.marac_referral
        victim = referral.case.victim
        names = [n for n in (victim.full_name, victim.family_name) if n and len(n) > 2]
        client = self.client(role)
        paths = [f"/marac/meetings/{item.meeting_id}/"]
        paths += [f"/marac/research/{t.pk}/" for t in ResearchTask.objects.filter(agenda_item=item)]
        problems, read = [], []
        for path in paths:
            response = client.get(path)
            if response.status != 200:
                continue
            text = page_text(response)
            read.append(path)
            leaked = [n for n in names if n.lower() in text.lower()]
            if leaked:
                problems.append(f"{role} {path} shows the victim's name")
            if path.startswith("/marac/meetings/") and referral.reference not in text:
                problems.append(f"{role} {path} does not show the MARAC reference {referral.reference}")
        check(bool(read), f"{role} could read none of {paths}")
        check(not problems, "; ".join(problems))
        return f"{role} reads {len(read)} page(s) of a restricted listed case: reference shown, name not"

    # 5f. Year 9999 ---------------------------------------------------------------------------------------

    def year_9999(self) -> str:
        client = self.client("marac-coordinator")
        page = client.get("/marac/returns/")
        check(page.status == 200, f"GET /marac/returns/ answered {page.status}")
        form = post_form(page, choose=lambda f: any(x.name.startswith("from_date") for x in f.fields))
        query: list[tuple[str, str]] = [("quarter", "")]
        for prefix in ("from_date", "to_date"):
            parts = [x.name for x in form.fields if x.name.startswith(prefix)]
            check(len(parts) == 3, f"the {prefix} date boxes were not found on the return page")
            query += list(
                zip(parts, ("1", "1", "9999") if prefix == "from_date" else ("31", "12", "9999"), strict=True)
            )
        encoded = urllib.parse.urlencode(query)
        problems, seen = [], []
        for path in (f"/marac/returns/?{encoded}", f"/marac/returns/download/csv/?{encoded}"):
            response = client.get(path)
            seen.append(f"{path.split('?')[0]} {response.status}")
            refused = 400 <= response.status < 500
            refused_page = response.status == 200 and "govuk-error-summary" in response.text
            refused_download = response.status in (302, 303) and "/download/" not in response.location
            if response.status >= 500 or not (refused or refused_page or refused_download):
                problems.append(f"{path.split('?')[0]} answered {response.status} {response.header('Content-Type')}")
        token = self.api_token()
        api = Client(self.base, ADDRESS["headers"]).get(
            "/api/v1/marac/returns?from=9999-01-01&to=9999-12-31", headers={"Authorization": f"Bearer {token}"}
        )
        seen.append(f"API {api.status}")
        if api.status != 422:
            problems.append(f"the API answered {api.status}, not 422")
        check(not problems, "; ".join(problems))
        return "year 9999: " + ", ".join(seen) + " (page: form error, download: back to the form)"
