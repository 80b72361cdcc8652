"""Writes for agencies, users, memberships, authenticators, set-up links and staff sessions.

Every function here is keyword-only, runs in one transaction, validates with
``save_valid`` (``full_clean()`` first) and writes exactly one audit entry describing what it did.
Writes that an administrator or a command may make take either the acting user
(``created_by=``, ``updated_by=``...) or ``system_job="name"``: exactly one.
Audit details hold ids, codes and counts only: never passwords, codes, tokens,
typed email addresses of unknown accounts, or a confidential address.

Import from here (``from vawg.accounts.services import user_create``); the
submodules only keep each topic short.
"""

from __future__ import annotations

from vawg.accounts.services.directory import (
    OWN_MEMBERSHIP_REFUSAL,
    district_create,
    district_update,
    membership_add,
    membership_end,
    organisation_create,
    organisation_update,
    user_create,
    user_disable,
    user_enable,
    user_update,
)
from vawg.accounts.services.sessions import (
    LAST_SEEN_WRITE_INTERVAL,
    RECOVERY_CODE_COUNT,
    account_failures,
    code_confirm_record,
    lockout_clear,
    mfa_enrolment_confirm,
    sessions_end_all_for_user,
    sign_in_address_allowed,
    sign_in_failure_record,
    staff_session_end,
    staff_session_start,
    staff_session_touch,
)
from vawg.accounts.services.setup_links import (
    SETUP_TOKEN_BYTES,
    AdminBootstrap,
    admin_bootstrap,
    setup_link_create,
    setup_link_failure_record,
    setup_link_use,
)

__all__ = [
    "LAST_SEEN_WRITE_INTERVAL",
    "OWN_MEMBERSHIP_REFUSAL",
    "RECOVERY_CODE_COUNT",
    "SETUP_TOKEN_BYTES",
    "AdminBootstrap",
    "account_failures",
    "admin_bootstrap",
    "code_confirm_record",
    "district_create",
    "district_update",
    "lockout_clear",
    "membership_add",
    "membership_end",
    "mfa_enrolment_confirm",
    "organisation_create",
    "organisation_update",
    "sessions_end_all_for_user",
    "setup_link_create",
    "setup_link_failure_record",
    "setup_link_use",
    "sign_in_address_allowed",
    "sign_in_failure_record",
    "staff_session_end",
    "staff_session_start",
    "staff_session_touch",
    "user_create",
    "user_disable",
    "user_enable",
    "user_update",
]
