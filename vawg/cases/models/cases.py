"""Victim/survivor cases and the one gate that decides who may see them.

``Case.objects.visible_to(user)`` is the only way to reach a case: lists,
search, counts, detail pages and the API all start from it, and
``case_get_for(user=user, case_id=pk)`` answers 404 for anything it leaves out (so a
forbidden case looks exactly like a missing one). The rules are in
docs/access-control.md ("Cases") and ADR 0003. Writes go through
vawg/cases/services.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.cases.rules import closure_problems_of
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.people.models import PersonAlias

VIEW_CASES = "cases.view_cases"
BREAK_GLASS = "cases.break_glass"
MANAGE_CASE = "cases.manage_case"
REVEAL_CONTACT = "cases.reveal_contact"

_Link = TypeVar("_Link", bound="CaseLink")


class CaseStatusValue(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


# The state machine: from each status (None: a new case), the statuses a case may move to.
STATUS_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({CaseStatusValue.OPEN}),
    CaseStatusValue.OPEN: frozenset({CaseStatusValue.CLOSED}),
    CaseStatusValue.CLOSED: frozenset({CaseStatusValue.REOPENED}),
    CaseStatusValue.REOPENED: frozenset({CaseStatusValue.CLOSED}),
}
OPEN_STATUSES = frozenset({CaseStatusValue.OPEN, CaseStatusValue.REOPENED})


class RiskLevel(models.TextChoices):
    NOT_ASSESSED = "not-assessed", "Not assessed"
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class LawfulBasis(models.TextChoices):
    """Why another agency may see a case (UK GDPR Art 6 and 9, DPA 2018 Schedule 1)."""

    CONSENT = "consent", "Consent (UK GDPR Art 6(1)(a) and 9(2)(a))"
    PUBLIC_TASK = "public-task", "Public task (UK GDPR Art 6(1)(e))"
    VITAL_INTERESTS = "vital-interests", "Vital interests (UK GDPR Art 6(1)(d) and 9(2)(c))"
    LEGAL_OBLIGATION = "legal-obligation", "Legal obligation (UK GDPR Art 6(1)(c))"
    SAFEGUARDING = (
        "safeguarding-sch1-para18",
        "Safeguarding of children and individuals at risk (DPA 2018 Sch 1 para 18)",
    )
    CRIME_PREVENTION = (
        "crime-prevention-sch1-para10",
        "Preventing or detecting unlawful acts (DPA 2018 Sch 1 para 10)",
    )


class CaseAlertKind(models.TextChoices):
    BREAK_GLASS = "break-glass", "Break-glass access"
    BREAK_GLASS_REFUSED = "break-glass-refused", "Break-glass refused: deny-listed"


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> CaseQuerySet:
        """Cases ``user`` may see, in one query (subqueries only), so lists, search and counts agree.

        Visible iff the user is active and holds ``cases.view_cases`` through an active
        membership, is NOT on the case's open deny-list (which beats everything), and:
        - for a restricted case: is an open named team member or has unexpired break-glass;
        - otherwise: one of their active agencies owns the case, works on it (open
          CaseAgency) or holds an unrevoked, unexpired grant; or they are an open team
          member; or they have unexpired break-glass.
        Nothing is cached: every evaluation reads the current rows.
        """
        if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
            return self.none()
        now = timezone.now()
        memberships = Membership.objects.active().filter(user=user.pk, user__is_active=True)
        casework = memberships.filter(role__in=holders_of(VIEW_CASES))
        may_view_cases = Exists(casework)
        # Only agencies where the user holds a casework role: an analyst post at agency X gives no sight
        # of X's cases to someone who is also an IDVA at agency Y.
        agencies = casework.values("organisation_id")
        case = OuterRef("pk")
        denied = Exists(CaseDenyEntry.objects.filter(case=case, user=user.pk, removed_at__isnull=True))
        on_team = Exists(CaseTeamMember.objects.filter(case=case, user=user.pk, ended_at__isnull=True))
        break_glass = Exists(BreakGlassAccess.objects.filter(case=case, user=user.pk, expires_at__gt=now))
        works_on = Exists(CaseAgency.objects.filter(case=case, ended_at__isnull=True, organisation__in=agencies))
        granted = Exists(
            CaseAccessGrant.objects.filter(
                case=case, revoked_at__isnull=True, expires_at__gt=now, organisation__in=agencies
            )
        )
        agency_route = Q(is_restricted=False) & (Q(owning_organisation__in=agencies) | works_on | granted)
        return self.filter(may_view_cases).exclude(denied).filter(agency_route | on_team | break_glass)

    def break_glass_candidates_for(self, user: User) -> CaseQuerySet:
        """Cases ``user`` may ask break-glass access to (by reference, on the break-glass page).

        Only for holders of ``cases.break_glass``, and never a case they are deny-listed from,
        so a deny-listed user finds nothing, exactly as for a reference that does not exist.
        This finds a case to break glass on; it never shows one (that is ``visible_to``).
        """
        if not getattr(user, "is_authenticated", False) or user.pk is None or not user.has_perm(BREAK_GLASS):
            return self.none()
        denied = CaseDenyEntry.objects.filter(case=OuterRef("pk"), user=user.pk, removed_at__isnull=True)
        return self.exclude(Exists(denied))

    def open(self) -> CaseQuerySet:
        return self.filter(current_status__in=OPEN_STATUSES)

    def managed_by(self, user: User) -> CaseQuerySet:
        """Visible cases whose access ``user`` may manage: holders of ``cases.manage_case`` at the owning agency."""
        if not getattr(user, "is_authenticated", False) or not user.has_perm(MANAGE_CASE):
            return self.none()
        managing = Membership.objects.active().filter(
            user=user.pk, user__is_active=True, role__in=holders_of(MANAGE_CASE)
        )
        return self.visible_to(user).filter(owning_organisation__in=managing.values("organisation_id"))

    def matching(self, *, name: str = "", date_of_birth: date | None = None, reference: str = "") -> CaseQuerySet:
        """Cases whose victim matches every term given: each word of ``name`` in the given name,
        family name or an alias (case-insensitive, contains), the exact date of birth, the exact
        reference. Call it on ``visible_to(user)``: it searches, it never widens."""
        cases = self
        for word in name.split():
            alias = Exists(PersonAlias.objects.filter(person=OuterRef("victim"), name__icontains=word))
            cases = cases.filter(Q(victim__given_name__icontains=word) | Q(victim__family_name__icontains=word) | alias)
        if date_of_birth is not None:
            cases = cases.filter(victim__date_of_birth=date_of_birth)
        if reference:
            cases = cases.filter(reference__iexact=reference.strip())
        return cases

    def for_list(self) -> CaseQuerySet:
        """With what a list row shows, in the same query."""
        return self.select_related("victim", "district", "owning_organisation")


class Case(BaseModel):
    """A victim/survivor's case, held by an owning agency."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="owned_cases"
    )
    district = models.ForeignKey(
        "accounts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # Denormalised from the latest CaseStatus row; only services change it.
    current_status = models.CharField(
        max_length=20, choices=CaseStatusValue.choices, default=CaseStatusValue.OPEN, editable=False
    )
    current_risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, default=RiskLevel.NOT_ASSESSED)
    is_restricted = models.BooleanField(default=False, editable=False)
    restricted_reason = models.TextField(blank=True, editable=False)
    created_by = user_who()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this case under (audit_record reads it from ``obj``)."""
        return self.owning_organisation_id

    @property
    def is_open(self) -> bool:
        return self.current_status in OPEN_STATUSES


class CaseReferenceCounter(models.Model):
    """The last case number used in a year (for references like C-2026-000123)."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CaseStatus(ImmutableModel):
    """One status change in a case's chronology. The newest row is the case's current status."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=20, choices=CaseStatusValue.choices)
    reason = models.TextField(blank=True)
    # A closure's coded reason and exit answers, under a version of CLOSURE_SETS (config.py, docs/case-closure.md).
    closure_reason = models.CharField(max_length=40, blank=True)
    closure_version = models.CharField(max_length=20, blank=True)
    exit_answers = models.JSONField(default=dict, blank=True)  # {question code: answer code}, every question
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["case", "created_at"]
        verbose_name_plural = "case statuses"

    def __str__(self) -> str:
        return f"{self.case}: {self.get_status_display()}"

    def clean(self) -> None:
        if problems := closure_problems_of(self):
            raise ValidationError(problems)


class CaseRestrictionChange(ImmutableModel):
    """A case being restricted or unrestricted, with the reason (the restriction's history)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restriction_changes")
    restricted = models.BooleanField()
    reason = models.TextField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["case", "created_at"]

    def __str__(self) -> str:
        return f"{self.case}: {'restricted' if self.restricted else 'unrestricted'}"


class CaseLinkQuerySet(models.QuerySet[_Link]):
    def current(self) -> CaseLinkQuerySet[_Link]:
        return self.filter(ended_at__isnull=True)


class CaseLink(BaseModel):
    """Someone or an agency working on a case from ``added_at`` until ``ended_at`` (empty while current)."""

    added_by = user_who()
    added_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = user_who(optional=True)

    class Meta:
        abstract = True


class CaseTeamMember(CaseLink):
    """A named user working on a case (the only people who see it when it is restricted)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_teams")

    objects = CaseLinkQuerySet["CaseTeamMember"].as_manager()

    class Meta:
        ordering = ["case", "added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(ended_at__isnull=True), name="one_open_team_place_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.case}"


class CaseAgency(CaseLink):
    """Another agency working on a case (its casework staff see the case unless it is restricted)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agencies")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="case_work")

    objects = CaseLinkQuerySet["CaseAgency"].as_manager()

    class Meta:
        ordering = ["case", "added_at"]
        verbose_name_plural = "case agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=Q(ended_at__isnull=True),
                name="one_open_case_agency_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.case}"


class CaseAccessGrantQuerySet(models.QuerySet["CaseAccessGrant"]):
    def in_force(self) -> CaseAccessGrantQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def expiring_within(self, days: int) -> CaseAccessGrantQuerySet:
        """In force and ending within ``days`` days from now."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, expires_at__lte=now + timedelta(days=days))


class CaseAccessGrant(BaseModel):
    """An explicit, time-limited share of a case with another agency, with its lawful basis."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_grants")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="case_access_grants"
    )
    granted_by = user_who()
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    reason = models.TextField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = user_who(optional=True)

    objects = CaseAccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-created_at"]
        # "My work": the grants an agency holds that end soon (vawg/cases/selectors.py grants_expiring_for).
        indexes = [models.Index(fields=["organisation", "expires_at"], name="cases_grant_org_expiry")]

    def __str__(self) -> str:
        return f"{self.case} shared with {self.organisation}"


class CaseDenyEntryQuerySet(models.QuerySet["CaseDenyEntry"]):
    def current(self) -> CaseDenyEntryQuerySet:
        return self.filter(removed_at__isnull=True)


class CaseDenyEntry(BaseModel):
    """A user who must never see a case, whatever their role, team place, grant or break-glass."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deny_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_denials")
    reason = models.TextField()
    added_by = user_who()
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = user_who(optional=True)

    objects = CaseDenyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["case", "added_at"]
        verbose_name_plural = "case deny entries"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(removed_at__isnull=True), name="one_open_deny_entry_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} denied {self.case}"


class BreakGlassAccess(ImmutableModel):
    """Emergency, time-limited access to a case by a named role, with a stated reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses")
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-at"]
        verbose_name_plural = "break-glass accesses"

    def __str__(self) -> str:
        return f"Break-glass by {self.user} on {self.case}"


class CaseAlert(BaseModel):
    """A notice to a case's owning agency (for example: someone used break-glass). No personal data."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="alerts")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="case_alerts")
    kind = models.CharField(max_length=20, choices=CaseAlertKind.choices)
    break_glass = models.ForeignKey(
        BreakGlassAccess, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    message = models.CharField(max_length=300)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} alert on {self.case}"
