"""Registries through which apps above notifications take part in sending (ADR 0009, ADR 0010).

- ``LINK_GATES``: URL name -> ``gate(user, url_kwargs)``, whether ``user`` may still open that page.
  Just before a message is sent (or gathered into a digest), its link is resolved and the page's gate
  asked again, so someone deny-listed from a record, or moved out of the agency, after the message was
  queued is not sent it. Each app registers the gates of the pages its notifications link to in its
  AppConfig.ready() with ``link_gate_register``; a page with no gate registered is not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import User

LinkGate = Callable[["User", dict[str, Any]], bool]
LINK_GATES: dict[str, LinkGate] = {}


def link_gate_register(url_name: str, gate: LinkGate) -> None:
    """Add (or replace, so ready() may run twice) the gate of the page named ``url_name``."""
    LINK_GATES[url_name] = gate
