"""MARAC models, one module per part (a package: the single module grew past 500 lines).

Everything is re-exported here, so ``from vawg.marac.models import AgendaItem`` keeps working. Nothing
here is a copy of the case: a MARAC referral points at a case, and what agencies see of it comes
through the gates (``visible_to``), never through the case's own gate. Sharing a case with a meeting
is a separate, audited share with its own lawful basis (see docs/marac.md).

Location-critical values (addresses, safe contact details, refuge addresses) are never stored here:
free text is encrypted at rest, and every MARAC output passes through vawg.people.rules.redact.
"""

from vawg.marac.models.actions import (
    ACTION_TRANSITIONS,
    OUTSTANDING_ACTION_STATES,
    ActionState,
    MaracAction,
    MaracActionQuerySet,
    MaracActionStatus,
    RiskAddressed,
)
from vawg.marac.models.after import (
    InformedOutcome,
    MaracTransfer,
    MaracTransferQuerySet,
    TransferDirection,
    TransferState,
    VictimInformed,
)
from vawg.marac.models.base import (
    COORDINATE,
    RECORD_VICTIM_VOICE,
    TAKE_PART,
    VIEW_RETURN,
    active_user,
    not_denied,
    organisations_with,
)
from vawg.marac.models.config import (
    AdultFemalePopulation,
    Cadence,
    MaracArea,
    MaracAreaQuerySet,
)
from vawg.marac.models.items import (
    AgendaItem,
    AgendaItemQuerySet,
    ResearchFlag,
    ResearchTask,
    ResearchTaskQuerySet,
    VictimVoice,
)
from vawg.marac.models.meetings import (
    MEETING_TRANSITIONS,
    PUBLISHED_STATES,
    MaracMeeting,
    MaracMeetingQuerySet,
    MaracMeetingStatus,
    MeetingAgency,
    MeetingAttendee,
    MeetingState,
)
from vawg.marac.models.referrals import (
    MARAC_REFERRAL_TRANSITIONS,
    OPEN_REFERRAL_STATES,
    Criterion,
    MaracReferral,
    MaracReferralQuerySet,
    MaracReferralReferenceCounter,
    MaracReferralSource,
    MaracReferralState,
    MaracReferralStatus,
)

__all__ = [
    "ACTION_TRANSITIONS",
    "COORDINATE",
    "MARAC_REFERRAL_TRANSITIONS",
    "MEETING_TRANSITIONS",
    "OPEN_REFERRAL_STATES",
    "OUTSTANDING_ACTION_STATES",
    "PUBLISHED_STATES",
    "RECORD_VICTIM_VOICE",
    "TAKE_PART",
    "VIEW_RETURN",
    "ActionState",
    "AdultFemalePopulation",
    "AgendaItem",
    "AgendaItemQuerySet",
    "Cadence",
    "Criterion",
    "InformedOutcome",
    "MaracAction",
    "MaracActionQuerySet",
    "MaracActionStatus",
    "MaracArea",
    "MaracAreaQuerySet",
    "MaracMeeting",
    "MaracMeetingQuerySet",
    "MaracMeetingStatus",
    "MaracReferral",
    "MaracReferralQuerySet",
    "MaracReferralReferenceCounter",
    "MaracReferralSource",
    "MaracReferralState",
    "MaracReferralStatus",
    "MaracTransfer",
    "MaracTransferQuerySet",
    "MeetingAgency",
    "MeetingAttendee",
    "MeetingState",
    "ResearchFlag",
    "ResearchTask",
    "ResearchTaskQuerySet",
    "RiskAddressed",
    "TransferDirection",
    "TransferState",
    "VictimInformed",
    "VictimVoice",
    "active_user",
    "not_denied",
    "organisations_with",
]
