"""What the shared GOV.UK components need: tags, summary-list rows and landing-page links.

Presenters in each app build these (they decide the words and a tag's colour); templates lay them out
with the inclusion tags in vawg/core/templatetags/govuk.py and never write ``govuk-tag--...`` or a
summary-list row by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.urls import reverse

# The GOV.UK Frontend tag colours ("" is the default, dark blue).
TAG_COLOURS = frozenset(
    {"", "grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow"}
)


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: short status text and its colour."""

    text: str
    colour: str = ""
    classes: str = ""  # extra classes, for a tag inside another component (a phase banner's tag)

    def __post_init__(self) -> None:
        if self.colour not in TAG_COLOURS:
            raise ValueError(f"{self.colour!r} is not a GOV.UK tag colour")

    @property
    def css(self) -> str:
        """The classes after ``govuk-tag``: the colour's modifier and any extra classes."""
        return " ".join(part for part in (f"govuk-tag--{self.colour}" if self.colour else "", self.classes) if part)


@dataclass(frozen=True)
class SummaryRow:
    """One row of a GOV.UK summary list.

    ``value`` is text (escaped when shown) or markup a presenter built with ``format_html``; ``tags``
    show after it. ``href`` and ``action`` add a link ("Change", "View") whose hidden text repeats the
    key. ``value_id`` puts an id on the value, for a test or a link to it.
    """

    key: str
    value: object = ""
    tags: tuple[Tag, ...] = ()
    href: str = ""
    action: str = ""
    value_id: str = ""


class HoldsPermissions(Protocol):
    def has_perm(self, perm: str) -> bool: ...


@dataclass(frozen=True)
class Link:
    """A link on an app's landing page (components/link_list.html): its text, where it goes, a hint."""

    text: str
    href: str
    hint: str = ""


# A landing page's link: (text, URL name, permission needed, hint).
LinkSpec = tuple[str, str, str, str]


def links_for(user: HoldsPermissions, specs: Iterable[LinkSpec]) -> list[Link]:
    """The links of ``specs``, in their order, whose permission ``user`` holds."""
    return [Link(text=text, href=reverse(name), hint=hint) for text, name, perm, hint in specs if user.has_perm(perm)]
