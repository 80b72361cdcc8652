"""Function-level access for views.

Every view is staff-only unless marked ``@public_view``: the staff session
middleware (vawg/accounts/middleware.py) sends anyone without a full
(password + TOTP) session to sign in. ``@require_permission`` then checks a
permission from vawg/accounts/roles.py. Object-level rules ("may this user see
this case?") belong to each domain's ``visible_to`` gate and answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., HttpResponse])


def public_view(view: View) -> View:
    """Mark a view as reachable without signing in (public pages, the sign-in steps)."""
    view.vawg_public = True  # type: ignore[attr-defined]
    return view


def is_public_view(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, "vawg_public", False))


def require_permission(perm: str) -> Callable[[View], View]:
    """403 unless the signed-in user holds ``perm``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
