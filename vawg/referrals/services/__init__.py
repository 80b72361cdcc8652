"""Every write to a referral: intake (intake.py: the one way a referral comes in), routing, the state
machine, acceptance and first contact (referrals.py), consent recorded or set aside after intake
(consent.py), possible duplicates and tasks (triage.py),
routing rules with their history (routing.py), and the public forms' rate limit (rate_limits.py).

Every public service is importable from here (``vawg.referrals.services``).
"""

from vawg.referrals.services.consent import (
    OVERRIDDEN_NOTE,
    RECORDED_NOTE,
    referral_consent_override,
    referral_consent_record,
)
from vawg.referrals.services.intake import (
    CREATE_PERMISSION,
    MAX_DUPLICATE_CANDIDATES,
    SELF_REFERRAL_JOB,
    ReferralInput,
    SafeContactInput,
    referral_submit,
    referrer_organisation_for,
    self_referral_source,
    stored_idempotency_key,
)
from vawg.referrals.services.parties import referral_parties_to_case
from vawg.referrals.services.rate_limits import (
    RATE_LIMITS,
    rate_client_key,
    self_referral_allowance_take,
)
from vawg.referrals.services.referrals import (
    ADULT_SAFEGUARDING_TYPES,
    CONSENT_NEEDED_MESSAGE,
    REGULATED_ORGANISATION_TYPES,
    REGULATED_ROLES,
    SERVICE_PROVIDER_TYPES,
    TRANSITION_ACTIONS,
    next_reference,
    provider_for,
    referral_accept,
    referral_consent_await,
    referral_facts,
    referral_first_contact,
    referral_record_new,
    referral_route,
    referral_transition,
    referral_view_record,
    rule_specs,
)
from vawg.referrals.services.routing import (
    RULE_SNAPSHOT_FIELDS,
    routing_rule_save,
    routing_rules_install_defaults,
    rule_snapshot,
)
from vawg.referrals.services.triage import (
    possible_duplicate_resolve,
    referral_task_complete,
)

__all__ = [
    "ADULT_SAFEGUARDING_TYPES",
    "CONSENT_NEEDED_MESSAGE",
    "CREATE_PERMISSION",
    "MAX_DUPLICATE_CANDIDATES",
    "OVERRIDDEN_NOTE",
    "RATE_LIMITS",
    "RECORDED_NOTE",
    "REGULATED_ORGANISATION_TYPES",
    "REGULATED_ROLES",
    "RULE_SNAPSHOT_FIELDS",
    "SELF_REFERRAL_JOB",
    "SERVICE_PROVIDER_TYPES",
    "TRANSITION_ACTIONS",
    "ReferralInput",
    "SafeContactInput",
    "next_reference",
    "possible_duplicate_resolve",
    "provider_for",
    "rate_client_key",
    "referral_accept",
    "referral_consent_await",
    "referral_consent_override",
    "referral_consent_record",
    "referral_facts",
    "referral_first_contact",
    "referral_parties_to_case",
    "referral_record_new",
    "referral_route",
    "referral_submit",
    "referral_task_complete",
    "referral_transition",
    "referral_view_record",
    "referrer_organisation_for",
    "routing_rule_save",
    "routing_rules_install_defaults",
    "rule_snapshot",
    "rule_specs",
    "self_referral_allowance_take",
    "self_referral_source",
    "stored_idempotency_key",
]
