"""Services of the programmes app, one module per part (programmes and referrals, partner support, Drive)."""

from vawg.programmes.services.drive import (
    intervention_add,
    intervention_transition,
    programme_referral_case_manager_assign,
)
from vawg.programmes.services.partner import (
    partner_safety_report_record,
    partner_support_end,
    partner_support_start,
    partner_workers_alert,
    partner_workers_alert_attendance,
)
from vawg.programmes.services.programmes import programme_create, programme_update
from vawg.programmes.services.referrals import (
    attendance_complete,
    programme_referral_assess,
    programme_referral_create,
    programme_referral_transition,
)
from vawg.programmes.services.self_referral import programme_for_self_referral, self_referral_accepted
from vawg.programmes.services.sessions import (
    attendance_record,
    outcome_measures_record,
    programme_session_create,
    session_participants,
)

__all__ = [
    "attendance_complete",
    "attendance_record",
    "intervention_add",
    "intervention_transition",
    "outcome_measures_record",
    "partner_safety_report_record",
    "partner_support_end",
    "partner_support_start",
    "partner_workers_alert",
    "partner_workers_alert_attendance",
    "programme_create",
    "programme_for_self_referral",
    "programme_referral_assess",
    "programme_referral_case_manager_assign",
    "programme_referral_create",
    "programme_referral_transition",
    "programme_session_create",
    "programme_update",
    "self_referral_accepted",
    "session_participants",
]
