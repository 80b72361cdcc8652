"""Referral drafts: the answers given so far, held only in the server session (never in the browser).

A draft is keyed by a random id (the only thing that appears in a URL) and holds
each question page's submitted values. The values are sealed with the field
encryption keys before they go into the session table, bound to the journey and
the draft id, so a session row never holds a name, number or code word in clear.
The draft id doubles as the one-time token that makes the final submit idempotent.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils.datastructures import MultiValueDict

from vawg.core.crypto import DecryptionError, decrypt, encrypt

SESSION_KEY = "referral_drafts"
DONE_KEY = "referral_drafts_done"
# A person rarely has more than one referral open in the same session; older drafts are dropped.
MAX_DRAFTS = 5


@dataclass
class Draft:
    journey: str
    id: str
    steps: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    honeypot: bool = False

    def data_for(self, step: str) -> MultiValueDict[str, str] | None:
        """The values submitted on ``step``, ready to bind a form (None: not answered yet)."""
        values = self.steps.get(step)
        return None if values is None else MultiValueDict(values)


def _aad(journey: str, draft_id: str) -> bytes:
    return f"referral-draft|{journey}|{draft_id}".encode()


def new_draft_id() -> str:
    return secrets.token_urlsafe(24)


def draft_start(session: SessionBase, *, journey: str) -> Draft:
    draft = Draft(journey=journey, id=new_draft_id())
    draft_save(session, draft)
    return draft


def draft_get(session: SessionBase, *, journey: str, draft_id: str) -> Draft | None:
    sealed = session.get(SESSION_KEY, {}).get(f"{journey}:{draft_id}")
    if not sealed:
        return None
    try:
        payload: dict[str, Any] = json.loads(decrypt(sealed, aad=_aad(journey, draft_id)))
    except (DecryptionError, ValueError):
        return None
    return Draft(journey=journey, id=draft_id, steps=payload["steps"], honeypot=payload.get("honeypot", False))


def draft_save(session: SessionBase, draft: Draft) -> None:
    drafts: dict[str, str] = dict(session.get(SESSION_KEY, {}))
    key = f"{draft.journey}:{draft.id}"
    drafts.pop(key, None)
    while len(drafts) >= MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    payload = json.dumps({"steps": draft.steps, "honeypot": draft.honeypot})
    drafts[key] = encrypt(payload, aad=_aad(draft.journey, draft.id))
    session[SESSION_KEY] = drafts


def draft_discard(session: SessionBase, draft: Draft) -> None:
    drafts: dict[str, str] = dict(session.get(SESSION_KEY, {}))
    drafts.pop(f"{draft.journey}:{draft.id}", None)
    session[SESSION_KEY] = drafts


def draft_mark_done(session: SessionBase, *, journey: str, draft_id: str, value: str) -> None:
    """Remember what a submitted draft became (a reference, or a contact summary) for its confirmation page."""
    done: dict[str, str] = dict(session.get(DONE_KEY, {}))
    while len(done) >= MAX_DRAFTS:
        done.pop(next(iter(done)))
    done[f"{journey}:{draft_id}"] = value
    session[DONE_KEY] = done


def draft_done(session: SessionBase, *, journey: str, draft_id: str) -> str | None:
    value: str | None = session.get(DONE_KEY, {}).get(f"{journey}:{draft_id}")
    return value


def posted_values(post: Any, names: list[str]) -> dict[str, list[str]]:
    """The submitted values of a form's inputs (``names`` are HTML input names), as lists."""
    return {name: post.getlist(name) for name in names if name in post}
