"""MATAC writes (docs/matac.md): keyword-only typed ``<entity>_<verb>()`` functions in transactions, each row
through ``save_valid`` and one explicit audit entry per change. Every public function is re-exported here."""

from vawg.intelligence.services.matac.links import matac_links_end, matac_links_ensure
from vawg.intelligence.services.matac.meetings import (
    matac_meeting_create,
    matac_meeting_transition,
    matac_minutes_publish,
    matac_minutes_read_record,
)
from vawg.intelligence.services.matac.nominations import (
    ALREADY_NOMINATED,
    ALREADY_SUBJECT,
    matac_nomination_accept,
    matac_nomination_create,
    matac_nomination_decline,
    subject_agencies,
)
from vawg.intelligence.services.matac.subjects import (
    PROFILE_SECTIONS,
    matac_profile_update,
    matac_review_record,
    matac_subject_exit,
)
from vawg.intelligence.services.matac.tactics import matac_tactic_create, matac_tactic_update, may_update

__all__ = [
    "ALREADY_NOMINATED",
    "ALREADY_SUBJECT",
    "PROFILE_SECTIONS",
    "matac_links_end",
    "matac_links_ensure",
    "matac_meeting_create",
    "matac_meeting_transition",
    "matac_minutes_publish",
    "matac_minutes_read_record",
    "matac_nomination_accept",
    "matac_nomination_create",
    "matac_nomination_decline",
    "matac_profile_update",
    "matac_review_record",
    "matac_subject_exit",
    "matac_tactic_create",
    "matac_tactic_update",
    "may_update",
    "subject_agencies",
]
