"""Every write to people: records, aliases, relationships, safe contact (people.py) and outbound
messages, which go out only on a channel that is safe at send time (messaging.py).

Every public service is importable from here (``vawg.people.services``).
"""

from vawg.people.services.messaging import (
    MessagingError,
    RecordOnlySender,
    Sender,
    message_queue,
    message_send,
    messages_cancel_on_unsafe_channel,
    sender_for,
)
from vawg.people.services.people import (
    PersonDraft,
    people_create_bulk,
    person_alias_add,
    person_create,
    person_details_fill,
    person_equality_record,
    person_relationship_add,
    safe_contact_set,
)

__all__ = [
    "MessagingError",
    "PersonDraft",
    "RecordOnlySender",
    "Sender",
    "message_queue",
    "message_send",
    "messages_cancel_on_unsafe_channel",
    "people_create_bulk",
    "person_alias_add",
    "person_create",
    "person_details_fill",
    "person_equality_record",
    "person_relationship_add",
    "safe_contact_set",
    "sender_for",
]
