"""Protective orders and disclosures (docs/orders.md): one ``Order`` per order, notice or DVDS disclosure, on
a person causing harm, protecting one or more people; its conditions, requirements, status history and
breaches. Reached only through ``Order.objects.visible_to``.

Conditions' and requirements' text and a breach's summary may name places (an exclusion zone, a street):
they are location data, encrypted, and shown only on the order page.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.cases.models import Case
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, StateChange, user_who
from vawg.intelligence.models import PersonCausingHarm
from vawg.justice.config.orders import DUE_SOON_HOURS, ORDER_TYPES, RANKS, VIEW_ORDERS


class OrderType(models.TextChoices):
    """The register's types; labels and rules in vawg/justice/config/orders.py."""

    DVDS_ASK = "dvds-ask", ORDER_TYPES["dvds-ask"].label
    DVDS_KNOW = "dvds-know", ORDER_TYPES["dvds-know"].label
    DVPN = "dvpn", ORDER_TYPES["dvpn"].label
    DVPO = "dvpo", ORDER_TYPES["dvpo"].label
    DAPN = "dapn", ORDER_TYPES["dapn"].label
    DAPO = "dapo", ORDER_TYPES["dapo"].label
    SPO = "spo", ORDER_TYPES["spo"].label
    INTERIM_SPO = "interim-spo", ORDER_TYPES["interim-spo"].label
    NMO = "nmo", ORDER_TYPES["nmo"].label
    FMPO = "fmpo", ORDER_TYPES["fmpo"].label
    FGMPO = "fgmpo", ORDER_TYPES["fgmpo"].label
    SHPO = "shpo", ORDER_TYPES["shpo"].label
    RESTRAINING = "restraining-order", ORDER_TYPES["restraining-order"].label
    BAIL = "bail-conditions", ORDER_TYPES["bail-conditions"].label


class OrderState(models.TextChoices):
    APPLIED = "applied", "Applied for"
    MADE = "made", "Made"
    SERVED = "served", "Served"
    VARIED = "varied", "Varied"
    EXTENDED = "extended", "Extended"
    DISCHARGED = "discharged", "Discharged"
    REFUSED = "refused", "Refused"
    EXPIRED = "expired", "Expired"


# The state machine: from each state ("" for a new order), the states an order may move to.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({OrderState.APPLIED, OrderState.MADE, OrderState.SERVED}),
    OrderState.APPLIED: frozenset({OrderState.MADE, OrderState.REFUSED, OrderState.SERVED, OrderState.DISCHARGED}),
    OrderState.MADE: frozenset(
        {OrderState.SERVED, OrderState.VARIED, OrderState.EXTENDED, OrderState.DISCHARGED, OrderState.EXPIRED}
    ),
    OrderState.SERVED: frozenset(
        {OrderState.VARIED, OrderState.EXTENDED, OrderState.DISCHARGED, OrderState.REFUSED, OrderState.EXPIRED}
    ),
    OrderState.VARIED: frozenset(
        {OrderState.SERVED, OrderState.VARIED, OrderState.EXTENDED, OrderState.DISCHARGED, OrderState.EXPIRED}
    ),
    OrderState.EXTENDED: frozenset({OrderState.VARIED, OrderState.EXTENDED, OrderState.DISCHARGED, OrderState.EXPIRED}),
    OrderState.DISCHARGED: frozenset(),
    OrderState.REFUSED: frozenset(),
    OrderState.EXPIRED: frozenset(),
}
ENDED_STATES = frozenset({OrderState.DISCHARGED, OrderState.REFUSED, OrderState.EXPIRED})

_RANK_LABELS = dict(RANKS)


class Rank(models.TextChoices):
    """Police ranks, lowest first (vawg/justice/config/orders.py RANKS)."""

    CONSTABLE = "constable", _RANK_LABELS["constable"]
    SERGEANT = "sergeant", _RANK_LABELS["sergeant"]
    INSPECTOR = "inspector", _RANK_LABELS["inspector"]
    CHIEF_INSPECTOR = "chief-inspector", _RANK_LABELS["chief-inspector"]
    SUPERINTENDENT = "superintendent", _RANK_LABELS["superintendent"]
    CHIEF_SUPERINTENDENT = "chief-superintendent", _RANK_LABELS["chief-superintendent"]
    ASSISTANT_CHIEF_CONSTABLE = "assistant-chief-constable", _RANK_LABELS["assistant-chief-constable"]
    DEPUTY_CHIEF_CONSTABLE = "deputy-chief-constable", _RANK_LABELS["deputy-chief-constable"]
    CHIEF_CONSTABLE = "chief-constable", _RANK_LABELS["chief-constable"]


class DvdsApplicant(models.TextChoices):
    SELF = "self", "The person at risk"
    THIRD_PARTY = "third-party", "A third party"
    POLICE = "police", "The police (right to know)"
    AGENCY = "agency", "Another agency (right to know)"


class DvdsDecision(models.TextChoices):
    DISCLOSE = "disclose", "Disclose"
    NOT_DISCLOSE = "not-disclose", "Do not disclose"


class ConditionKind(models.TextChoices):
    NO_CONTACT = "no-contact", "No contact"
    EXCLUSION = "exclusion", "Not to attend (exclusion zone)"
    OTHER = "other", "Other"


class RequirementKind(models.TextChoices):
    PROGRAMME = "programme", "Attend a programme"
    ELECTRONIC_MONITORING = "electronic-monitoring", "Electronic monitoring"
    NOTIFICATION = "notification", "Notify the police"
    OTHER = "other", "Other"


class OrderQuerySet(models.QuerySet["Order"]):
    def visible_to(self, user: User) -> OrderQuerySet:
        """Orders ``user`` may see, in one query: orders on a person causing harm they may see
        (``PersonCausingHarm.objects.visible_to``) while they hold ``justice.view_orders``, or orders
        protecting someone through a case they may see (``Case.objects.visible_to``)."""
        if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
            return self.none()
        holding = Membership.objects.active().filter(
            user=user.pk, user__is_active=True, role__in=holders_of(VIEW_ORDERS)
        )
        on_respondent = Q(Exists(holding)) & Q(respondent__in=PersonCausingHarm.objects.visible_to(user))
        on_case = Exists(
            OrderProtectedPerson.objects.filter(order=OuterRef("pk"), case__in=Case.objects.visible_to(user))
        )
        return self.filter(on_respondent | on_case)

    def live(self) -> OrderQuerySet:
        """Not ended: in a live state and not past its end."""
        now = timezone.now()
        return self.exclude(state__in=ENDED_STATES).exclude(ends_at__lt=now)

    def due_within(self, now: datetime, hours: int = DUE_SOON_HOURS) -> OrderQuerySet:
        """Live orders with an action due in the next ``hours`` hours, or ending in them."""
        soon = now + timedelta(hours=hours)
        return self.exclude(state__in=ENDED_STATES).filter(
            Q(next_due_at__gte=now, next_due_at__lte=soon) | Q(ends_at__gte=now, ends_at__lte=soon)
        )

    def overdue(self, now: datetime) -> OrderQuerySet:
        return self.exclude(state__in=ENDED_STATES).filter(next_due_at__lt=now)

    def due_or_overdue(self, now: datetime, hours: int = DUE_SOON_HOURS) -> OrderQuerySet:
        soon = now + timedelta(hours=hours)
        return self.exclude(state__in=ENDED_STATES).filter(
            Q(next_due_at__lte=soon) | Q(ends_at__gte=now, ends_at__lte=soon)
        )

    def expired(self, now: datetime) -> OrderQuerySet:
        return self.filter(Q(ends_at__lt=now) | Q(state=OrderState.EXPIRED))


class Order(BaseModel):
    """One protective order, notice or disclosure. ``state``, ``ends_at`` and ``next_due_at`` are kept by
    the services from the status history and the rules (vawg/justice/rules/orders.py); never set by hand."""

    order_type = models.CharField(max_length=30, choices=OrderType.choices)
    respondent = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="orders")
    issuing_body = models.CharField(max_length=200, blank=True)
    owning_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    owning_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A DVPO points at its DVPN, an SPO at its interim SPO (the chain of timers).
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="successors")
    reference = models.CharField(max_length=50, blank=True)  # the force's or court's reference
    applied_at = models.DateTimeField(null=True, blank=True)
    served_at = models.DateTimeField(null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)
    hearing_at = models.DateTimeField(null=True, blank=True)  # a listed hearing, when known
    determined_at = models.DateTimeField(null=True, blank=True)  # DVPN/DAPN: the order application determined
    notified_at = models.DateTimeField(null=True, blank=True)  # SPO: name and home address notified
    ends_on = models.DateField(null=True, blank=True)  # the last day in force (bail: the return date)
    until_further_order = models.BooleanField(default=False)
    # DVPN/DAPN: the authorising officer's rank and what they considered (CSA 2010 s24(3)).
    authorising_rank = models.CharField(max_length=30, choices=Rank.choices, blank=True)
    victim_view_considered = models.BooleanField(default=False)
    child_welfare_considered = models.BooleanField(default=False)
    # DVDS
    dvds_applicant = models.CharField(max_length=20, choices=DvdsApplicant.choices, blank=True)
    dvds_decision = models.CharField(max_length=20, choices=DvdsDecision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Kept by the services.
    state = models.CharField(max_length=20, choices=OrderState.choices, editable=False)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    rules_version = models.CharField(max_length=40, editable=False)
    created_by = user_who()

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owning_officer", "next_due_at"]),
            models.Index(fields=["next_due_at"]),
            models.Index(fields=["ends_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_order_type_display()} {self.pk}"

    @property
    def audit_agency_id(self) -> object:
        return self.owning_organisation_id


class OrderProtectedPerson(BaseModel):
    """Someone an order protects, optionally linked to their case (how their IDVA sees the order)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="protected")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "person"], name="justice_one_protection_per_person"),
        ]


class OrderCondition(ImmutableModel):
    """A prohibition: its kind and text (location data: encrypted, shown only on the order page)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="conditions")
    kind = models.CharField(max_length=20, choices=ConditionKind.choices)
    text = EncryptedTextField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class OrderRequirement(ImmutableModel):
    """A positive or notification requirement (DAPO, SPO): its kind and text (encrypted, as a condition's)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="requirements")
    kind = models.CharField(max_length=30, choices=RequirementKind.choices)
    text = EncryptedTextField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class OrderStatus(StateChange):
    """One change of an order's state, at a moment (the newest row is the current state)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=OrderState.choices)
    at = models.DateTimeField()

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name_plural = "order statuses"


class OrderBreach(ImmutableModel):
    """A breach of an order: when, which protected person, a summary (encrypted: it may name places), the
    force's crime reference (its incident id, matched to ``intelligence.PoliceIncident`` when imported),
    and the incident it recorded on the protected person's case."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="breaches")
    protected = models.ForeignKey(OrderProtectedPerson, on_delete=models.PROTECT, related_name="breaches")
    occurred_at = models.DateTimeField()
    summary = EncryptedTextField()
    crime_reference = models.CharField(max_length=50, blank=True)
    force = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey("risk.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "protected", "occurred_at"], name="justice_one_breach_per_moment"),
        ]
