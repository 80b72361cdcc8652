"""People causing harm: the record, who may see it, and the one gate that says so.

A ``PersonCausingHarm`` is the person causing harm on a case (``cases.CaseParty`` with that role), in a
police extract, or both: one record per ``people.Person``. Names, aliases, date of birth and the
encrypted location fields are the Person's; this record adds who may see them (docs/people-causing-harm.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.cases.models import Case, CaseParty, LawfulBasis, PartyRole
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.intelligence.config import VIEW_PEOPLE_CAUSING_HARM


class HarmAgencyReason(models.TextChoices):
    """Why an agency works with a person causing harm (each gives sight of the record)."""

    OWNS = "owns", "Holds the record"
    POLICE_DATA = "police-data", "In the force's own incident data"
    SUPERVISES = "supervises", "Supervises them (probation)"
    PROGRAMME = "programme", "Works with them on a programme"
    MATAC = "matac", "Invited to a MATAC meeting where they are a subject"
    OTHER = "other", "Other work with them"


class PersonCausingHarmQuerySet(models.QuerySet["PersonCausingHarm"]):
    def visible_to(self, user: User) -> PersonCausingHarmQuerySet:
        """People causing harm ``user`` may see, in one query, so lists, search and counts agree.

        Visible iff the user is active and holds ``intelligence.view_people_causing_harm`` through an
        active membership, is NOT on the record's open deny-list (which beats everything), and:
        - for a restricted record: is an open named team member;
        - otherwise: one of the agencies where they hold that permission owns the record, works with
          the person (open ``HarmAgency``) or holds an unrevoked, unexpired grant; or they can see a case
          (``Case.objects.visible_to``) where this person is the open person-causing-harm party; or they
          are an open team member.
        """
        if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
            return self.none()
        now = timezone.now()
        holding = Membership.objects.active().filter(
            user=user.pk, user__is_active=True, role__in=holders_of(VIEW_PEOPLE_CAUSING_HARM)
        )
        agencies = holding.values("organisation_id")
        record = OuterRef("pk")
        denied = Exists(HarmDenyEntry.objects.filter(person_causing_harm=record, user=user.pk, removed_at__isnull=True))
        on_team = Exists(HarmTeamMember.objects.filter(person_causing_harm=record, user=user.pk, ended_at__isnull=True))
        works_with = Exists(
            HarmAgency.objects.filter(person_causing_harm=record, ended_at__isnull=True, organisation__in=agencies)
        )
        granted = Exists(
            HarmAccessGrant.objects.filter(
                person_causing_harm=record, revoked_at__isnull=True, expires_at__gt=now, organisation__in=agencies
            )
        )
        on_case = Exists(
            CaseParty.objects.filter(
                person=OuterRef("person"),
                role=PartyRole.PERSON_CAUSING_HARM,
                ended_at__isnull=True,
                case__in=Case.objects.visible_to(user),
            )
        )
        agency_route = Q(is_restricted=False) & (Q(owning_organisation__in=agencies) | works_with | granted | on_case)
        return self.filter(Exists(holding)).exclude(denied).filter(agency_route | on_team)

    def serial(self) -> PersonCausingHarmQuerySet:
        return self.filter(is_serial=True)


class PersonCausingHarm(BaseModel):
    """One person causing harm (one per Person); reached only through ``visible_to``."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="causing_harm")
    owning_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="people_causing_harm"
    )
    is_restricted = models.BooleanField(default=False, editable=False)
    restricted_reason = models.TextField(blank=True, editable=False)
    # Serial (docs/people-causing-harm.md#serial): 2 or more victims in 3 years, aged 16 or over.
    # Denormalised by the service that assesses it; never set by hand.
    is_serial = models.BooleanField(default=False, editable=False)
    serial_assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = PersonCausingHarmQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "people causing harm"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and error reports.
        return f"Person causing harm {self.pk}"

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this record under."""
        return self.owning_organisation_id


class HarmLink(BaseModel):
    """Something open from ``added_at`` until ``ended_at`` (an agency's work, a team member)."""

    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="+")
    added_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = user_who(optional=True)

    class Meta:
        abstract = True


class HarmAgency(HarmLink):
    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="agencies")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=HarmAgencyReason.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person_causing_harm", "organisation", "reason"],
                condition=Q(ended_at__isnull=True),
                name="intelligence_one_open_agency_link_per_reason",
            )
        ]


class HarmTeamMember(HarmLink):
    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person_causing_harm", "user"],
                condition=Q(ended_at__isnull=True),
                name="intelligence_one_open_team_membership",
            )
        ]


class HarmAccessGrant(BaseModel):
    """An agency may see the record until ``expires_at``, for a lawful basis (UK GDPR, DPA 2018 Part 3)."""

    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="grants")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    granted_by = user_who()
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    reason = models.TextField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = user_who(optional=True)


class HarmDenyEntry(BaseModel):
    """A user who must never see this record (beats every other route)."""

    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="deny_entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    added_by = user_who()
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = user_who(optional=True)


class HarmRestrictionChange(ImmutableModel):
    """A record being restricted or unrestricted, with the reason (the restriction's history)."""

    person_causing_harm = models.ForeignKey(
        PersonCausingHarm, on_delete=models.PROTECT, related_name="restriction_changes"
    )
    restricted = models.BooleanField()
    reason = models.TextField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["person_causing_harm", "created_at"]
