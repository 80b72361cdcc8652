"""Redaction of location-critical values from free text: every spelling of a stored value goes, not only
the stored one (a phone stored as +447700 900097 and typed as 07700-900097 is the same phone)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.people import rules
from vawg.people.rules import REMOVED, redact

R = REMOVED


@pytest.mark.parametrize(
    ("stored", "text", "expected"),
    [
        # Phones: any separators, and 0, +44, 0044, 44 or +44 (0) in front.
        ("+447700 900097", "Ring 07700 900097 now", f"Ring {R} now"),
        ("+447700 900097", "Ring 07700-900097 now", f"Ring {R} now"),
        ("+447700 900097", "Ring 07700.900.097 now", f"Ring {R} now"),
        ("+447700 900097", "Ring (07700) 900097 now", f"Ring {R} now"),
        ("+447700 900097", "Ring 07700900097 now", f"Ring {R} now"),
        ("07700 900097", "Ring +44 7700 900097 now", f"Ring {R} now"),
        ("07700 900097", "Ring 0044 7700 900 097 now", f"Ring {R} now"),
        ("07700 900097", "Ring +44 (0) 7700 900097 now", f"Ring {R} now"),
        ("07700 900097", "Ring +44(0)7700-900-097 now", f"Ring {R} now"),
        ("07700 900097", "Ring 447700900097 now", f"Ring {R} now"),
        ("0044 7700 900097", "Ring 07700\u00a0900097 now", f"Ring {R} now"),
        ("+44 (0) 7700 900097", "Ring 07700 900 097 now", f"Ring {R} now"),
        ("07700900097", "Ring 07700 \u2013 900097 now", f"Ring {R} now"),
        ("07700 900097", "Ring 07700 900098 now", "Ring 07700 900098 now"),  # another number
        # A phone inside a longer value (a safe contact's detail) is matched on its own too.
        ("Sister, 07700 900123", "via +44 7700 900 123", f"via {R}"),
        # Postcodes: any case, with or without (or with more) space between the two halves.
        ("CN7 9QZ", "Post to cn79qz please", f"Post to {R} please"),
        ("CN7 9QZ", "Post to CN7  9QZ please", f"Post to {R} please"),
        ("CN7 9QZ", "Post to cn7\n9qz please", f"Post to {R} please"),
        ("cn79qz", "Post to CN7 9QZ please", f"Post to {R} please"),
        ("CN7 9QZ", "Post to CN7 please", "Post to CN7 please"),  # the outward code alone stays
        # Emails: any case.
        ("canary.victim@example.invalid", "Mail Canary.Victim@EXAMPLE.invalid today", f"Mail {R} today"),
        # Address lines and code words: any case, any punctuation or spacing between the words.
        ("12 Acacia Avenue", "Visit 12 Acacia Avenue today", f"Visit {R} today"),
        ("12 Acacia Avenue", "Visit 12, acacia  avenue today", f"Visit {R} today"),
        ("12 Acacia Avenue", "Visit 12 ACACIA-AVENUE today", f"Visit {R} today"),
        ("12 Acacia Avenue", "Visit 12acacia avenue today", f"Visit {R} today"),
        ("12 Acacia Avenue", "Visit (12) Acacia\nAvenue. today", f"Visit ({R}. today"),
        ("12 Acacia Avenue", "An acacia tree on the avenue", "An acacia tree on the avenue"),
        ("Bluebell", "Code word: BLUE-BELL", f"Code word: {R}"),
    ],
)
def test_it_removes_every_spelling_of_a_stored_value(stored: str, text: str, expected: str) -> None:
    assert redact(text, [stored]) == expected


@pytest.mark.parametrize(
    ("values", "text", "expected"),
    [
        # Overlapping values: the union of what either matches goes, so no part of either is left.
        (["Acacia Avenue North", "12 Acacia Avenue"], "at 12 Acacia Avenue North", f"at {R}"),
        # Values too short once punctuation is dropped would blank ordinary words: ignored.
        (["a - b"], "a b c", "a b c"),
        (["", "   "], "nothing to remove", "nothing to remove"),
        # A value spelled like the marker does not eat the marker.
        (["12 Acacia Avenue", "location removed"], "12 Acacia Avenue", R),
        ([], "12 Acacia Avenue", "12 Acacia Avenue"),
        (["12 Acacia Avenue"], "", ""),
    ],
)
def test_it_handles_several_values_and_edge_cases(values: list[str], text: str, expected: str) -> None:
    assert redact(text, values) == expected


def test_it_compiles_the_patterns_once_for_the_same_values() -> None:
    rules._patterns.cache_clear()
    values = ["12 Acacia Avenue", "07700 900097"]
    for text in ("one", "two", "three"):
        redact(text, values)
    info = rules._patterns.cache_info()
    assert (info.misses, info.hits) == (1, 2)


# --- Property tests: generated spellings of canary values, in letter-only surrounding text ---------------

SURROUNDING = st.text(alphabet=string.ascii_letters + " ", max_size=15)
NSN = st.integers(min_value=0, max_value=999).map(lambda n: f"7700900{n:03d}")  # Ofcom's drama range
STORED_PHONE = st.sampled_from(["0{a} {b}", "+44{a} {b}", "+44 {a} {b}", "0044 {a} {b}", "+44 (0) {a} {b}", "0{a}{b}"])
PREFIX = st.sampled_from(["0", "0", "+44", "+44 ", "0044", "0044 ", "+44 (0)", "+44(0) ", "(0", "44", "+ 44 "])
DIGIT_SEPARATOR = st.sampled_from(["", "", "", " ", "-", ".", " - ", "  ", ") ", "\u00a0", "\t"])


def _any_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(ch.swapcase() if flip else ch for ch, flip in zip(text, flips, strict=True))


@st.composite
def phone_spellings(draw: st.DrawFn) -> tuple[str, str, str]:
    nsn = draw(NSN)
    stored = draw(STORED_PHONE).format(a=nsn[:4], b=nsn[4:])
    separators = draw(st.lists(DIGIT_SEPARATOR, min_size=len(nsn) - 1, max_size=len(nsn) - 1))
    spelled = draw(PREFIX) + nsn[0] + "".join(sep + digit for sep, digit in zip(separators, nsn[1:], strict=True))
    return nsn, stored, spelled


@given(phone_spellings(), SURROUNDING, SURROUNDING)
@settings(max_examples=300)
def test_it_leaves_no_spelling_of_a_phone(phone: tuple[str, str, str], before: str, after: str) -> None:
    nsn, stored, spelled = phone
    out = redact(before + spelled + after, [stored])
    assert nsn not in re.sub(r"\D", "", out)


@st.composite
def postcode_spellings(draw: st.DrawFn) -> tuple[str, str]:
    outward = draw(st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True))
    inward = draw(st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True))
    gap = draw(st.sampled_from(["", " ", "  ", "\t", "\n", " \n "]))
    return f"{outward} {inward}", _any_case(draw, outward + gap + inward)


@given(postcode_spellings(), SURROUNDING, SURROUNDING)
@settings(max_examples=300)
def test_it_leaves_no_spelling_of_a_postcode(postcode: tuple[str, str], before: str, after: str) -> None:
    stored, spelled = postcode
    out = redact(before + spelled + after, [stored])
    assert stored.replace(" ", "") not in re.sub(r"\s", "", out).upper()


@st.composite
def email_spellings(draw: st.DrawFn) -> tuple[str, str]:
    local = draw(st.from_regex(r"[a-z]{3,8}(\.[a-z]{2,6})?", fullmatch=True))
    stored = f"{local}@example.invalid"
    return stored, _any_case(draw, stored)


@given(email_spellings(), SURROUNDING, SURROUNDING)
@settings(max_examples=200)
def test_it_leaves_no_spelling_of_an_email(email: tuple[str, str], before: str, after: str) -> None:
    stored, spelled = email
    out = redact(before + " " + spelled + " " + after, [stored])
    assert stored.lower() not in out.lower()


ADDRESSES = ["12 Acacia Avenue", "17 Canarywharf Lane", "Flat 3, 44 Hiddenmeadow Row", "5 Heronsgate Close"]
WORD_SEPARATOR = st.sampled_from(["", " ", "  ", ", ", ",", "-", ".", ". ", "\n", " - ", "/", "'"])


@st.composite
def address_spellings(draw: st.DrawFn) -> tuple[str, str]:
    stored = draw(st.sampled_from(ADDRESSES))
    words = re.findall(r"[A-Za-z0-9]+", stored)
    separators = draw(st.lists(WORD_SEPARATOR, min_size=len(words) - 1, max_size=len(words) - 1))
    spelled = words[0] + "".join(sep + word for sep, word in zip(separators, words[1:], strict=True))
    return stored, _any_case(draw, spelled)


@given(address_spellings(), SURROUNDING, SURROUNDING)
@settings(max_examples=300)
def test_it_leaves_no_spelling_of_an_address(address: tuple[str, str], before: str, after: str) -> None:
    stored, spelled = address
    out = redact(before + spelled + after, [stored])
    assert re.sub(r"[^a-z0-9]", "", stored.lower()) not in re.sub(r"[^a-z0-9]", "", out.lower())
