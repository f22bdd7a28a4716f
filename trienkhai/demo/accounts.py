from __future__ import annotations

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


def _unit(lookup: tuple[str, str]) -> Unit:
    how, value = lookup
    if how == "code":
        return Unit.objects.get(code=value)
    parent = Unit.objects.get(name=value)
    if how == "name":
        return parent
    return Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path").first()


def load() -> list[tuple[str, str, str]]:
    rows = []
    if not User.objects.filter(username="admin").exists():
        user_create(
            username="admin",
            password=PASSWORD,
            full_name="Quản trị hệ thống",
            is_superuser=True,
            acting_user=SYSTEM,
        )
    rows.append(("admin", PASSWORD, "Quản trị hệ thống (toàn bộ, và /admin/)"))
    for username, full_name, position, lookup, role in LOGINS:
        unit = _unit(lookup)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=PASSWORD,
                full_name=full_name,
                position=position,
                acting_user=SYSTEM,
            )
            role_grant(user=user, unit=unit, role=role, acting_user=SYSTEM)
        rows.append((username, PASSWORD, f"{role} — {unit.name}"))
    return rows
