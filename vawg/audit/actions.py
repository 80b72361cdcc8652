"""How audit actions are named, and the names used before the naming rule.

Every action is ``<app>.<entity>.<verb>``: the app that writes it, the thing it is about (singular,
snake_case) and what happened to it, a verb in the present tense (``cases.case.view``,
``referrals.referral.accept``, ``marac.meeting.cancel``). Reads of sensitive records use the verb
``view``. ``audit_record`` refuses any other form, and tests/test_naming.py checks every name in the code.

Entries written before the rule keep the names they were written with: the log is hash-chained and
append-only, so stored entries are never rewritten (``audit_verify`` still passes). ``LEGACY_ACTIONS``
maps each old name to its current one, so the audit log shows and filters both as one.
"""

from __future__ import annotations

import re

ACTION_FORMAT = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

# Old name -> current name. Only ever add to this table; never use an old name in new code.
LEGACY_ACTIONS: dict[str, str] = {
    "accounts.district_create": "accounts.district.create",
    "accounts.district_update": "accounts.district.update",
    "accounts.lockout_clear": "accounts.lockout.clear",
    "accounts.membership_add": "accounts.membership.add",
    "accounts.membership_end": "accounts.membership.end",
    "accounts.mfa_enrol": "accounts.mfa.enrol",
    "accounts.mfa_reset": "accounts.mfa.reset",
    "accounts.organisation_create": "accounts.organisation.create",
    "accounts.organisation_update": "accounts.organisation.update",
    "accounts.session_ended": "accounts.session.end",
    "accounts.session_expired": "accounts.session.expire",
    "accounts.sessions_end_all": "accounts.session.end_all",
    "accounts.setup_link_create": "accounts.setup_link.create",
    "accounts.setup_link_refused": "accounts.setup_link.refuse",
    "accounts.setup_link_use": "accounts.setup_link.use",
    "accounts.sign_in": "accounts.user.sign_in",
    "accounts.sign_in_failed": "accounts.user.sign_in_fail",
    "accounts.sign_out": "accounts.user.sign_out",
    "accounts.user_create": "accounts.user.create",
    "accounts.user_disable": "accounts.user.disable",
    "accounts.user_enable": "accounts.user.enable",
    "accounts.user_update": "accounts.user.update",
    "api.call": "api.call.serve",
    "api.token_create": "api.token.create",
    "api.token_revoke": "api.token.revoke",
    "cases.deny.add": "cases.deny_entry.add",
    "cases.deny.remove": "cases.deny_entry.remove",
    "cases.search": "cases.case.search",
    "cases.team.add": "cases.team_member.add",
    "cases.team.remove": "cases.team_member.remove",
    "core.keys.rotate": "audit.field_key.rotate",
    "marac.agenda_item_list": "marac.agenda_item.list",
    "marac.agenda_item_remove": "marac.agenda_item.remove",
    "marac.agenda_publish": "marac.agenda.publish",
    "marac.attendance_record": "marac.attendance.record",
    "marac.attendee_register": "marac.attendee.register",
    "marac.case_share": "marac.case.share",
    "marac.item.hear": "marac.agenda_item.hear",
    "marac.item.record": "marac.agenda_item.record",
    "marac.item.start": "marac.agenda_item.start",
    "marac.meeting_cancel": "marac.meeting.cancel",
    "marac.meeting_invite": "marac.meeting.invite",
    "marac.meeting_schedule": "marac.meeting.schedule",
    "marac.minutes_publish": "marac.minutes.publish",
    "marac.referral_create": "marac.referral.create",
    "marac.referral_skipped_no_area": "marac.referral.skip_no_area",
    "marac.referral_skipped_open": "marac.referral.skip_open",
    "marac.referral_withdraw": "marac.referral.withdraw",
    "marac.repeat_incident_noted": "marac.repeat_incident.note",
    "marac.transfer_in_accept": "marac.transfer.accept",
    "marac.transfer_in_decline": "marac.transfer.decline",
    "marac.transfer_in_record": "marac.transfer.record_in",
    "marac.transfer_out": "marac.transfer.record_out",
    "marac.victim_informed_record": "marac.victim_informed.record",
    "nonprod.seed_demo": "nonprod.demo.seed",
    "people.person.reveal": "cases.victim_contact.reveal",
    "referrals.possible_duplicate_resolve": "referrals.possible_duplicate.resolve",
    "referrals.possible_duplicates_flagged": "referrals.possible_duplicate.flag",
    "referrals.referral_accepted": "referrals.referral.accept",
    "referrals.referral_closed": "referrals.referral.close",
    "referrals.referral_declined": "referrals.referral.decline",
    "referrals.referral_first_contact": "referrals.first_contact.record",
    "referrals.referral_routed": "referrals.referral.route",
    "referrals.referral_sent": "referrals.referral.send",
    "referrals.referral_submitted": "referrals.referral.submit",
    "referrals.referral_triaged": "referrals.referral.triage",
    "referrals.referral_withdrawn": "referrals.referral.withdraw",
    "referrals.routing_rule_save": "referrals.routing_rule.save",
    "referrals.task_complete": "referrals.task.complete",
    "risk.dash_assessment_submit": "risk.dash_assessment.submit",
    "risk.honour_screen_record": "risk.honour_screen.record",
    "risk.incident_record": "risk.incident.record",
    "risk.police_grade_record": "risk.police_grade.record",
    "risk.stalking_screen_record": "risk.stalking_screen.record",
}


def is_well_formed(action: str) -> bool:
    """Whether ``action`` reads ``<app>.<entity>.<verb>`` (lower case, snake_case parts)."""
    return bool(ACTION_FORMAT.match(action))


def current_action(action: str) -> str:
    """The current name for a stored action (itself when it is not a legacy name)."""
    return LEGACY_ACTIONS.get(action, action)


def action_spellings(action: str) -> list[str]:
    """Every name an action has been stored under: the current one first, then its legacy names."""
    current = current_action(action)
    return [current, *sorted(old for old, new in LEGACY_ACTIONS.items() if new == current)]
