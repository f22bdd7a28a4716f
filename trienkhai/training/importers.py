"""Participants and attendance of a course from Excel: every row checked, all or nothing,
per-row Vietnamese errors."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import service
from trienkhai.core.excel import read_sheet
from trienkhai.core.importing import ImportFailed, ImportSheet
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import fold
from trienkhai.training import services
from trienkhai.training.choices import RoleCategory
from trienkhai.training.models import Course, Enrolment, Person

PARTICIPANT_COLUMNS = [
    ("person_id", "Mã cán bộ"),
    ("full_name", "Họ và tên"),
    ("unit_id", "Mã đơn vị"),
    ("title", "Chức vụ"),
    ("category", "Nhóm cán bộ"),
    ("contact", "Liên hệ công vụ"),
]
#: Column headings that would bring a member dossier in: the whole file is refused.
PERSONAL_HEADINGS = (
    "ngay sinh",
    "nam sinh",
    "sinh ngay",
    "gioi tinh",
    "cccd",
    "cmnd",
    "can cuoc",
    "so dinh danh",
    "dia chi",
    "noi o",
    "que quan",
    "dan toc",
    "ton giao",
    "so the dang",
    "so dien thoai ca nhan",
)
PRESENT_WORDS = {"x", "co", "co mat", "1", "yes", "v", "✓"}
ABSENT_WORDS = {"", "0", "vang", "khong", "vang mat", "-"}


def _sheet(upload: IO[bytes], filename: str, wanted: list[tuple[str, str]]) -> ImportSheet:
    """The sheet with its columns; a file with a column of personal details is refused whole."""
    headers, rows = read_sheet(upload, filename)
    sheet = ImportSheet(headers, rows, {key: [label] for key, label in wanted})
    bad = [h for h, f in zip(headers, sheet.folded, strict=True) if any(p in f for p in PERSONAL_HEADINGS)]
    if bad:
        raise ImportFailed(
            [
                (
                    1,
                    _(
                        "Tệp có cột thông tin cá nhân (%(c)s); hệ thống không lưu các thông tin này. "
                        "Hãy xóa các cột đó rồi tải lên lại."
                    )
                    % {"c": ", ".join(bad)},
                )
            ]
        )
    return sheet


def _category(value: Any) -> str | None:
    key = fold(str(value or ""))
    for c in RoleCategory:
        if key in (fold(c.value), fold(str(c.label))):
            return c.value
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def participants_template(*, course: Course) -> list[list[Any]]:
    return [
        [
            "",
            "Nguyễn Văn A (ví dụ)",
            course.organiser.pk,
            "Báo cáo viên",
            str(RoleCategory.REPORTER.label),
            "",
        ]
    ]


@service
def participants_import(*, course: Course, upload: IO[bytes], filename: str, acting_user: Any) -> int:
    """Each row is an existing person ("Mã cán bộ") or a new one (name, unit, title,
    category); each is nominated by their own unit. Nothing is kept if any row fails."""
    sheet = _sheet(upload, filename, PARTICIPANT_COLUMNS)
    if not sheet.has("person_id") and not sheet.has("full_name", "unit_id", "category"):
        raise ImportFailed(
            [
                (
                    1,
                    _(
                        "Thiếu cột “Mã cán bộ”, hoặc các cột “Họ và tên”, “Mã đơn vị”, “Nhóm cán bộ”: hãy dùng tệp mẫu."
                    ),
                )
            ]
        )
    errors: list[tuple[int, str]] = []
    count = 0
    with transaction.atomic():
        for row_no, cell in sheet:
            try:
                pid = _int(cell("person_id"))
                if pid is not None:
                    people = Person.objects.restrict(acting_user)
                    person = people.filter(pk=pid).first()
                    if person is None:
                        errors.append((row_no, _("không có cán bộ mã “%(v)s”.") % {"v": cell("person_id")}))
                        continue
                else:
                    unit_id = _int(cell("unit_id"))
                    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
                    if unit is None:
                        errors.append(
                            (row_no, _("không có đơn vị mã “%(v)s”.") % {"v": cell("unit_id") or ""})
                        )
                        continue
                    category = _category(cell("category"))
                    if category is None:
                        errors.append(
                            (
                                row_no,
                                _("nhóm cán bộ “%(v)s” không có trong danh mục.")
                                % {"v": cell("category") or ""},
                            )
                        )
                        continue
                    person = services.person_create(
                        unit=unit,
                        full_name=str(cell("full_name") or ""),
                        title=str(cell("title") or ""),
                        category=category,
                        started_on=course.starts_on if course.starts_on <= dt.date.today() else None,
                        contact=str(cell("contact") or ""),
                        acting_user=acting_user,
                    )
                services.enrolment_nominate(course=course, person=person, acting_user=acting_user)
                count += 1
            except ValidationError as exc:
                errors.append((row_no, " ".join(exc.messages)))
            except Exception as exc:  # Http404 from a scope check: same words as a missing row
                from django.http import Http404

                if isinstance(exc, Http404):
                    errors.append((row_no, _("không có quyền cử học viên của đơn vị này.")))
                else:
                    raise
        if errors:
            raise ImportFailed(errors)
    return count


def _held_sessions(course: Course) -> list:
    """Sessions that have taken place: only those have an attendance to record."""
    return list(course.sessions.filter(on__lte=timezone.localdate()))


def attendance_headers(*, course: Course) -> list[str]:
    return [_("Mã cán bộ"), _("Họ và tên"), _("Đơn vị")] + [
        _("Buổi %(n)s (%(d)s)") % {"n": s.index, "d": f"{s.on:%d/%m/%Y}"} for s in _held_sessions(course)
    ]


def attendance_template(*, course: Course, viewer: Any) -> list[list[Any]]:
    n = len(_held_sessions(course))
    return [
        [e.person_id, e.person.full_name, e.person.unit.name] + [""] * n
        for e in Enrolment.objects.restrict(viewer)
        .filter(course=course)
        .select_related("person", "person__unit")
    ]


@service
def attendance_import(*, course: Course, upload: IO[bytes], filename: str, acting_user: Any) -> int:
    """One column per session ("Buổi 1 (…)"): x / có / 1 = present, blank / 0 / vắng = absent.
    Every row is checked first; then one attendance sheet per session is recorded."""
    sheet = _sheet(upload, filename, [("person_id", "Mã cán bộ"), ("full_name", "Họ và tên")])
    if not sheet.has("person_id"):
        raise ImportFailed([(1, _("Thiếu cột “Mã cán bộ”: hãy dùng tệp mẫu."))])
    sessions = list(course.sessions.all())
    columns: dict[int, Any] = {}
    for s in sessions:
        # The template's headings are in the user's language; accept either.
        prefixes = {fold(f"Buổi {s.index}"), fold(_("Buổi %(n)s") % {"n": s.index})}
        for i, h in enumerate(sheet.folded):
            if any(h == p or h.startswith(p + " ") for p in prefixes):
                columns[i] = s
    if not columns:
        raise ImportFailed([(1, _("Không thấy cột buổi học nào (“Buổi 1 (…)”): hãy dùng tệp mẫu."))])
    enrolled = {e.person_id: e for e in Enrolment.objects.filter(course=course).select_related("person")}
    today = timezone.localdate()
    errors: list[tuple[int, str]] = []
    sheets: dict[int, list] = {s.pk: [] for s in columns.values()}
    for row_no, values in sheet.rows:
        cell = sheet.row(values)
        pid = _int(cell("person_id"))
        if pid is None or pid not in enrolled:
            name = str(cell("full_name") or "").strip()
            code = cell("person_id") if cell("person_id") is not None else ""
            errors.append(
                (
                    row_no,
                    (
                        _("“%(p)s” (mã cán bộ “%(v)s”) không có trong danh sách học viên của lớp.")
                        % {"p": name, "v": code}
                    )
                    if name
                    else _("cán bộ mã “%(v)s” không có trong danh sách học viên của lớp.") % {"v": code},
                )
            )
            continue
        for i, s in columns.items():
            raw = values[i] if i < len(values) else None
            key = fold(str(raw if raw is not None else ""))
            if s.on > today:
                # A session still to come has no attendance: a blank is no absence, a mark is refused.
                if key not in ABSENT_WORDS:
                    errors.append(
                        (
                            row_no,
                            _("buổi %(n)s (%(d)s) chưa diễn ra: chưa điểm danh được.")
                            % {"n": s.index, "d": f"{s.on:%d/%m/%Y}"},
                        )
                    )
                continue
            if key in PRESENT_WORDS:
                sheets[s.pk].append((enrolled[pid].person, True))
            elif key in ABSENT_WORDS:
                sheets[s.pk].append((enrolled[pid].person, False))
            else:
                errors.append(
                    (
                        row_no,
                        _("buổi %(n)s: “%(v)s” không rõ có mặt hay vắng (ghi x hoặc để trống).")
                        % {"n": s.index, "v": raw},
                    )
                )
    if errors:
        raise ImportFailed(sorted(errors))
    total = 0
    with transaction.atomic():
        for s in columns.values():
            if sheets[s.pk]:
                try:
                    services.attendance_record(
                        session=s, marks=sheets[s.pk], acting_user=acting_user, source=filename
                    )
                except ValidationError as exc:
                    raise ImportFailed(
                        [(1, _("Buổi %(n)s: %(m)s") % {"n": s.index, "m": " ".join(exc.messages)})]
                    ) from exc
                total += len(sheets[s.pk])
    return total
