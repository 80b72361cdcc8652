"""Referrals: one route into services for every agency, for survivors and for people worried about their
own behaviour, with routing rules an administrator edits, states as immutable rows and first-contact
targets. Writes go through vawg/referrals/services/.

Every model, QuerySet and choices class is importable from here (``vawg.referrals.models``).
"""

from vawg.referrals.models.choices import (
    AWAITING_CONTACT_STATES,
    CONSENT_AWAITED_STATES,
    CONSENT_RECORDED,
    DOMESTIC_ABUSE_FORMS,
    OVERRIDE_CONSENT,
    OVERRIDE_REASON_MIN_LENGTH,
    REASON_REQUIRED,
    STATE_TRANSITIONS,
    TRIAGE,
    VICTIM_SERVICES,
    VIEW_REFERRALS,
    Consent,
    DuplicateResolution,
    FormOfAbuse,
    Need,
    ReferralSource,
    ReferralState,
    RiskGrade,
    RiskTool,
    ServiceKind,
    SubjectRole,
    TaskKind,
    Urgency,
    dash_grade_error,
    dash_max_score,
    dash_score_error,
)
from vawg.referrals.models.parties import ReferralParty
from vawg.referrals.models.rate_limits import SelfReferralRateCount
from vawg.referrals.models.referrals import (
    Referral,
    ReferralConsentRecord,
    ReferralQuerySet,
    ReferralReferenceCounter,
    ReferralRoute,
    ReferralStatus,
)
from vawg.referrals.models.routing import (
    RoutingRule,
    RoutingRuleQuerySet,
    RoutingRuleVersion,
)
from vawg.referrals.models.triage import (
    PossibleDuplicate,
    PossibleDuplicateQuerySet,
    ReferralTask,
    ReferralTaskQuerySet,
)

__all__ = [
    "AWAITING_CONTACT_STATES",
    "CONSENT_AWAITED_STATES",
    "CONSENT_RECORDED",
    "DOMESTIC_ABUSE_FORMS",
    "OVERRIDE_CONSENT",
    "OVERRIDE_REASON_MIN_LENGTH",
    "REASON_REQUIRED",
    "STATE_TRANSITIONS",
    "TRIAGE",
    "VICTIM_SERVICES",
    "VIEW_REFERRALS",
    "Consent",
    "DuplicateResolution",
    "FormOfAbuse",
    "Need",
    "PossibleDuplicate",
    "PossibleDuplicateQuerySet",
    "Referral",
    "ReferralConsentRecord",
    "ReferralParty",
    "ReferralQuerySet",
    "ReferralReferenceCounter",
    "ReferralRoute",
    "ReferralSource",
    "ReferralState",
    "ReferralStatus",
    "ReferralTask",
    "ReferralTaskQuerySet",
    "RiskGrade",
    "RiskTool",
    "RoutingRule",
    "RoutingRuleQuerySet",
    "RoutingRuleVersion",
    "SelfReferralRateCount",
    "ServiceKind",
    "SubjectRole",
    "TaskKind",
    "Urgency",
    "dash_grade_error",
    "dash_max_score",
    "dash_score_error",
]
