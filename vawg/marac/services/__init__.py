"""MARAC writes, one module per area (house style: keyword-only typed ``<entity>_<verb>()`` functions,
``transaction.atomic``, ``save_valid`` (``full_clean()`` first) and an explicit audit entry). Every public
function is re-exported here: ``from vawg.marac import services``."""

from vawg.marac.services.actions import (
    action_change_check,
    marac_action_create,
    marac_action_update,
)
from vawg.marac.services.agenda import (
    agenda_item_list,
    agenda_item_remove,
    agenda_publish,
    marac_referral_withdraw,
    share_item_with,
)
from vawg.marac.services.chair import (
    agenda_item_hear,
    agenda_item_record,
    agenda_item_start,
    chair_view_record,
    meeting_close,
)
from vawg.marac.services.core import (
    marac_referral_create,
    marac_referral_set_state,
    meeting_set_state,
    next_reference,
    require_coordinator,
)
from vawg.marac.services.informed import (
    victim_informed_record,
)
from vawg.marac.services.intake import (
    marac_referral_refer,
    queue_from_dash,
    queue_from_incident,
    queue_from_referral,
)
from vawg.marac.services.meetings import (
    local_start,
    meeting_attendance_record,
    meeting_attendee_register,
    meeting_cancel,
    meeting_invite_agencies,
    meeting_schedule,
    meeting_series_schedule,
)
from vawg.marac.services.minutes import (
    minutes_publish,
    minutes_read_record,
)
from vawg.marac.services.research import (
    case_location_values,
    research_task_save,
    research_task_submit,
    research_task_view_record,
    victim_voice_save,
)
from vawg.marac.services.returns import (
    marac_config_save,
    population_install_defaults,
    return_download_record,
)
from vawg.marac.services.transfers import (
    build_summary,
    transfer_in_accept,
    transfer_in_decline,
    transfer_in_record,
    transfer_out,
    transfer_summary_read_record,
)

__all__ = [
    "action_change_check",
    "agenda_item_hear",
    "agenda_item_list",
    "agenda_item_record",
    "agenda_item_remove",
    "agenda_item_start",
    "agenda_publish",
    "build_summary",
    "case_location_values",
    "chair_view_record",
    "local_start",
    "marac_action_create",
    "marac_action_update",
    "marac_config_save",
    "marac_referral_create",
    "marac_referral_refer",
    "marac_referral_set_state",
    "marac_referral_withdraw",
    "meeting_attendance_record",
    "meeting_attendee_register",
    "meeting_cancel",
    "meeting_close",
    "meeting_invite_agencies",
    "meeting_schedule",
    "meeting_series_schedule",
    "meeting_set_state",
    "minutes_publish",
    "minutes_read_record",
    "next_reference",
    "population_install_defaults",
    "queue_from_dash",
    "queue_from_incident",
    "queue_from_referral",
    "require_coordinator",
    "research_task_save",
    "research_task_submit",
    "research_task_view_record",
    "return_download_record",
    "share_item_with",
    "transfer_in_accept",
    "transfer_in_decline",
    "transfer_in_record",
    "transfer_out",
    "transfer_summary_read_record",
    "victim_informed_record",
    "victim_voice_save",
]
