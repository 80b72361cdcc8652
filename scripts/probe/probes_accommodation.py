"""Probes of safe accommodation pages: no unit's address reaches anyone but the staff of its provider."""

from __future__ import annotations

from probes_base import ProbeBase
from report import check
from web import page_text
from world import PERSONAS, user

# Staff and public pages that talk about units, requests, reservations and services.
PAGES = (
    "/find-support/",
    "/services/",
    "/accommodation/",
    "/accommodation/vacancies/",
    "/accommodation/requests/",
    "/accommodation/reservations/",
    "/accommodation/placements/",
    "/accommodation/units/",
    "/commissioning/gaps/",
    "/commissioning/part4-return/",
)


def address_canaries(address: str) -> list[str]:
    """The street line and the postcode of a unit's address (a "Flat 3" line alone says nothing)."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    street = lines[1] if lines[0].startswith(("Flat", "Studio", "Apartment")) and len(lines) > 2 else lines[0]
    return [street, lines[-1]]


class AccommodationProbes(ProbeBase):
    # 6. Unit addresses only for their provider ---------------------------------------------------------

    def unit_addresses(self) -> str:
        from vawg.provision.models import AccommodationRequest, Reservation, Unit

        units = list(Unit.objects.select_related("organisation").order_by("organisation__name", "name"))
        check(bool(units), "the demo has no safe accommodation units: nothing to test")
        first_of_each: dict[object, object] = {}
        for unit in units:
            first_of_each.setdefault(unit.organisation_id, unit.pk)
        pages = list(PAGES)
        pages += [f"/accommodation/units/{unit_id}/" for unit_id in first_of_each.values()]
        pages += [f"/accommodation/requests/{r.pk}/" for r in AccommodationRequest.objects.open()]
        live = Reservation.objects.filter(state__in=("held", "accepted"))
        pages += [f"/accommodation/reservations/{r.pk}/" for r in live]
        leaks, read, shown = [], 0, 0
        for role in PERSONAS:
            kept = set(Unit.objects.kept_by(user(role)).values_list("pk", flat=True))
            others = [unit for unit in units if unit.pk not in kept]
            own = [value for unit in units if unit.pk in kept for value in address_canaries(unit.address)]
            canaries = [(unit, value) for unit in others for value in address_canaries(unit.address)]
            client = self.client(role)
            for path in pages:
                response = client.get(path)
                if response.status != 200:
                    continue
                read += 1
                text = page_text(response)
                shown += any(value in text for value in own)
                found = sorted({f"{unit.name} of {unit.organisation}" for unit, value in canaries if value in text})
                if found:
                    leaks.append(f"{role} {path}: {', '.join(found)}")
        check(read > 0, "none of the accommodation pages could be read")
        # The provider's own unit page shows its address: proof that the search would find one.
        check(shown > 0, "no page showed a provider its own unit's address: nothing tested")
        check(not leaks, "a unit's address reached someone outside its provider: " + "; ".join(leaks[:10]))
        return (
            f"{read} pages read by {len(PERSONAS)} personas ({shown} show a provider its own unit's address); "
            "no unit's address outside its provider"
        )
