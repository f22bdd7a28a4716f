"""Import units from an Excel sheet: all rows valid → all created; any invalid → nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.importing import ImportFailed, read_import_sheet
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import member_count_set, unit_create
from trienkhai.textmine.normalize import fold

# Accepted header spellings (folded) for each column.
COLUMNS = {
    "name": {"ten", "ten don vi", "name"},
    "kind": {"loai", "loai hinh", "kind"},
    "parent": {"don vi cap tren", "cap tren", "truc thuoc", "parent"},
    "code": {"ma", "ma don vi", "code"},
    "members": {"so dang vien", "dang vien", "members"},
}
TEMPLATE_HEADERS = ["Tên đơn vị", "Loại hình", "Đơn vị cấp trên", "Mã đơn vị", "Số đảng viên"]


@dataclass
class ImportResult:
    created: list[Unit] = field(default_factory=list)


def _kind_from(value: Any) -> str | None:
    if value is None:
        return None
    key = fold(str(value))
    for choice in UnitKind:
        if key in (fold(choice.value), fold(str(choice.label))):
            return choice.value
    return None


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "; ".join(exc.messages)


@service
def units_import(*, upload: IO[bytes], filename: str, root: Unit, acting_user: Any) -> ImportResult:
    """Every parent must be ``root``, a unit under it, or a unit earlier in the sheet."""
    sheet = read_import_sheet(upload, filename, COLUMNS)
    missing = sheet.missing("name", "kind", "parent")
    if missing:
        raise ImportFailed(
            [
                (
                    1,
                    _("Thiếu cột: %(cols)s (cần: %(need)s).")
                    % {"cols": ", ".join(missing), "need": ", ".join(TEMPLATE_HEADERS)},
                )
            ]
        )
    if not sheet.rows:
        raise ImportFailed([(2, _("Tệp không có dòng dữ liệu nào."))])

    errors: list[tuple[int, str]] = []
    result = ImportResult()
    try:
        with transaction.atomic():
            scope = Unit.objects.filter(path__startswith=root.path, valid_to__isnull=True)
            by_name: dict[str, list[Unit]] = {}
            by_code: dict[str, Unit] = {}
            for u in scope:
                by_name.setdefault(u.name_folded, []).append(u)
                if u.code:
                    by_code[u.code.lower()] = u
            for row_no, cell in sheet:
                name = cell("name")
                kind_raw = cell("kind")
                parent_raw = cell("parent")
                code = cell("code")
                members = cell("members")
                if not name or not str(name).strip():
                    errors.append((row_no, _("thiếu tên đơn vị.")))
                    continue
                kind = _kind_from(kind_raw)
                if kind is None:
                    errors.append(
                        (row_no, _("loại hình “%(k)s” không có trong danh mục.") % {"k": kind_raw or ""})
                    )
                    continue
                parent = None
                if parent_raw is not None and str(parent_raw).strip():
                    key = str(parent_raw).strip()
                    parent = by_code.get(key.lower())
                    if parent is None:
                        candidates = by_name.get(fold(key), [])
                        if len(candidates) > 1:
                            errors.append(
                                (row_no, _("có nhiều đơn vị tên “%(p)s”: hãy ghi mã đơn vị.") % {"p": key})
                            )
                            continue
                        parent = candidates[0] if candidates else None
                if parent is None:
                    errors.append(
                        (
                            row_no,
                            _("không tìm thấy đơn vị cấp trên “%(p)s” trong phạm vi %(root)s.")
                            % {"p": parent_raw or "", "root": root.name},
                        )
                    )
                    continue
                member_count = None
                if members not in (None, ""):
                    try:
                        member_count = int(str(members).replace(".", "").replace(",", "").strip())
                        if member_count < 0:
                            raise ValueError
                    except ValueError:
                        errors.append(
                            (row_no, _("số đảng viên “%(m)s” không phải số không âm.") % {"m": members})
                        )
                        continue
                try:
                    with transaction.atomic():
                        unit = unit_create(
                            parent=parent,
                            name=str(name),
                            kind=kind,
                            code=str(code).strip() if code not in (None, "") else None,
                            acting_user=acting_user,
                        )
                        if member_count is not None:
                            member_count_set(
                                unit=unit,
                                as_of=timezone.localdate(),
                                members=member_count,
                                acting_user=acting_user,
                            )
                except ValidationError as exc:
                    errors.append((row_no, _messages(exc)))
                    continue
                result.created.append(unit)
                by_name.setdefault(unit.name_folded, []).append(unit)
                if unit.code:
                    by_code[unit.code.lower()] = unit
            if errors:
                raise ImportFailed(errors)
            audit_log(
                actor=acting_user,
                action="unit.import",
                obj=root,
                unit=root,
                changes={"file": filename, "created": len(result.created)},
            )
    except ImportFailed:
        raise
    return result
