"""Identity resolution: finding pairs of Person records that may be the same person, and the reviewers'
decisions on them (docs/identity-resolution.md). A link never merges records: both stay, each behind
its own gate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.linkage import config
from vawg.intelligence.models import (
    ForceReference,
    IdentityLink,
    IdentityLinkDecision,
    LinkState,
    PersonCausingHarm,
    PoliceImport,
    PoliceIncident,
)
from vawg.intelligence.selectors.linkage import cluster_members
from vawg.intelligence.services.serial import serial_assess
from vawg.people.models import Person

FIND_JOB = "identity_links_find"
BATCH = 2000  # ids per IN (...) read
# The states a reviewer may move a link to from each state (a later decision replaces the current one).
TRANSITIONS: dict[str, frozenset[str]] = {
    LinkState.LINKED: frozenset({LinkState.ACCEPTED, LinkState.REJECTED, LinkState.WAITING}),
    LinkState.WAITING: frozenset({LinkState.ACCEPTED, LinkState.REJECTED}),
    LinkState.ACCEPTED: frozenset({LinkState.REJECTED, LinkState.WAITING}),
    LinkState.REJECTED: frozenset({LinkState.ACCEPTED, LinkState.WAITING}),
}
DECISION_ACTIONS = {
    LinkState.ACCEPTED: "intelligence.identity_link.accept",
    LinkState.REJECTED: "intelligence.identity_link.reject",
    LinkState.WAITING: "intelligence.identity_link.reopen",
}


@dataclass(frozen=True)
class LinkSummary:
    """What one search for links found (counts only: this is what the audit entry records)."""

    people_compared: int = 0
    candidates: int = 0
    pairs_scored: int = 0
    linked: int = 0
    waiting: int = 0
    already_decided: int = 0
    model_version: str = ""


def _frame(people: Iterable[Person]) -> pd.DataFrame:
    """The engine's input columns for ``people``. Postcode and phone are decrypted here, in memory, only
    to be compared; they are never stored, logged or shown."""
    rows = [
        {
            "record_id": str(person.pk),
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
            "postcode": person.postcode or "",
            "phone": person.phone or "",
        }
        for person in people
    ]
    return pd.DataFrame(rows, columns=["record_id", "given_name", "family_name", "date_of_birth", "postcode", "phone"])


def import_people(police_import: PoliceImport) -> QuerySet[Person]:
    """The people of ``police_import``: perpetrators and victims of its incidents who hold a force
    reference of its force (one query, however large the import)."""
    force = police_import.organisation
    incidents = PoliceIncident.objects.filter(organisation=force).filter(
        Q(first_import=police_import) | Q(last_import=police_import)
    )
    in_incidents = Q(pk__in=incidents.values("perpetrator__person_id")) | Q(pk__in=incidents.values("victim_id"))
    referenced = Exists(ForceReference.objects.filter(organisation=force, person_id=OuterRef("pk")))
    return Person.objects.filter(referenced).filter(in_incidents)


def links_find_for_import(*, police_import: PoliceImport, by: User | None = None, system_job: str = "") -> LinkSummary:
    """Link the people of ``police_import`` to every other Person record: pairs at or above the upper
    threshold become linked, pairs between the thresholds wait for review, a pair already decided is
    never changed; then reassess the serial flag of the people causing harm affected.

    Call it after the import's transaction has committed."""
    job = system_job or FIND_JOB
    columns = ("id", "given_name", "family_name", "date_of_birth", "postcode", "phone")
    people = import_people(police_import)
    left = _frame(people.only(*columns).iterator(chunk_size=2000))
    if left.empty:
        return _record_find(police_import, LinkSummary(model_version=config.MODEL_VERSION), by=by, system_job=job)
    right = _frame(Person.objects.exclude(pk__in=people.values("pk")).only(*columns).iterator(chunk_size=2000))
    if right.empty:
        summary = LinkSummary(people_compared=len(left), model_version=config.MODEL_VERSION)
        return _record_find(police_import, summary, by=by, system_job=job)
    from vawg.intelligence.linkage.model import link  # Splink is heavy: imported only when linking

    prior = min(config.SERVICE_KNOWN_SHARE / len(right), config.SERVICE_MAX_PRIOR)
    # Twin-like pairs (given names disagree outright) are scored, not dropped: they never link
    # automatically but go to a reviewer, who can tell twins from a wholly miskeyed given name.
    run = link(
        left, right, threshold=config.LOWER_THRESHOLD, one_to_one=False, details=True, prior=prior, twin_guard=False
    )
    summary, touched = _store_pairs(run.pairs, model_version=run.model_version, job=job)
    summary = LinkSummary(
        people_compared=len(left) + len(right),
        candidates=len(run.pairs),
        pairs_scored=len(run.pairs),
        linked=summary.linked,
        waiting=summary.waiting,
        already_decided=summary.already_decided,
        model_version=run.model_version,
    )
    _record_find(police_import, summary, by=by, system_job=job)
    if touched:
        serial_assess(people_causing_harm=_causing_harm(cluster_members(touched)), by=by, system_job=job)
    return summary


def _causing_harm(person_ids: set[UUID]) -> list[PersonCausingHarm]:
    """The people-causing-harm records of ``person_ids`` (read in chunks: an IN list has a limit)."""
    ordered, found = sorted(person_ids), []
    for start in range(0, len(ordered), BATCH):
        found += list(PersonCausingHarm.objects.filter(person_id__in=ordered[start : start + BATCH]))
    return found


@transaction.atomic
def _store_pairs(pairs: pd.DataFrame, *, model_version: str, job: str) -> tuple[LinkSummary, set[UUID]]:
    """New links for pairs not seen before; an existing link (whatever its state) is left as it is."""
    linked = waiting = existing = 0
    touched: set[UUID] = set()
    wanted = {
        tuple(sorted((UUID(str(row.left_id)), UUID(str(row.right_id))))): row for row in pairs.itertuples(index=False)
    }
    lefts = sorted({pair[0] for pair in wanted})
    known: set[tuple[UUID, UUID]] = set()
    for start in range(0, len(lefts), BATCH):
        chunk = lefts[start : start + BATCH]
        known |= set(IdentityLink.objects.filter(left_id__in=chunk).values_list("left_id", "right_id"))
    for (left_id, right_id), row in sorted(wanted.items()):
        if (left_id, right_id) in known:
            existing += 1
            continue
        probability = float(row.match_probability)
        twin_like = row.comparison["given_name"]["level"] == "disagree"
        state = LinkState.LINKED if probability >= config.UPPER_THRESHOLD and not twin_like else LinkState.WAITING
        link = IdentityLink(
            left_id=left_id,
            right_id=right_id,
            match_probability=probability,
            model_version=model_version,
            comparison=dict(row.comparison),
            current_state=state,
        )
        save_valid(link)
        save_valid(IdentityLinkDecision(link=link, state=state, system_job=job))
        if state == LinkState.LINKED:
            linked += 1
            touched.update((left_id, right_id))
        else:
            waiting += 1
    return LinkSummary(linked=linked, waiting=waiting, already_decided=existing), touched


def _record_find(police_import: PoliceImport, summary: LinkSummary, *, by: User | None, system_job: str) -> LinkSummary:
    details: dict[str, Any] = {
        "police_import_id": police_import.pk,
        "people_compared": summary.people_compared,
        "pairs_scored": summary.pairs_scored,
        "linked": summary.linked,
        "waiting": summary.waiting,
        "already_decided": summary.already_decided,
        "model_version": summary.model_version,
        "upper_threshold": config.UPPER_THRESHOLD,
        "lower_threshold": config.LOWER_THRESHOLD,
    }
    audit_record(
        action="intelligence.identity_link.find", by=by, system_job=system_job, obj=police_import, details=details
    )
    return summary


def identity_link_decide(
    *, link: IdentityLink, state: str, reason: str, by: User, request: HttpRequest | None = None
) -> IdentityLinkDecision:
    """A reviewer's decision: accepted (the same person), rejected (not), or back to waiting (undo). The
    decision is a new row; the link's current state follows it. Then the serial flags of the people
    causing harm in the pair's clusters, before and after, are reassessed."""
    before = cluster_members([link.left_id, link.right_id])
    decision = _decide(link=link, state=state, reason=reason, by=by, request=request)
    after = cluster_members([link.left_id, link.right_id])
    serial_assess(people_causing_harm=_causing_harm(before | after), by=by, system_job="")
    return decision


@transaction.atomic
def _decide(
    *, link: IdentityLink, state: str, reason: str, by: User, request: HttpRequest | None
) -> IdentityLinkDecision:
    locked = IdentityLink.objects.select_for_update().get(pk=link.pk)
    if state not in TRANSITIONS.get(locked.current_state, frozenset()):
        raise ValidationError({"state": "This pair is already in that state: choose another decision"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for your decision"})
    decision = IdentityLinkDecision(link=locked, state=state, reason=reason, created_by=by)
    save_valid(decision)
    previous = locked.current_state
    locked.current_state = state
    save_valid(locked, update_fields=["current_state", "updated_at"])
    link.current_state = state
    audit_record(
        action=DECISION_ACTIONS[LinkState(state)],
        by=by,
        obj=locked,
        request=request,
        details={"decision_id": decision.pk, "from": previous, "to": state},
    )
    return decision


def identity_link_view_record(*, link: IdentityLink, by: User, request: HttpRequest | None = None) -> None:
    """The one audit entry for a reviewer opening a pair (it shows two people's names)."""
    audit_record(
        action="intelligence.identity_link.view",
        by=by,
        obj=link,
        request=request,
        details={"left_id": link.left_id, "right_id": link.right_id, "state": link.current_state},
    )
