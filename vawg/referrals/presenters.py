"""Display values for the referral pages: state and overdue tags, the referral's summary rows and page,
table rows, and the "Check your answers" sections of the referral journeys."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from vawg.accounts.models import User
from vawg.core.presenters import SummaryRow, Tag
from vawg.people.presenters import flags_for
from vawg.referrals import hooks, selectors
from vawg.referrals.forms.steps import StepForm
from vawg.referrals.models import (
    CONSENT_AWAITED_STATES,
    CONSENT_RECORDED,
    OVERRIDE_CONSENT,
    STATE_TRANSITIONS,
    DuplicateResolution,
    FormOfAbuse,
    Need,
    Referral,
    ReferralParty,
    ReferralRoute,
    ReferralState,
)

NOT_GIVEN = "Not given"
# Values a check-answers page never repeats back (a code word is confirmed as recorded).
MASKED_FIELDS = frozenset({"code_word"})
OVERDUE = Tag("Overdue", "red")
URGENT = Tag("Urgent", "red")
# The triage buttons, in the order they show, for the states a referral may move to.
TRIAGE_BUTTONS = (
    (ReferralState.TRIAGED, "Mark as triaged"),
    (ReferralState.SENT, "Send to the service"),
    (ReferralState.ACCEPTED, "Accept"),
    (ReferralState.CLOSED, "Close"),
)


def state_tag(referral: Referral) -> Tag:
    return Tag(referral.get_current_state_display(), "grey")


def overdue_tag(due: datetime | None, *, done: bool, now: datetime) -> Tag | None:
    return OVERDUE if due is not None and not done and due < now else None


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    state: Tag
    overdue: Tag | None


def referral_rows(referrals: Iterable[Referral], *, now: datetime) -> list[ReferralRow]:
    return [
        ReferralRow(
            referral=referral,
            state=state_tag(referral),
            overdue=overdue_tag(referral.first_contact_due, done=referral.first_contact_at is not None, now=now),
        )
        for referral in referrals
    ]


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y, %H:%M}"


def summary_rows(referral: Referral, *, may_triage: bool, show_account: bool, now: datetime) -> list[SummaryRow]:
    """The referral's summary. The children's details, the people the referrer named and the consent reason
    only for those who may see the referrer's account (the receiving service and the referrer); the case
    reference only for triage."""
    flags = flags_for([referral.subject_id]).get(referral.subject_id, [])
    hints = format_html_join(
        "", ' <span class="govuk-body-s app-person-flag-hint">{}</span>', ((f.hint,) for f in flags if f.hint)
    )
    about = format_html("{} ({}){}", referral.subject.full_name, referral.get_subject_role_display().lower(), hints)
    made = _when(referral.created_at) + (
        f" by {referral.referrer_organisation.name}" if referral.referrer_organisation else ""
    )
    score = f", score {referral.risk_score}" if referral.risk_score is not None else ""
    children = "Not known" if referral.children_in_household is None else str(referral.children_in_household)
    if show_account and referral.children_details:
        children = format_html("{}<br>{}", children, linebreaksbr(referral.children_details))
    consent = consent_text(referral, show_reason=show_account)
    contact_tags: tuple[Tag, ...] = ()
    if referral.first_contact_at:
        contact = f"Made {_when(referral.first_contact_at)}"
    elif referral.first_contact_due:
        overdue = overdue_tag(referral.first_contact_due, done=False, now=now)
        contact = f"Due by {_when(referral.first_contact_due)}"
        contact_tags = (overdue,) if overdue else ()
    else:
        contact = "No target set"
    rows = [
        SummaryRow("About", about, tags=tuple(flag.tag for flag in flags)),
        SummaryRow("Made", made),
        SummaryRow("Risk", f"{referral.get_risk_grade_display()} ({referral.get_risk_tool_display()}{score})"),
        SummaryRow(
            "Forms of abuse", ", ".join(FormOfAbuse(code).label for code in referral.forms_of_abuse) or NOT_GIVEN
        ),
        SummaryRow("Needs", ", ".join(Need(code).label for code in referral.needs) or "None given"),
        SummaryRow("Children in the household", children),
        SummaryRow("Consent", consent),
        SummaryRow("District", referral.district.name if referral.district else "Not recorded"),
        SummaryRow("First contact", contact, tags=contact_tags),
    ]
    named = [party_text(party) for party in referral.parties.all()] if show_account else []
    if named:
        rows.append(SummaryRow("People around them", format_html_join("<br>", "{}", ((text,) for text in named))))
    if referral.case and may_triage:
        rows.append(SummaryRow("Case", referral.case.reference))
    return rows


def party_text(party: ReferralParty) -> str:
    """Someone the referrer named: "Name (Person causing harm, ex-partner)" or "Name (Child, born 4 May 2017,
    lives with them)". Never an address or contact detail (the referral form asks for none)."""
    details = [party.get_role_display()]
    if party.relationship_to_victim:
        details.append(party.get_relationship_to_victim_display().lower())
    if party.date_of_birth:
        details.append(f"born {party.date_of_birth:%-d %B %Y}")
    if party.lives_with_victim is not None:
        details.append("lives with them" if party.lives_with_victim else "does not live with them")
    name = " ".join(part for part in (party.given_name, party.family_name) if part)
    return f"{name} ({', '.join(details)})"


def consent_text(referral: Referral, *, show_reason: bool) -> str:
    """The consent position: as the referral came in, or as recorded later, with who recorded it and when.
    Consent set aside reads "Shared without consent: <basis>, by <name> on <date>: <reason>". The reason only
    for those who may see the referrer's account (``show_reason``)."""
    record = referral.consent_records.select_related("created_by").order_by("-created_at").first()
    basis = referral.get_lawful_basis_display() if referral.lawful_basis else ""
    reason = referral.consent_reason if show_reason else ""
    if record is not None and record.overridden:
        text = f"Shared without consent: {basis}, by {record.created_by} on {_day(record.created_at)}"
        return f"{text}: {reason}" if reason else text
    text = referral.get_consent_display() + (f": {basis}" if basis else "")
    if reason:
        text = format_html("{}<br>{}", text, linebreaksbr(reason))
    if record is not None:
        text = format_html("{}<br>Recorded by {} on {}", text, record.created_by, _day(record.created_at))
    return text


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


@dataclass(frozen=True)
class RouteRow:
    route: ReferralRoute
    # What apps above referrals show about the service the route's rule names: (name, contact lines).
    named: list[tuple[str, list[str]]]


def route_rows(referral: Referral) -> list[RouteRow]:
    """The services a referral was routed to, each with the service its routing rule names (hooks)."""
    return [
        RouteRow(
            route=route,
            named=[
                found for named_by in hooks.ROUTE_NAMED_SERVICE if route.rule_id and (found := named_by(route.rule_id))
            ],
        )
        for route in referral.routes.select_related("organisation")
    ]


def referral_page(referral: Referral, user: User, *, errors: Sequence[str] = ()) -> dict[str, Any]:
    """Everything the referral page shows ``user`` (already let through the gate): what they may do next
    (triage at a receiving agency, withdraw, decline), the summary, tasks, possible duplicates, routes
    and history."""
    now = timezone.now()
    may_triage = selectors.can_triage(user, referral)
    allowed = STATE_TRANSITIONS[referral.current_state]
    show_account = may_triage or referral.referrer_user_id == user.pk
    awaiting = referral.consent not in CONSENT_RECORDED and referral.current_state in CONSENT_AWAITED_STATES
    return {
        "referral": referral,
        "tags": [state_tag(referral), *([URGENT] if referral.urgency == "urgent" else [])],
        "rows": summary_rows(referral, may_triage=may_triage, show_account=show_account, now=now),
        "may_triage": may_triage,
        "may_withdraw": ReferralState.WITHDRAWN in allowed and selectors.can_withdraw(user, referral),
        "may_decline": may_triage and ReferralState.DECLINED in allowed,
        "buttons": [
            (state, label)
            for state, label in TRIAGE_BUTTONS
            if state in allowed and (state != ReferralState.ACCEPTED or not awaiting)
        ]
        if may_triage
        else [],
        "awaiting_consent": awaiting,
        "may_record_consent": awaiting and selectors.can_record_consent(user, referral),
        "may_override_consent": awaiting and user.has_perm(OVERRIDE_CONSENT),
        "routes": route_rows(referral),
        "statuses": referral.statuses.select_related("created_by"),
        "tasks": [
            (task, overdue_tag(task.due, done=task.done_at is not None, now=now)) for task in referral.tasks.all()
        ]
        if may_triage
        else [],
        "duplicates": (
            referral.possible_duplicates.visible_to(user)
            .filter(resolution=DuplicateResolution.PENDING)
            .select_related("person")
            if may_triage
            else []
        ),
        "show_account": show_account,
        "errors": [("actions", message) for message in errors],
    }


# --- "Check your answers" ---------------------------------------------------------------------------


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for choice in getattr(field, "choices", ()):
        value, label = (choice.value, choice.label) if hasattr(choice, "value") else choice
        labels[str(value)] = str(label)
    return labels


def display(form: forms.Form, name: str) -> str:
    field = form.fields[name]
    value = form.cleaned_data.get(name)
    if value in (None, "", [], ()):
        return NOT_GIVEN
    if name in MASKED_FIELDS:
        return "Recorded (not shown)"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(field, forms.MultipleChoiceField):
        labels = _choice_labels(field)
        return ", ".join(labels.get(str(item), str(item)) for item in value)
    if isinstance(field, forms.ChoiceField):
        return _choice_labels(field).get(str(value), str(value))
    return str(value)


@dataclass(frozen=True)
class CheckSection:
    title: str
    rows: list[SummaryRow]
    slug: str = ""  # the question page's slug: the section heading's id, for an error to link to


def check_sections(steps: Sequence[tuple[str, StepForm]], change_url: Callable[[str], str]) -> list[CheckSection]:
    """ "Check your answers": one section per question page (its slug and valid form), each answer with a
    change link back to its page."""
    return [
        CheckSection(
            title=form.title,
            rows=[
                SummaryRow(
                    str(field.label),
                    linebreaksbr(display(form, name)),
                    href=f"{change_url(slug)}?return=check",
                    action="Change",
                )
                for name, field in form.fields.items()
            ],
            slug=slug,
        )
        for slug, form in steps
    ]
