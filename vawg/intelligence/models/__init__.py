"""People causing harm, police data, identity links, the RFG ranking and MATAC. Every model and QuerySet
is importable from here (``vawg.intelligence.models``)."""

from vawg.intelligence.models.harm import (
    HarmAccessGrant,
    HarmAgency,
    HarmAgencyReason,
    HarmDenyEntry,
    HarmTeamMember,
    PersonCausingHarm,
    PersonCausingHarmQuerySet,
)
from vawg.intelligence.models.linkage import IdentityLink, IdentityLinkDecision, LinkState
from vawg.intelligence.models.police import ForceReference, PoliceImport, PoliceIncident
from vawg.intelligence.models.rfg import HarmWeight, HarmWeightTable, RfgRun, RfgScore, WeightScheme

__all__ = [
    "ForceReference",
    "HarmAccessGrant",
    "HarmAgency",
    "HarmAgencyReason",
    "HarmDenyEntry",
    "HarmTeamMember",
    "HarmWeight",
    "HarmWeightTable",
    "IdentityLink",
    "IdentityLinkDecision",
    "LinkState",
    "PersonCausingHarm",
    "PersonCausingHarmQuerySet",
    "PoliceImport",
    "PoliceIncident",
    "RfgRun",
    "RfgScore",
    "WeightScheme",
]
