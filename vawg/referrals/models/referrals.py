"""Referrals, their states (immutable rows), references and the routes each was sent along.

``Referral.objects.visible_to(user)`` is the one gate (vawg/referrals/selectors.py answers 404 for
anything it leaves out).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.cases.models import Case, CaseDenyEntry, LawfulBasis
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, StateChange, user_who
from vawg.referrals.models.choices import (
    AWAITING_CONTACT_STATES,
    CONSENT_AWAITED_STATES,
    CONSENT_RECORDED,
    OVERRIDE_REASON_MIN_LENGTH,
    VIEW_REFERRALS,
    Consent,
    FormOfAbuse,
    Need,
    ReferralSource,
    ReferralState,
    RiskGrade,
    RiskTool,
    ServiceKind,
    SubjectRole,
    Urgency,
    dash_grade_error,
    dash_score_error,
)
from vawg.referrals.models.routing import RoutingRule


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: User) -> ReferralQuerySet:
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

    def sent_by(self, user: User) -> ReferralQuerySet:
        return self.filter(referrer_user=user.pk)

    def in_state(self, state: str) -> ReferralQuerySet:
        return self.filter(current_state=state)

    def awaiting_consent(self) -> ReferralQuerySet:
        """Open referrals that cannot be accepted until the person's consent (or a lawful basis for sharing
        without it) is recorded: consent not yet asked, in an open state (new ones wait in
        ``awaiting-consent``; an open one made before that state existed waits where it is)."""
        return self.filter(consent=Consent.NOT_YET_ASKED, current_state__in=CONSENT_AWAITED_STATES)

    def for_user(self, user: User) -> ReferralQuerySet:
        """Referrals ``user`` works on, through the gate: routed to one of their agencies (as receiver), or
        made by them. ``Referral.objects.awaiting_consent().for_user(user)`` is the list of referrals
        awaiting consent and the My work page's count of them."""
        agencies = Membership.objects.active().filter(user=user.pk).values("organisation_id")
        routed = Exists(ReferralRoute.objects.filter(referral=OuterRef("pk"), organisation__in=agencies))
        return self.visible_to(user).filter(routed | Q(referrer_user=user.pk))

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

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this referral under: the referrer's (audit_record reads it)."""
        return self.referrer_organisation_id

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
        on = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        if self.risk_score is not None and self.risk_score < 0:
            errors["risk_score"] = "DASH score must be 0 or more"
        elif self.risk_tool == RiskTool.SAFELIVES_DASH and (problem := dash_score_error(self.risk_score, on)):
            errors["risk_score"] = problem
        if self.risk_tool == RiskTool.SAFELIVES_DASH and self.risk_score is None:
            errors["risk_score"] = "Enter the DASH score"
        if self.risk_tool in (RiskTool.DARA, RiskTool.NONE) and self.risk_score is not None:
            errors["risk_score"] = "Only a SafeLives or police DASH has a score: leave the score empty"
        if self.risk_tool == RiskTool.SAFELIVES_DASH and "risk_score" not in errors:
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


class ReferralReferenceCounter(models.Model):
    """The last referral number used in a year (for references like R-2026-000123)."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ReferralStatus(StateChange):
    """One state change of a referral. The newest row is the referral's current state."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=ReferralState.choices)

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


class ReferralConsentRecord(ImmutableModel):
    """Consent recorded on a referral after it came in, by the referrer or a receiving agency's triager once
    they had asked the person, or set aside (``overridden``) by someone who may share without consent, on
    a lawful basis. The referral's own consent fields hold the latest position; these rows say who and when."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="consent_records")
    consent = models.CharField(max_length=40, choices=Consent.choices)
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices, blank=True)
    reason = models.TextField(blank=True)
    overridden = models.BooleanField(default=False)
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "created_at"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_consent_display()}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.consent not in CONSENT_RECORDED:
            errors["consent"] = "Select whether the person has agreed to the referral"
        elif self.consent == Consent.NOT_GIVEN_LAWFUL_BASIS or self.overridden:
            if not self.lawful_basis or self.lawful_basis == LawfulBasis.CONSENT:
                errors["lawful_basis"] = "Select the lawful basis for sharing without consent"
            reason = (self.reason or "").strip()
            if not reason:
                errors["reason"] = "Enter why you are sharing without consent"
            elif self.overridden and len(reason) < OVERRIDE_REASON_MIN_LENGTH:
                errors["reason"] = (
                    f"Enter why you are sharing without consent in at least {OVERRIDE_REASON_MIN_LENGTH} characters"
                )
        if self.overridden and self.consent != Consent.NOT_GIVEN_LAWFUL_BASIS:
            errors["consent"] = "Sharing without consent is recorded as consent not given, on a lawful basis"
        if errors:
            raise ValidationError(errors)
