from __future__ import annotations

import datetime as dt

from django.db.models import F

from trienkhai.accounts.models import User
from trienkhai.accounts.services import role_grant, user_create
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.models import Unit

PASSWORD = "trienkhai-demo"

# (username, full name, position, unit lookup, role)
LOGINS = [
    (
        "thanhuy",
        "Văn phòng Thành ủy Phổ Yên",
        "Chuyên viên Ban Tuyên giáo Thành ủy",
        ("code", "TU-PY"),
        "admin",
    ),
    (
        "phuong",
        "Đảng ủy phường Ba Hàng",
        "Văn phòng Đảng ủy phường",
        ("name", "Đảng ủy phường Ba Hàng"),
        "editor",
    ),
    (
        "chibo",
        "Chi bộ Tổ dân phố số 1 (Ba Hàng)",
        "Bí thư chi bộ",
        ("cell", "Đảng ủy phường Ba Hàng"),
        "editor",
    ),
    ("tinhuy", "Ban Tuyên giáo Tỉnh ủy Thái Nguyên", "Chuyên viên", ("code", "TU-TN"), "viewer"),
]
# After the 1/7/2025 reorganisation (demo.reorganisation): the province office, which now runs
# the wards' rollouts, and the office of a new ward committee.
CURRENT_LOGINS = [
    (
        "vanphong",
        "Văn phòng Tỉnh ủy Thái Nguyên",
        "Chuyên viên Văn phòng Tỉnh ủy",
        ("code", "TU-TN"),
        "admin",
    ),
    (
        "phoyen",
        "Văn phòng Đảng ủy phường Phổ Yên",
        "Chánh Văn phòng Đảng ủy phường",
        ("current", "Đảng ủy phường Phổ Yên"),
        "admin",
    ),
]


def _unit(lookup: tuple[str, str]) -> Unit:
    how, value = lookup
    if how == "code":
        return Unit.objects.get(code=value)
    if how == "current":
        return Unit.objects.get(name=value, valid_to__isnull=True)
    parent = Unit.objects.get(name=value)
    if how == "name":
        return parent
    return Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path").first()


def _create(logins: list[tuple[str, str, str, tuple[str, str], str]]) -> None:
    for username, full_name, position, lookup, role in logins:
        if User.objects.filter(username=username).exists():
            continue
        user = user_create(
            username=username,
            password=PASSWORD,
            full_name=full_name,
            position=position,
            acting_user=SYSTEM,
        )
        role_grant(user=user, unit=_unit(lookup), role=role, acting_user=SYSTEM)


def load() -> None:
    """The superuser and the logins of the 2022 tree (the sections before 2025 write as them)."""
    if not User.objects.filter(username="admin").exists():
        user_create(
            username="admin",
            password=PASSWORD,
            full_name="Quản trị hệ thống",
            is_superuser=True,
            acting_user=SYSTEM,
        )
    _create(LOGINS)


def load_current() -> None:
    """The logins of today's tree (after demo.reorganisation)."""
    _create(CURRENT_LOGINS)


def describe() -> list[tuple[str, str, str]]:
    """(username, password, what) for every demo login, as the roles stand today: a role at a unit
    that has ended reads only, and says so."""
    rows = [("admin", PASSWORD, "Quản trị hệ thống (toàn bộ, và /admin/)")]
    for username, *_rest in LOGINS + CURRENT_LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        parts = []
        for role in user.roles.select_related("unit").order_by(
            F("unit__valid_to").asc(nulls_first=True), "unit__path"
        ):
            unit = role.unit
            if unit.valid_to is not None:  # valid_to is the change day: the unit's last day is the one before
                last = unit.valid_to - dt.timedelta(days=1)
                parts.append(f"{role.role} — {unit.name} (đến {last:%d/%m/%Y}, chỉ đọc)")
            else:
                parts.append(f"{role.role} — {unit.name}")
        rows.append((username, PASSWORD, "; ".join(parts)))
    return rows
