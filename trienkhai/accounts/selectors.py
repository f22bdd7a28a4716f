from __future__ import annotations

from typing import Any

from django.utils import timezone

from trienkhai.accounts.models import ApiToken, Role, User


def user_by_token(*, raw: str) -> User | None:
    if not raw or not raw.startswith("tk_"):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def roles_of(*, user: User):
    return Role.objects.filter(user=user).select_related("unit").order_by("unit__path")


def open_work_at(*, units: list[Any]) -> list[tuple[str, int]]:
    """For a reorganisation's preview: roles held at the units (they do not pass by themselves)."""
    from django.utils.translation import gettext as _

    from trienkhai.accounts.models import Role

    return [
        (
            _("vai trò của người dùng tại các đơn vị này"),
            Role.objects.filter(unit__in=[u.pk for u in units]).count(),
        )
    ]
