"""Telling people about reservations: a neutral email (ADR 0010) that only links to the page, queued inside the
service's transaction and sent after it commits. A provider's accommodation managers hear of a new reservation
of one of their units; the worker who reserved hears that the provider accepted or declined. Each recipient
must still be able to open the page (its gate is asked now, and again just before sending)."""

from __future__ import annotations

from django.urls import reverse

from vawg.notifications.models import NotificationKind
from vawg.notifications.selectors import recipients_who_see, staff_holding
from vawg.notifications.services import notification_queue
from vawg.provision.config import KEEP_UNITS
from vawg.provision.models import AccommodationRequest, Reservation, Unit


def tell_provider_of_reservation(reservation: Reservation) -> None:
    managers = staff_holding(perm=KEEP_UNITS, organisation_ids=[reservation.unit.organisation_id])
    keepers = recipients_who_see(
        managers, sees=lambda user: Unit.objects.kept_by(user).filter(pk=reservation.unit_id).exists()
    )
    notification_queue(
        kind=NotificationKind.ACCOMMODATION_RESERVED,
        recipients=keepers,
        event=f"reservation:{reservation.pk}:held",
        link=reverse("accommodation:reservation_detail", kwargs={"reservation_id": reservation.pk}),
    )


def tell_worker_of_answer(reservation: Reservation, *, answer: str) -> None:
    """``answer``: "accepted" or "declined" (part of the event key, never of the email)."""
    worker = reservation.created_by
    may_see = recipients_who_see(
        [worker],
        sees=lambda user: AccommodationRequest.objects.raised_for(user).filter(pk=reservation.request_id).exists(),
    )
    notification_queue(
        kind=NotificationKind.ACCOMMODATION_ANSWERED,
        recipients=may_see,
        event=f"reservation:{reservation.pk}:{answer}",
        link=reverse("accommodation:accommodation_request_detail", kwargs={"request_id": reservation.request_id}),
    )
