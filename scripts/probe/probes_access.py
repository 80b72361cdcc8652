"""Probes of who reaches what: sign-in, sessions, break-glass, audited reads, reveal contact details and
the two-person rule for memberships."""

from __future__ import annotations

import re

from probes_base import ProbeBase
from report import ProbeError, check
from verdicts import _error_text
from web import Client, csrf_token, path_of, post_form
from world import ADDRESS, DEMO, PERSONAS, age_code, audit_mark, audit_since, confirm_code, password_step, sign_in, user


class AccessProbes(ProbeBase):
    # Broad checks ---------------------------------------------------------------------------------

    def sign_in_everyone(self) -> str:
        failed = []
        for n, role in enumerate(PERSONAS, start=1):
            try:
                self.sessions[role] = sign_in(self.base, role, self.password, ADDRESS["personas"].format(n=n))
            except ProbeError as exc:
                failed.append(str(exc))
        check(not failed, "; ".join(failed))
        return f"all {len(PERSONAS)} personas signed in with password and TOTP code"

    def password_only_session(self) -> str:
        client = Client(self.base, ADDRESS["personas"].format(n=99))
        first = password_step(client, f"idva{DEMO}", self.password)
        check(first.status == 302, f"the password step answered {first.status}")
        case = self.plants.reveal_case
        reached = []
        for path in ("/home/", "/cases/", f"/cases/{case.pk}/", "/marac/", "/referrals/inbox/", "/audit/", "/admin/"):
            response = client.get(path)
            if response.status == 200 or (response.status < 400 and "/sign-in" not in response.location):
                reached.append(f"{path} -> {response.status} {response.location}")
        check(not reached, "a password-only session reached: " + ", ".join(reached))
        return "a password-only session reaches none of 7 staff pages (sign-in or refusal)"

    def anonymous_case(self) -> str:
        client = Client(self.base, ADDRESS["anonymous"])
        response = client.get(f"/cases/{self.plants.reveal_case.pk}/")
        check(
            response.status == 302 and path_of(response.location).startswith("/sign-in/"),
            f"anonymous GET of a case answered {response.status} {response.location}",
        )
        return f"anonymous GET of a case URL -> 302 {path_of(response.location)}"

    # 1. Break-glass ---------------------------------------------------------------------------------

    def break_glass(self) -> str:
        police, email = self.client("police"), f"police{DEMO}"
        confirm_code(police, email)
        references = {
            "deny-listed": self.plants.deny_case.reference,
            "restricted": self.plants.restricted_case.reference,
            "made-up": self.plants.made_up_reference,
        }
        reasons = {"short": "Urgent", "long": "Probe: urgent safeguarding call out of hours tonight"}
        answers: dict[tuple[str, str], tuple[int, str]] = {}
        audited: dict[tuple[str, str], list[str]] = {}
        police_user = user("police")
        for reason_name, reason in reasons.items():
            for name, reference in references.items():
                page = police.get("/cases/break-glass/")
                check(page.status == 200, f"GET /cases/break-glass/ answered {page.status} {page.location}")
                mark = audit_mark()
                response = police.submit("/cases/break-glass/", {"reference": reference, "reason": reason}, page=page)
                entries = audit_since(mark, actor_id=str(police_user.pk))
                audited[(reason_name, name)] = [entry.action for entry in entries]
                answers[(reason_name, name)] = (response.status, _error_text(response))
        problems = []
        for reason_name in reasons:
            seen = {name: answers[(reason_name, name)] for name in references}
            refused = {name: answer for name, answer in seen.items() if answer[0] != 302}
            granted = [name for name, answer in seen.items() if answer[0] == 302]
            if granted != [] and granted != ["restricted"]:
                problems.append(f"{reason_name} reason: {', '.join(granted)} answered 302 (access given)")
            if reason_name == "short" and granted:
                problems.append("a reason shorter than 20 characters opened a case")
            if len(set(refused.values())) > 1:
                problems.append(f"{reason_name} reason: the answers differ: {refused}")
            for name, (_, text) in refused.items():
                if any(ref in text for ref in references.values()):
                    problems.append(f"{reason_name} reason, {name}: the answer names the reference")
        for key, actions in audited.items():
            if not any(a in ("cases.break_glass.refuse", "cases.case.break_glass") for a in actions):
                problems.append(f"{key[0]} reason, {key[1]}: no break-glass audit entry (wrote {actions or 'nothing'})")
        check(not problems, "; ".join(problems))
        restricted_long = answers[("long", "restricted")][0]
        note = " (restricted case: access given, as documented)" if restricted_long == 302 else ""
        return f"6 attempts, one answer per reason length, each audited{note}"

    # 3. Sensitive reads: one audit entry each -------------------------------------------------------

    def sensitive_reads(self) -> str:
        from vawg.cases.models import Case
        from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MeetingState, ResearchTask
        from vawg.referrals.models import Referral

        idva, coordinator = user("idva"), user("marac-coordinator")
        case = Case.objects.visible_to(idva).filter(is_restricted=False).order_by("reference").first()
        heard = AgendaItem.objects.visible_to(idva).filter(meeting__current_state=MeetingState.MINUTES_PUBLISHED)
        upcoming = AgendaItem.objects.visible_to(idva).filter(meeting__current_state=MeetingState.AGENDA_PUBLISHED)
        meeting = (
            MaracMeeting.objects.visible_to(coordinator).filter(current_state=MeetingState.AGENDA_PUBLISHED).first()
            or MaracMeeting.objects.visible_to(coordinator).exclude(items=None).first()
        )
        pages: list[tuple[str, str, list[str]]] = [
            ("case page", "idva", [f"/cases/{case.pk}/"] if case else []),
            ("safe-contact page", "idva", [f"/cases/{case.pk}/safe-contact/"] if case else []),
            ("meeting page", "marac-coordinator", [f"/marac/meetings/{meeting.pk}/"] if meeting else []),
            (
                "action page",
                "marac-coordinator",
                [f"/marac/actions/{a.pk}/" for a in MaracAction.objects.visible_to(coordinator)[:3]],
            ),
            ("victim's voice page", "idva", [f"/marac/items/{i.pk}/victim-voice/" for i in upcoming[:3]]),
            ("victim-informed page", "idva", [f"/marac/items/{i.pk}/informed/" for i in heard.order_by("-pk")[:3]]),
            ("referral page", "idva", [f"/referrals/{r.pk}/" for r in Referral.objects.visible_to(idva)[:3]]),
            (
                "research task page",
                "idva",
                [f"/marac/research/{t.pk}/" for t in ResearchTask.objects.visible_to(idva).order_by("-pk")[:3]],
            ),
        ]
        problems, done = [], []
        for label, role, candidates in pages:
            client, persona = self.client(role), user(role)
            outcome = None
            for path in candidates:
                mark = audit_mark()
                response = client.get(path)
                if response.status != 200:
                    continue
                mine = [e.action for e in audit_since(mark, actor_id=str(persona.pk))]
                outcome = (path, mine)
                break
            if outcome is None:
                problems.append(f"{label}: not found (no candidate page answered 200 to {role})")
            elif len(outcome[1]) != 1:
                problems.append(f"{label} {outcome[0]} as {role}: {len(outcome[1])} audit entries {outcome[1]}")
            else:
                done.append(f"{label}={outcome[1][0]}")
        check(not problems, "; ".join(problems))
        return "one entry each: " + ", ".join(done)

    # 5a. Reveal contact details ----------------------------------------------------------------------

    def reveal_refused_through_grant(self) -> str:
        case = self.plants.grant_case
        problems, seen = [], []
        for role in self.plants.grant_roles:
            client = self.client(role)
            confirm_code(client, f"{role}{DEMO}")  # a fresh code, so only the permission can refuse
            page = client.get(f"/cases/{case.pk}/")
            if page.status != 200:
                problems.append(f"{role} cannot see the granted case ({page.status}): nothing tested")
                continue
            get = client.get(f"/cases/{case.pk}/reveal-contact/")
            post = client.post(
                f"/cases/{case.pk}/reveal-contact/",
                {"csrfmiddlewaretoken": csrf_token(page), "reason": "Probe: arranging a housing visit today"},
            )
            for method, response in (("GET", get), ("POST", post)):
                if response.status not in (403, 404):
                    problems.append(f"{role} {method} reveal-contact answered {response.status}")
            seen.append(f"{role} {get.status}/{post.status}")
        check(not problems, "; ".join(problems))
        return "refused through a grant: " + ", ".join(seen)

    def reveal_needs_recent_code(self) -> str:
        case, client, email = self.plants.reveal_case, self.client("idva"), f"idva{DEMO}"
        age_code(client, 6 * 60)
        stale = client.get(f"/cases/{case.pk}/reveal-contact/")
        check(
            stale.status == 302 and path_of(stale.location) == "/account/confirm-code/",
            f"with a code entered 6 minutes ago, reveal answered {stale.status} {stale.location}",
        )
        confirm_code(client, email)
        form = client.get(f"/cases/{case.pk}/reveal-contact/")
        check(form.status == 200, f"after a fresh code, reveal answered {form.status} {form.location}")
        mark = audit_mark()
        shown = client.submit(
            f"/cases/{case.pk}/reveal-contact/", {"reason": "Probe: arranging a safe call today"}, page=form
        )
        actions = [e.action for e in audit_since(mark, actor_id=str(user("idva").pk))]
        check(shown.status == 200, f"the reveal answered {shown.status}")
        check("cases.victim_contact.reveal" in actions, f"the reveal wrote {actions}, not cases.victim_contact.reveal")
        return "stale code -> confirm-code; fresh code -> reveal shown and audited"

    # 5h. Two-person rule for memberships ---------------------------------------------------------------------

    def admin_own_membership(self) -> str:
        from vawg.accounts.models import Membership, Organisation
        from vawg.accounts.roles import CASEWORK_ROLES

        admin_user = user("admin")
        client = self.client("admin")

        def casework() -> int:
            return (
                Membership.objects.active()
                .of_active_user(admin_user)
                .filter(role__in=[str(r) for r in CASEWORK_ROLES])
                .count()
            )

        before = casework()
        organisation = Organisation.objects.order_by("name").first()
        path = f"/admin/accounts/user/{admin_user.pk}/change/"
        page = client.get(path)
        check(page.status == 200, f"GET {path} answered {page.status}")
        form = post_form(page, choose=lambda f: f.method == "post" and any(x.name == "email" for x in f.fields))
        data: list[tuple[str, str]] = []
        for x in form.fields:
            if x.kind in ("submit", "button", "image") or (x.kind in ("checkbox", "radio") and not x.checked):
                continue
            if re.match(r"memberships-(TOTAL|INITIAL)_FORMS", x.name):
                continue
            data.append((x.name, x.value))
        existing = Membership.objects.filter(user=admin_user).count()
        data += [
            ("memberships-TOTAL_FORMS", str(existing + 1)),
            ("memberships-INITIAL_FORMS", str(existing)),
            ("memberships-MIN_NUM_FORMS", "0"),
            ("memberships-MAX_NUM_FORMS", "1000"),
            (f"memberships-{existing}-organisation", str(organisation.pk)),
            (f"memberships-{existing}-role", "idva"),
            (f"memberships-{existing}-user", str(admin_user.pk)),
            ("_save", "Save"),
        ]
        mark = audit_mark()
        response = client.post(path, data)
        client.get("/admin/accounts/membership/add/")  # a second way in, if there is one
        after = casework()
        added = [
            e
            for e in audit_since(mark, action="accounts.membership.add")
            if str(e.details.get("user_id", e.object_id)) == str(admin_user.pk) or e.actor_id == str(admin_user.pk)
        ]
        check(
            after == before,
            f"the administrator gave themselves a casework membership (HTTP {response.status}; "
            f"{after - before} new, audited {len(added)})",
        )
        cases = client.get("/cases/")
        check(cases.status != 200, "the administrator can open /cases/ after the attempt")
        return f"self-granted membership refused (HTTP {response.status}; active casework memberships {after})"
