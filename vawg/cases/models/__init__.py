"""Victim/survivor cases and the one gate that decides who may see them (``Case.objects.visible_to``).

``cases.py``: the case, its status and restriction history, and who works on it, may see it or must never
see it (the gate); ``chronology.py``: its chronology; ``parties.py``: the people around it. Every model,
QuerySet, choices class and constant is re-exported here: import them from ``vawg.cases.models``.
"""

from vawg.cases.models.cases import (
    BREAK_GLASS,
    MANAGE_CASE,
    OPEN_STATUSES,
    REVEAL_CONTACT,
    STATUS_TRANSITIONS,
    VIEW_CASES,
    BreakGlassAccess,
    Case,
    CaseAccessGrant,
    CaseAccessGrantQuerySet,
    CaseAgency,
    CaseAlert,
    CaseAlertKind,
    CaseDenyEntry,
    CaseDenyEntryQuerySet,
    CaseLink,
    CaseLinkQuerySet,
    CaseQuerySet,
    CaseReferenceCounter,
    CaseRestrictionChange,
    CaseStatus,
    CaseStatusValue,
    CaseTeamMember,
    LawfulBasis,
    RiskLevel,
)
from vawg.cases.models.chronology import (
    ChronologyEntry,
    ChronologyEntryQuerySet,
    ChronologyKind,
)
from vawg.cases.models.parties import (
    CaseParty,
    PartyRelationship,
    PartyRole,
)

__all__ = [
    "BREAK_GLASS",
    "MANAGE_CASE",
    "OPEN_STATUSES",
    "REVEAL_CONTACT",
    "STATUS_TRANSITIONS",
    "VIEW_CASES",
    "BreakGlassAccess",
    "Case",
    "CaseAccessGrant",
    "CaseAccessGrantQuerySet",
    "CaseAgency",
    "CaseAlert",
    "CaseAlertKind",
    "CaseDenyEntry",
    "CaseDenyEntryQuerySet",
    "CaseLink",
    "CaseLinkQuerySet",
    "CaseParty",
    "CaseQuerySet",
    "CaseReferenceCounter",
    "CaseRestrictionChange",
    "CaseStatus",
    "CaseStatusValue",
    "CaseTeamMember",
    "ChronologyEntry",
    "ChronologyEntryQuerySet",
    "ChronologyKind",
    "LawfulBasis",
    "PartyRelationship",
    "PartyRole",
    "RiskLevel",
]
