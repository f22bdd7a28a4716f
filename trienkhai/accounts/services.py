"""Writes for accounts: users, roles, API tokens. Each atomic and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.accounts.models import ApiToken, Role, User
from trienkhai.core.audit import audit_log, service
from trienkhai.core.params import parse_digits
from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.orgs.models import Unit


@service
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    position: str = "",
    is_superuser: bool = False,
    acting_user: User | None,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(name)s” đã có.") % {"name": username}})
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        position=position,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(actor=acting_user, action="user.create", obj=user, changes={"username": username})
    return user


@service
def role_grant(*, user: User, unit: Unit, role: str, acting_user: User | None) -> Role:
    # The grantor must administer the unit (or sit above it); else it looks missing.
    get_scoped_or_404(Unit.objects, acting_user, "admin", pk=unit.pk)
    existing = Role.objects.filter(user=user, unit=unit, role=role).first()
    if existing:
        return existing
    obj = Role(user=user, unit=unit, role=role)
    obj.full_clean()
    obj.save()
    user.__dict__.pop("_scope_role_rows", None)  # the per-request role cache (core.scoping)
    audit_log(
        actor=acting_user,
        action="role.grant",
        obj=obj,
        unit=unit,
        changes={"user": user.username, "role": role},
    )
    return obj


@service
def role_revoke(*, role: Role, acting_user: User | None) -> None:
    get_scoped_or_404(Unit.objects, acting_user, "admin", pk=role.unit_id)
    audit_log(
        actor=acting_user,
        action="role.revoke",
        obj=role,
        unit=role.unit,
        changes={"user": role.user.username, "role": role.role},
    )
    role.delete()
    role.user.__dict__.pop("_scope_role_rows", None)


@service
def api_token_create(*, user: User, name: str, acting_user: User) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho mã truy cập.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[3:9], digest=ApiToken.hash(raw))
    audit_log(actor=acting_user, action="token.create", obj=token)
    return token, raw


@service
def api_token_revoke(*, token: ApiToken, acting_user: User) -> None:
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit_log(actor=acting_user, action="token.revoke", obj=token)


@service
def otp_confirm(*, user: User, device, token: str, request, acting_user: User) -> list[str]:
    """Confirm an authenticator with its first code; mark the session verified; issue backup codes."""
    import secrets

    from django_otp import login as otp_login
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    token = (token or "").strip().replace(" ", "")
    if parse_digits(token) is None or not device.verify_token(token):
        raise ValidationError(_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."))
    device.confirmed = True
    device.save()
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="Mã dự phòng", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(8)]
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    otp_login(request, device)
    audit_log(actor=acting_user, action="user.2fa_enable", obj=user)
    return codes


def roles_pass_to_successor(*, old: Any, new: Any, acting_user: Any) -> int:
    """The users who held a role at ``old`` hold the same role at ``new`` (the old role stays,
    so they still read ``old``'s history). Only when the reorganisation's preview asked for it."""
    moved = 0
    for role in Role.objects.filter(unit=old):
        _, created = Role.objects.get_or_create(user=role.user, unit=new, role=role.role)
        if created:
            moved += 1
            audit_log(
                actor=acting_user,
                action="role.succeeded",
                obj=role.user,
                unit=new,
                changes={"role": role.role, "from": old.name},
            )
    return moved
