"""What every programmes service checks first: who acts, and that they run the programme in question."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from vawg.accounts.models import User
from vawg.audit.services import require_one_author
from vawg.programmes.models import Programme, ProgrammeReferral

MAX_TEXT = 4000


def require_runs(by: User | None, programme: Programme, *, system_job: str = "") -> None:
    """Exactly one author; a person acting must run ``programme`` (else 404: they may not know it exists)."""
    require_one_author(by=by, system_job=system_job)
    if by is not None and not Programme.objects.run_by(by).filter(pk=programme.pk).exists():
        raise Http404("No such programme.")


def require_sees(by: User | None, referral: ProgrammeReferral, *, system_job: str = "") -> None:
    """Exactly one author; a person acting must see ``referral`` through the gate (else 404)."""
    require_one_author(by=by, system_job=system_job)
    if by is not None and not ProgrammeReferral.objects.visible_to(by).filter(pk=referral.pk).exists():
        raise Http404("No such programme referral.")


def clean_text(value: str, *, field: str, required: str = "") -> str:
    """``value`` stripped; ``required`` is the message when it must not be empty."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: f"Enter {MAX_TEXT} characters or fewer"})
    return text
