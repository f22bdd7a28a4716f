"""Step records for many units from one Excel sheet (one row per unit): all or nothing."""

from __future__ import annotations

import datetime as dt
import functools
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.importing import ImportFailed, read_import_sheet
from trienkhai.core.params import ID_MAX
from trienkhai.rollout.choices import Channel, ConferenceForm, Platform, StepKind
from trienkhai.rollout.models import Step, StepRecord
from trienkhai.rollout.services import ids_in, step_records_bulk_submit, units_in_scope
from trienkhai.textmine.normalize import fold

COMMON = [("unit_id", "Mã hệ thống"), ("unit", "Đơn vị"), ("done_on", "Ngày thực hiện (dd/mm/yyyy)")]
BY_KIND: dict[str, list[tuple[str, str]]] = {
    StepKind.PLAN: [("plan_code", "Số hiệu kế hoạch"), ("plan_title", "Tên kế hoạch")],
    StepKind.CONFERENCE: [
        ("form", "Hình thức (trực tiếp/trực tuyến/kết hợp)"),
        ("platform", "Nền tảng (Zoom/Teams/khác)"),
        ("members_present", "Đảng viên tham dự"),
        ("members_on_roll", "Đảng viên trong danh sách"),
        ("masses", "Lượt quần chúng"),
    ],
    StepKind.DISSEMINATION: [
        ("channels", "Kênh (cách nhau bởi dấu phẩy)"),
        ("reach", "Lượt người được tuyên truyền"),
    ],
}
TAIL = [("outcome", "Kết quả"), ("note", "Ghi chú")]


def columns(kind: str) -> list[tuple[str, str]]:
    return COMMON + BY_KIND.get(kind, []) + TAIL


class Catalogue:
    """Reads a catalogue value from a cell: its code, or its label (or the start of it) in
    Vietnamese or the UI language. The labels are folded once per import, not per row, and
    each distinct cell text is looked up once: a sheet repeats the same few values."""

    def __init__(self, choices: Any) -> None:
        from django.utils import translation

        with translation.override("vi"):
            vi = [fold(str(c.label)) for c in choices]
        here = [fold(str(c.label)) for c in choices]
        self.entries = [(c.value, fold(c.value), v, h) for c, v, h in zip(choices, vi, here, strict=True)]
        self.known: dict[str, str | None] = {}
        self.read: dict[str, str] = {}

    def __call__(self, value: Any) -> str:
        # The same cell text comes back on most rows: fold and look it up once (texts only:
        # True == 1 == 1.0 as keys, and each reads differently in a message).
        if not isinstance(value, str):
            return self._lookup(value)
        found = self.read.get(value)
        if found is None:
            found = self.read[value] = self._lookup(value)
        return found

    def _lookup(self, value: Any) -> str:
        key = fold(str(value or ""))
        if not key:
            return ""
        if key not in self.known:
            self.known[key] = next(
                (
                    code
                    for code, folded, vi, here in self.entries
                    if key in (folded, vi, here) or vi.startswith(key) or here.startswith(key)
                ),
                None,
            )
        found = self.known[key]
        return found if found is not None else "?" + str(value)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _date_text(str(value).strip())


@functools.lru_cache(maxsize=1024)
def _date_text(text: str) -> dt.date:
    # A sheet repeats the same few dates; strptime is the slow part of reading a row.
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def template_rows(*, step: Step, viewer: Any) -> list[list[Any]]:
    """The pre-filled template: every in-scope unit the viewer may change, without a record."""
    units = (
        units_in_scope(rollout=step.rollout, step=step)
        .filter(valid_to__isnull=True)
        .restrict(viewer, "change")
    )
    done = set(StepRecord.objects.filter(step=step, is_current=True).values_list("unit_id", flat=True))
    width = len(columns(step.kind))
    return [[u.pk, u.name] + [""] * (width - 2) for u in units.order_by("path") if u.pk not in done]


@service
def records_import(*, step: Step, upload: IO[bytes], filename: str, acting_user: Any) -> int:
    sheet = read_import_sheet(upload, filename, {key: [label] for key, label in columns(step.kind)})
    if not sheet.has("unit_id", "done_on"):
        raise ImportFailed([(1, _("Thiếu cột “Mã hệ thống” hoặc “Ngày thực hiện”: hãy dùng tệp mẫu."))])
    errors: list[tuple[int, str]] = []
    today = timezone.localdate()
    from trienkhai.orgs.models import Unit

    with transaction.atomic():
        wanted = {}
        for row_no, cell in sheet:
            raw = cell("unit_id")
            try:
                wanted[row_no] = int(raw) if 0 < int(raw) <= ID_MAX else None
            except (TypeError, ValueError, OverflowError):  # OverflowError: an "inf" cell
                wanted[row_no] = None
        # What the checks and the audit read of a unit; a plan step's row-by-row path loads more on use.
        units = {
            u.pk: u
            for u in Unit.objects.only("id", "path", "depth", "name", "kind", "valid_to").filter(
                pk__in=ids_in(sorted({v for v in wanted.values() if v}))
            )
        }
        forms, platforms, channel = Catalogue(ConferenceForm), Catalogue(Platform), Catalogue(Channel)
        parsed: list = []
        for row_no, cell in sheet:
            unit = units.get(wanted[row_no]) if wanted[row_no] else None
            if unit is None:
                errors.append((row_no, _("không có đơn vị mã “%(v)s”.") % {"v": cell("unit_id") or ""}))
                continue
            try:
                done_on = _date(cell("done_on"))
            except ValueError:
                errors.append(
                    (row_no, _("ngày “%(v)s” không đúng dạng dd/mm/yyyy.") % {"v": cell("done_on")})
                )
                continue
            if done_on is None:
                continue  # a template row left empty: the unit has not done it yet
            form = forms(cell("form")) if step.kind == StepKind.CONFERENCE else ""
            platform = platforms(cell("platform")) if step.kind == StepKind.CONFERENCE else ""
            channels = [channel(c) for c in str(cell("channels") or "").split(",") if c.strip()]
            bad = [v[1:] for v in [form, platform, *channels] if v.startswith("?")]
            if bad:
                errors.append((row_no, _("giá trị không có trong danh mục: %(v)s.") % {"v": ", ".join(bad)}))
                continue
            values = {
                "done_on": done_on,
                "form": form,
                "platform": platform,
                "channels": channels,
                "members_present": cell("members_present"),
                "members_on_roll": cell("members_on_roll"),
                "masses": cell("masses"),
                "reach": cell("reach"),
                "outcome": str(cell("outcome") or ""),
                "note": str(cell("note") or ""),
            }
            if step.kind == StepKind.PLAN:
                values.update(
                    plan_code=str(cell("plan_code") or ""), plan_title=str(cell("plan_title") or "")
                )
                for key in (
                    "form",
                    "platform",
                    "channels",
                    "members_present",
                    "members_on_roll",
                    "masses",
                    "reach",
                ):
                    values.pop(key)
            parsed.append((row_no, unit, values))
        # Validate the parsed rows too, so the user sees every wrong row at once; with any
        # error the whole block rolls back below.
        count, row_errors = step_records_bulk_submit(
            step=step, rows=parsed, acting_user=acting_user, today=today, source=filename
        )
        errors = sorted(errors + row_errors)
        if errors:
            raise ImportFailed(errors)
        audit_log(
            actor=acting_user,
            action="rollout.import",
            obj=step,
            unit=step.rollout.owner_unit,
            changes={"file": filename, "records": count},
        )
    return count
