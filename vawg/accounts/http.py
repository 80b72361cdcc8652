"""A typed request for views behind the staff session.

Every staff view (all but ``@public_view`` ones) runs after the staff session middleware has let a
signed-in user with a full session through, so ``request.user`` is a ``User``, never anonymous.
Type such views ``request: AuthenticatedHttpRequest`` instead of casting ``request.user`` in each one.
"""

from __future__ import annotations

from django.http import HttpRequest

from vawg.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
