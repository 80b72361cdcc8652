"""People (victims/survivors, persons causing harm, children), their safe contact, and outbound messages.

Location-critical values (address, postcode, phone, email, code words, safe contact details, message
bodies) are EncryptedTextFields: ciphertext in the database, never filtered on, never written to the
audit log. Writes go through vawg/people/services/.

Every model, QuerySet and choices class is importable from here (``vawg.people.models``).
"""

from vawg.people.models.choices import (
    MESSAGE_CHANNELS,
    PERSONALLY_CONNECTED,
    AliasKind,
    Channel,
    Disability,
    Ethnicity,
    Gender,
    MessageStatus,
    RefusalReason,
    RelationshipKind,
    SafeStatus,
    SexualOrientation,
    TransStatus,
)
from vawg.people.models.contact import (
    OutboundMessage,
    OutboundMessageQuerySet,
    Preference,
    SafeContactPreference,
    SafeContactPreferenceQuerySet,
    in_window,
)
from vawg.people.models.people import ONE_AUTHOR, Person, PersonAlias, PersonQuerySet, PersonRelationship

__all__ = [
    "MESSAGE_CHANNELS",
    "ONE_AUTHOR",
    "PERSONALLY_CONNECTED",
    "AliasKind",
    "Channel",
    "Disability",
    "Ethnicity",
    "Gender",
    "MessageStatus",
    "OutboundMessage",
    "OutboundMessageQuerySet",
    "Person",
    "PersonAlias",
    "PersonQuerySet",
    "PersonRelationship",
    "Preference",
    "RefusalReason",
    "RelationshipKind",
    "SafeContactPreference",
    "SafeContactPreferenceQuerySet",
    "SafeStatus",
    "SexualOrientation",
    "TransStatus",
    "in_window",
]
