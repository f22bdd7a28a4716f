"""Sign-in protection helpers: the client address for throttling, who must use two factors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only, like the audit trail: a forged X-Forwarded-For must not unlock anyone.
    return request.META.get("REMOTE_ADDR", "")


def requires_two_factor(user: Any) -> bool:
    """Superusers and unit administrators must sign in with a second factor (when required)."""
    if not getattr(settings, "TRIENKHAI_REQUIRE_2FA", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    from trienkhai.core.scoping import roles_held

    # The roles query the scope needs anyway (once per request), not a query of its own.
    return "admin" in roles_held(user)
