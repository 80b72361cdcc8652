"""Every write to a case, and the record of every read: cases.py (status, restriction, chronology),
access.py (team, agencies, grants, deny-list, break-glass, alerts), parties.py (the people around a
case), reads.py (recorded reads).

Every public service and its limits are importable from here (``vawg.cases.services``).
"""

from vawg.cases.services.access import (
    BREAK_GLASS_DURATION,
    BREAK_GLASS_REASON_MESSAGE,
    BREAK_GLASS_REASON_MIN_LENGTH,
    GRANT_LONGEST,
    case_agency_add,
    case_agency_remove,
    case_alert_mark_read,
    case_break_glass,
    case_break_glass_attempt,
    case_break_glass_incomplete,
    case_deny_add,
    case_deny_remove,
    case_grant_access,
    case_revoke_grant,
    case_team_add,
    case_team_remove,
)
from vawg.cases.services.cases import (
    NOTE_MAX_LENGTH,
    case_chronology_add,
    case_close,
    case_note_add,
    case_open,
    case_reopen,
    case_restrict,
    case_unrestrict,
)
from vawg.cases.services.parties import (
    case_party_add,
    case_party_change,
    case_party_end,
    case_party_search_record,
)
from vawg.cases.services.reads import (
    case_contact_reveal,
    case_list_export_record,
    case_search_record,
    case_view_record,
)

__all__ = [
    "BREAK_GLASS_DURATION",
    "BREAK_GLASS_REASON_MESSAGE",
    "BREAK_GLASS_REASON_MIN_LENGTH",
    "GRANT_LONGEST",
    "NOTE_MAX_LENGTH",
    "case_agency_add",
    "case_agency_remove",
    "case_alert_mark_read",
    "case_break_glass",
    "case_break_glass_attempt",
    "case_break_glass_incomplete",
    "case_chronology_add",
    "case_close",
    "case_contact_reveal",
    "case_deny_add",
    "case_deny_remove",
    "case_grant_access",
    "case_list_export_record",
    "case_note_add",
    "case_open",
    "case_party_add",
    "case_party_change",
    "case_party_end",
    "case_party_search_record",
    "case_reopen",
    "case_restrict",
    "case_revoke_grant",
    "case_search_record",
    "case_team_add",
    "case_team_remove",
    "case_unrestrict",
    "case_view_record",
]
