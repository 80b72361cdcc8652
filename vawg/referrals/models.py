"""Referrals: one route into services for every agency, for survivors and for people worried
about their own behaviour, with routing rules an administrator edits, states as immutable rows
and first-contact targets.

``Referral.objects.visible_to(user)`` is the one gate (``get_referral_for`` answers 404 for
anything it leaves out). Writes go through vawg/referrals/services.py (and intake.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Membership
from vawg.accounts.roles import holders_of
from vawg.cases.models import Case, CaseDenyEntry, LawfulBasis
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet

VIEW_REFERRALS = "referrals.view_referrals"
TRIAGE = "referrals.triage"
DASH_MAX_SCORE = 24


class FormOfAbuse(models.TextChoices):
    DOMESTIC_ABUSE = "domestic-abuse", "Domestic abuse"
    COERCIVE_CONTROL = "coercive-control", "Coercive or controlling behaviour"
    ECONOMIC_ABUSE = "economic-abuse", "Economic abuse"
    SEXUAL_VIOLENCE = "sexual-violence", "Sexual violence"
    STALKING = "stalking", "Stalking"
    HARASSMENT = "harassment", "Harassment"
    HONOUR_BASED_ABUSE = "honour-based-abuse", "Honour-based abuse"
    FORCED_MARRIAGE = "forced-marriage", "Forced marriage"
    FGM = "fgm", "Female genital mutilation (FGM)"
    TRAFFICKING = "trafficking-sexual-exploitation", "Trafficking or sexual exploitation"
    TECHNOLOGY = "technology-facilitated-abuse", "Technology-facilitated abuse"
    SPIKING = "spiking", "Spiking"


# Forms of abuse that count as domestic abuse for routing (Domestic Abuse Act 2021 s1).
DOMESTIC_ABUSE_FORMS = frozenset({FormOfAbuse.DOMESTIC_ABUSE, FormOfAbuse.COERCIVE_CONTROL, FormOfAbuse.ECONOMIC_ABUSE})


class ReferralSource(models.TextChoices):
    PROFESSIONAL = "professional", "Professional referral"
    SELF = "self", "Self-referral"
    PERPETRATOR_SELF = "perpetrator-self", "Self-referral by someone worried about their own behaviour"


class SubjectRole(models.TextChoices):
    VICTIM = "victim", "Victim or survivor"
    PERPETRATOR = "perpetrator", "Person causing harm"


class Consent(models.TextChoices):
    GIVEN = "given", "Consent given to refer and share"
    NOT_GIVEN_LAWFUL_BASIS = (
        "not-given-shared-with-lawful-basis",
        "Consent not given: shared on a lawful basis",
    )
    NOT_YET_ASKED = "not-yet-asked", "Not yet asked"


class RiskTool(models.TextChoices):
    SAFELIVES_DASH = "safelives-dash", "SafeLives DASH"
    POLICE_DASH = "police-dash", "Police DASH"
    DARA = "dara", "Police DARA"
    OTHER = "other", "Another tool"
    NONE = "none", "Not assessed"


class RiskGrade(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    NOT_ASSESSED = "not-assessed", "Not assessed"


_GRADE_RANK = {RiskGrade.STANDARD: 0, RiskGrade.MEDIUM: 1, RiskGrade.HIGH: 2}

# The band a SafeLives DASH score falls in, on a date: set by the risk app (which sits above
# referrals and owns the versioned thresholds) in its AppConfig.ready(). None until then.
DASH_BAND_FOR_SCORE: list[Callable[[int, date], str]] = []


def dash_grade_error(score: int | None, grade: str, on: date) -> str | None:
    """Why ``grade`` cannot go with a SafeLives DASH ``score`` (None if it can).

    Professional judgement may raise a level above the score's band, never lower it.
    """
    if score is None or not DASH_BAND_FOR_SCORE or grade not in _GRADE_RANK:
        return None
    band = DASH_BAND_FOR_SCORE[0](score, on)
    if _GRADE_RANK[RiskGrade(grade)] < _GRADE_RANK[RiskGrade(band)]:
        return (
            f"A DASH score of {score} is {RiskGrade(band).label.lower()} risk: the risk level cannot be lower "
            "(professional judgement can only raise it)"
        )
    return None


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class Need(models.TextChoices):
    HOUSING = "housing", "Housing"
    LEGAL = "legal", "Legal"
    FINANCIAL = "financial", "Financial"
    MENTAL_HEALTH = "mental-health", "Mental health"
    SUBSTANCE_USE = "substance-use", "Substance use"
    CHILDREN = "children", "Children"
    IMMIGRATION = "immigration", "Immigration"
    DISABILITY = "disability", "Disability"
    INTERPRETER = "interpreter", "Interpreter"
    OTHER = "other", "Other"


class ReferralState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    SENT = "sent", "Sent to service"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


# The state machine: from each state (None: a new referral), the states it may move to.
STATE_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({ReferralState.SUBMITTED}),
    ReferralState.SUBMITTED: frozenset({ReferralState.TRIAGED, ReferralState.WITHDRAWN}),
    ReferralState.TRIAGED: frozenset({ReferralState.SENT, ReferralState.DECLINED, ReferralState.WITHDRAWN}),
    ReferralState.SENT: frozenset({ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.WITHDRAWN}),
    ReferralState.ACCEPTED: frozenset({ReferralState.CLOSED}),
    ReferralState.DECLINED: frozenset({ReferralState.CLOSED}),
    ReferralState.WITHDRAWN: frozenset(),
    ReferralState.CLOSED: frozenset(),
}
# States that need a reason.
REASON_REQUIRED = frozenset({ReferralState.DECLINED})
# States in which first contact is still awaited (the overdue list).
AWAITING_CONTACT_STATES = frozenset({ReferralState.SUBMITTED, ReferralState.TRIAGED, ReferralState.SENT})


class ServiceKind(models.TextChoices):
    IDVA = "idva", "IDVA service"
    MARAC = "marac", "MARAC"
    OUTREACH = "outreach", "Community outreach service"
    ISVA_SARC = "isva-sarc", "ISVA service or SARC"
    CHILDRENS_SERVICES = "childrens-services", "Children's services"
    YOUNG_PEOPLES_SERVICE = "young-peoples-service", "Young people's service"
    SPECIALIST_HARMFUL_PRACTICES = "specialist-harmful-practices", "Specialist harmful practices service"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PERPETRATOR_PROGRAMME = "perpetrator-programme", "Perpetrator programme"
    HELPLINE = "helpline", "Helpline"


# Services for victims and survivors: a perpetrator self-referral never routes to these.
VICTIM_SERVICES = frozenset(
    {
        ServiceKind.IDVA,
        ServiceKind.MARAC,
        ServiceKind.OUTREACH,
        ServiceKind.ISVA_SARC,
        ServiceKind.YOUNG_PEOPLES_SERVICE,
        ServiceKind.SPECIALIST_HARMFUL_PRACTICES,
    }
)


class DuplicateResolution(models.TextChoices):
    PENDING = "pending", "Not yet checked"
    LINKED = "linked", "Same person: linked"
    NOT_DUPLICATE = "not-duplicate", "Not the same person"


class TaskKind(models.TextChoices):
    FGM_POLICE_REPORT = "fgm-police-report", "Report known FGM in a girl under 18 to the police (FGM Act 2003 s5B)"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Any) -> ReferralQuerySet:
        """Referrals ``user`` may see, in one query (subqueries only).

        Only active users holding ``referrals.view_referrals`` through an active membership
        (analysts and board members never), and then: staff of the referring organisation,
        the referrer included, while they work there (the closed loop); the organisations a referral was routed
        to; and anyone who may see the case it is linked to (the cases gate, deny-list included).
        """
        if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
            return self.none()
        memberships = Membership.objects.active().filter(user=user.pk, user__is_active=True)
        casework = memberships.filter(role__in=holders_of(VIEW_REFERRALS))
        may_view = Exists(casework)
        # Only agencies where the user holds a role that sees referrals (not, say, an analyst post).
        agencies = casework.values("organisation_id")
        routed = Exists(ReferralRoute.objects.filter(referral=OuterRef("pk"), organisation__in=agencies))
        via_case = Exists(Case.objects.visible_to(user).filter(pk=OuterRef("case_id")))
        # The referrer sees it while at the referring agency (like their colleagues), not after moving on.
        referred = Q(referrer_organisation__in=agencies) | Q(referrer_user=user.pk, referrer_organisation__isnull=True)
        # A restricted case's referrals are for those who may see the case (its named team);
        # a user deny-listed from the case never sees its referrals, however else they reach them.
        unrestricted = Q(case__isnull=True) | Q(case__is_restricted=False)
        denied = Exists(CaseDenyEntry.objects.filter(case=OuterRef("case_id"), user=user.pk, removed_at__isnull=True))
        route = ((referred | routed) & unrestricted) | via_case
        return self.filter(may_view).filter(route).exclude(denied)

    def routed_to(self, organisation_ids: Any) -> ReferralQuerySet:
        """Referrals routed to any of these organisations."""
        routes = ReferralRoute.objects.filter(referral=OuterRef("pk"), organisation__in=organisation_ids)
        return self.filter(Exists(routes))

    def sent_by(self, user: Any) -> ReferralQuerySet:
        return self.filter(referrer_user=user.pk)

    def in_state(self, state: str) -> ReferralQuerySet:
        return self.filter(current_state=state)

    def first_contact_overdue(self, now: Any = None) -> ReferralQuerySet:
        """Awaiting first contact after its due time."""
        return self.filter(
            first_contact_at__isnull=True,
            first_contact_due__lt=now or timezone.now(),
            current_state__in=AWAITING_CONTACT_STATES,
        )


class Referral(BaseModel):
    """A referral of one person to services (a victim/survivor or a person causing harm)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    subject_role = models.CharField(max_length=20, choices=SubjectRole.choices, default=SubjectRole.VICTIM)
    referrer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    referrer_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    forms_of_abuse = models.JSONField(default=list, blank=True)
    children_in_household = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: not known")
    children_details = EncryptedTextField()
    consent = models.CharField(max_length=40, choices=Consent.choices, default=Consent.NOT_YET_ASKED)
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    risk_tool = models.CharField(max_length=20, choices=RiskTool.choices, default=RiskTool.NONE)
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_grade = models.CharField(max_length=20, choices=RiskGrade.choices, default=RiskGrade.NOT_ASSESSED)
    needs = models.JSONField(default=list, blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    district = models.ForeignKey(
        "accounts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    details = EncryptedTextField()
    # Denormalised from the latest ReferralStatus row; only services change it.
    current_state = models.CharField(
        max_length=20, choices=ReferralState.choices, default=ReferralState.SUBMITTED, editable=False
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    idempotency_key = models.CharField(max_length=255, unique=True, null=True, blank=True, editable=False)
    first_contact_due = models.DateTimeField(null=True, blank=True, editable=False)
    first_contact_target_version = models.CharField(max_length=50, blank=True, editable=False)
    first_contact_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["current_state", "first_contact_due"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        forms = self.forms_of_abuse
        if not isinstance(forms, list) or any(f not in FormOfAbuse.values for f in forms):
            errors["forms_of_abuse"] = "Select forms of abuse from the list"
        elif len(set(forms)) != len(forms):
            errors["forms_of_abuse"] = "Select each form of abuse only once"
        needs = self.needs
        if not isinstance(needs, list) or any(n not in Need.values for n in needs):
            errors["needs"] = "Select needs from the list"
        elif len(set(needs)) != len(needs):
            errors["needs"] = "Select each need only once"
        if self.consent == Consent.NOT_GIVEN_LAWFUL_BASIS:
            if not self.lawful_basis:
                errors["lawful_basis"] = "Select the lawful basis for sharing without consent"
            if not (self.consent_reason or "").strip():
                errors["consent_reason"] = "Enter why you are sharing without consent"
        if self.risk_score is not None and not 0 <= self.risk_score <= DASH_MAX_SCORE:
            errors["risk_score"] = f"DASH score must be between 0 and {DASH_MAX_SCORE}"
        if self.risk_tool == RiskTool.SAFELIVES_DASH and self.risk_score is None:
            errors["risk_score"] = "Enter the DASH score"
        if self.risk_tool in (RiskTool.DARA, RiskTool.NONE) and self.risk_score is not None:
            errors["risk_score"] = "Only a SafeLives or police DASH has a score: leave the score empty"
        if self.risk_tool == RiskTool.SAFELIVES_DASH and "risk_score" not in errors:
            on = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
            problem = dash_grade_error(self.risk_score, self.risk_grade, on)
            if problem:
                errors["risk_grade"] = problem
        if self.risk_tool == RiskTool.NONE and self.risk_grade != RiskGrade.NOT_ASSESSED:
            errors["risk_grade"] = "Select a risk tool, or leave the risk grade as not assessed"
        if self.source == ReferralSource.PERPETRATOR_SELF and self.subject_role != SubjectRole.PERPETRATOR:
            errors["subject_role"] = "A self-referral about your own behaviour is about a person causing harm"
        if self.source == ReferralSource.SELF and self.subject_role != SubjectRole.VICTIM:
            errors["subject_role"] = "A survivor's self-referral is about the survivor"
        if self.source == ReferralSource.PROFESSIONAL and self.referrer_user_id is None:
            errors["referrer_user"] = "A professional referral needs the referring member of staff"
        if errors:
            raise ValidationError(errors)


def get_referral_for(user: Any, pk: uuid.UUID | str) -> Referral:
    """The referral ``pk`` if ``user`` may see it; otherwise 404, exactly as for one that does not exist."""
    try:
        return Referral.objects.visible_to(user).get(pk=pk)
    except (Referral.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such referral.") from None


class ReferralReferenceCounter(models.Model):
    """The last referral number used in a year (for references like R-2026-000123)."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ReferralStatus(ImmutableModel):
    """One state change of a referral. The newest row is the referral's current state."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=ReferralState.choices)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "created_at"]
        verbose_name_plural = "referral statuses"
        constraints = [
            models.CheckConstraint(
                condition=Q(created_by__isnull=False) | ~Q(system_job=""),
                name="referrals_status_has_author",
                violation_error_message="A referral state change needs a person or a system job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_state_display()}"


class RoutingRuleQuerySet(models.QuerySet["RoutingRule"]):
    def active(self) -> RoutingRuleQuerySet:
        return self.filter(active=True)


class RoutingRule(BaseModel):
    """One routing rule (data an administrator edits; every change is kept as a RoutingRuleVersion).

    ``conditions`` keys (a missing key matches anything): forms_of_abuse (any of), risk_grades,
    age_bands ("under-18", "18-24", "25-plus"), genders, districts (slugs), needs (any of),
    subject_roles, sources.
    """

    name = models.CharField(max_length=200, unique=True)
    priority = models.PositiveIntegerField(default=100, help_text="Lower numbers are applied first")
    active = models.BooleanField(default=True)
    conditions = models.JSONField(default=dict, blank=True)
    service_kind = models.CharField(max_length=40, choices=ServiceKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        help_text="Empty: the active organisation providing this service that covers the referral's district",
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from vawg.referrals.routing import conditions_errors

        problems = conditions_errors(self.conditions)
        if problems:
            raise ValidationError({"conditions": problems})


class RoutingRuleVersion(ImmutableModel):
    """A snapshot of a routing rule after one change (who, when and what)."""

    rule = models.ForeignKey(RoutingRule, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["rule", "-version"]
        constraints = [models.UniqueConstraint(fields=["rule", "version"], name="referrals_one_row_per_rule_version")]

    def __str__(self) -> str:
        return f"{self.rule} v{self.version}"


class ReferralRoute(ImmutableModel):
    """A service a referral was routed to, and the rule (and its version) that sent it there."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="routes")
    service_kind = models.CharField(max_length=40, choices=ServiceKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="referral_routes"
    )
    rule = models.ForeignKey(RoutingRule, on_delete=models.PROTECT, null=True, blank=True, related_name="routes")
    rule_version = models.PositiveIntegerField(null=True, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "created_at"]

    def __str__(self) -> str:
        return f"{self.referral} to {self.get_service_kind_display()}"


class PossibleDuplicateQuerySet(models.QuerySet["PossibleDuplicate"]):
    def visible_to(self, user: Any) -> PossibleDuplicateQuerySet:
        """Flags whose existing person ``user`` could already see (through a visible case or referral).

        A flag must never tell a triager that another agency holds a record on someone: flags
        about people outside the user's need-to-know are left for someone who can see them.
        """
        from vawg.cases.models import Case

        return self.filter(
            Q(person__in=Case.objects.visible_to(user).values("victim"))
            | Q(person__in=Referral.objects.visible_to(user).values("subject"))
        )


class PossibleDuplicate(BaseModel):
    """An existing person who may be the referral's subject, for a human to check (never merged silently)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="possible_duplicates")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)
    resolution = models.CharField(
        max_length=20, choices=DuplicateResolution.choices, default=DuplicateResolution.PENDING
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = PossibleDuplicateQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "created_at"]
        constraints = [models.UniqueConstraint(fields=["referral", "person"], name="referrals_one_flag_per_person")]

    def __str__(self) -> str:
        return f"{self.referral}: possible duplicate"


class ReferralTaskQuerySet(models.QuerySet["ReferralTask"]):
    def open(self) -> ReferralTaskQuerySet:
        return self.filter(done_at__isnull=True)


class ReferralTask(BaseModel):
    """Something that must be done about a referral by a deadline (e.g. the FGM mandatory report)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(max_length=40, choices=TaskKind.choices)
    due = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ReferralTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due"]
        constraints = [models.UniqueConstraint(fields=["referral", "kind"], name="referrals_one_task_per_kind")]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_kind_display()}"
