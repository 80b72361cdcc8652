"""The fixed lists a person record uses (docs/domain/domestic-abuse-definition.md#personally-connected;
docs/domain/equality-data.md).

Equality data is kept for monitoring only and is never required: an empty value
means "not recorded", which is different from "prefer not to say".
"""

from __future__ import annotations

from django.db import models


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non-binary", "Non-binary"
    OTHER = "other", "In another way"
    NOT_KNOWN = "not-known", "Not known"


class Ethnicity(models.TextChoices):
    """ONS Census 2021 high-level ethnic groups (England), plus "prefer not to say"."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT_TO_SAY = "prefer-not-to-say", "Prefer not to say"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer-not-to-say", "Prefer not to say"
    NOT_KNOWN = "not-known", "Not known"


class SexualOrientation(models.TextChoices):
    """ONS Census 2021 categories."""

    STRAIGHT = "straight", "Straight or heterosexual"
    GAY_OR_LESBIAN = "gay-or-lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT_TO_SAY = "prefer-not-to-say", "Prefer not to say"


class TransStatus(models.TextChoices):
    """ONS Census 2021: is the gender the person identifies with the same as their sex registered at birth?"""

    SAME = "same", "Same as sex registered at birth"
    DIFFERENT = "different", "Different from sex registered at birth (trans)"
    PREFER_NOT_TO_SAY = "prefer-not-to-say", "Prefer not to say"


class AliasKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    PREVIOUS = "previous", "Previous name"
    KNOWN_AS = "known-as", "Known as"


class RelationshipKind(models.TextChoices):
    """How ``person`` relates to ``other``: "personally connected" in the Domestic Abuse Act 2021 s.2
    (docs/domain/domestic-abuse-definition.md#personally-connected)."""

    INTIMATE_PARTNER = "intimate-partner", "Intimate partner"
    EX_PARTNER = "ex-partner", "Ex-partner"
    SPOUSE_OR_CIVIL_PARTNER = "spouse-or-civil-partner", "Married or civil partner"
    FORMER_SPOUSE_OR_CIVIL_PARTNER = "former-spouse-or-civil-partner", "Formerly married or civil partner"
    AGREED_TO_MARRY = "agreed-to-marry", "Agreed to marry"
    SHARED_CHILD = "shared-child", "Parent of a shared child"
    RELATIVE = "relative", "Family member or relative"
    CHILD_IN_HOUSEHOLD = "child-in-household", "Child in the household"
    OTHER = "other", "Other"


# The kinds that make two people aged 16 or over "personally connected" (DA Act 2021 s.2).
PERSONALLY_CONNECTED = frozenset(
    {
        RelationshipKind.INTIMATE_PARTNER,
        RelationshipKind.EX_PARTNER,
        RelationshipKind.SPOUSE_OR_CIVIL_PARTNER,
        RelationshipKind.FORMER_SPOUSE_OR_CIVIL_PARTNER,
        RelationshipKind.AGREED_TO_MARRY,
        RelationshipKind.SHARED_CHILD,
        RelationshipKind.RELATIVE,
    }
)


class Channel(models.TextChoices):
    """Ways of contacting a person (docs/security.md#da-5)."""

    PHONE_CALL = "phone-call", "Phone call"
    VOICEMAIL = "voicemail", "Voicemail"
    SMS = "sms", "Text message (SMS)"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VISIT = "visit", "Visit"


# Channels the outbound message layer sends on (phone calls and visits are made by people, not sent).
MESSAGE_CHANNELS = frozenset({Channel.VOICEMAIL, Channel.SMS, Channel.EMAIL, Channel.LETTER})


class SafeStatus(models.TextChoices):
    SAFE = "safe", "Safe"
    UNSAFE = "unsafe", "Not safe"
    NOT_KNOWN = "not-known", "Not known"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    REFUSED = "refused", "Refused"
    CANCELLED = "cancelled", "Cancelled"


class RefusalReason(models.TextChoices):
    """Why a message was refused or cancelled: codes only, safe to audit."""

    NOT_KNOWN = "not-known", "Safe contact on this channel is not known"
    UNSAFE = "unsafe", "This channel is not safe"
    OUTSIDE_WINDOW = "outside-window", "Outside the safe time window"
    REVIEW_OVERDUE = "review-overdue", "The safe contact preference is past its review date"
    NO_CONTACT_DETAIL = "no-contact-detail", "No contact detail for this channel"
