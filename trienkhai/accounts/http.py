"""The request of a signed-in user, as the type checker sees it."""

from __future__ import annotations

from django.http import HttpRequest

from trienkhai.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request past ``LoginRequiredMiddleware``: its ``user`` is a signed-in ``User``.

    Only an annotation for views that use the user's own relations (tokens, notices): Django
    still hands them a plain ``HttpRequest``.
    """

    user: User
