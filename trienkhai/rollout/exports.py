"""A rollout's Excel export: the coverage table and the call list ("who is behind")."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.excel import MAX_ROWS, safe_cell
from trienkhai.orgs.models import Unit
from trienkhai.rollout import selectors
from trienkhai.rollout.contacts import phone_numbers
from trienkhai.rollout.models import Rollout

DATE_FORMAT = "dd/mm/yyyy"


def _sheet(wb: Any, title: str, headers: Sequence[tuple[str, float]], rows: Sequence[Sequence[Any]]) -> None:
    """A sheet with a bold, wrapped header row that stays in view, each column as wide as
    ``headers`` says (in characters), dates shown day first."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    for i, (_header, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"  # write-only sheets take their layout before the first row
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header_cells = []
    for header, _width in headers:
        cell = WriteOnlyCell(ws, value=safe_cell(str(header)))
        cell.font, cell.alignment = bold, wrap
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=safe_cell(value))
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        ws.append(cells)


def _coverage_rows(cov: selectors.Coverage, unit: Unit) -> tuple[list[tuple[str, float]], list[list[Any]]]:
    headers = [(_("Đơn vị"), 45.0)]
    for s in cov.steps:
        headers += [
            (f"{s.step.title}: " + _("đã thực hiện"), 16.0),
            (f"{s.step.title}: " + _("trong phạm vi"), 16.0),
            (f"{s.step.title}: %", 12.0),
        ]
    headers += [
        (_("Đảng viên tham dự"), 14.0),
        (_("Đảng viên trong danh sách"), 14.0),
        (_("Tỷ lệ tham dự (%)"), 12.0),
        (_("Lượt quần chúng"), 14.0),
    ]

    def row(name: str, steps: list[selectors.StepCoverage]) -> list[Any]:
        conf = next((s for s in steps if s.members_on_roll), None)
        out: list[Any] = [name]
        for s in steps:
            out += [s.done, s.in_scope, s.done_pct]
        out += [
            conf.members_present if conf else None,
            conf.members_on_roll if conf else None,
            conf.attendance_pct if conf else None,
            sum(s.masses for s in steps),
        ]
        return out

    rows = [row(f"{unit.name} (" + _("tổng") + ")", cov.steps)]
    if cov.own is not None:  # what the unit owes itself, beside its children's subtrees
        rows.append(row(f"{unit.name} (" + _("chính đơn vị này") + ")", cov.own.steps))
    rows += [row(c.unit.name, c.steps) for c in cov.children]
    return headers, rows


def _call_rows(
    cov: selectors.Coverage, unit: Unit, viewer: Any
) -> tuple[list[tuple[str, float]], list[list[Any]]]:
    headers = [
        (_("Yêu cầu"), 34.0),
        (_("Hạn"), 12.0),
        (_("Tình trạng"), 12.0),
        (_("Thuộc"), 34.0),
        (_("Đơn vị"), 38.0),
        (_("Loại hình"), 20.0),
        (_("Liên hệ"), 48.0),
        (_("Số điện thoại"), 18.0),
    ]
    rows: list[list[Any]] = []
    for c in selectors.call_list(coverages=cov.steps, unit=unit, viewer=viewer, limit=MAX_ROWS):
        state = _("quá hạn") if c.coverage.overdue else _("trong hạn")
        for g in c.groups:
            members = ([g.unit] if g.behind else []) + g.units
            for u in members:
                rows.append(
                    [
                        c.step.title,
                        c.step.due,
                        state,
                        g.unit.name,
                        u.name,
                        u.get_kind_display(),
                        u.contact or None,
                        ", ".join(phone_numbers(u.contact)) or None,
                    ]
                )
    return headers, rows


def coverage_workbook(*, rollout: Rollout, unit: Unit, viewer: Any) -> bytes:
    """The workbook of the coverage page at ``unit``: the counts ("Kết quả": the unit's total,
    its own row when it is in scope itself, a row per child) and the call list ("Danh sách
    gọi": a row per unit behind on each step still to do, with its ward and its numbers)."""
    from openpyxl import Workbook

    cov = selectors.coverage_for(rollout=rollout, unit=unit, viewer=viewer, today=timezone.localdate())
    wb = Workbook(write_only=True)
    _sheet(wb, _("Kết quả"), *_coverage_rows(cov, unit))
    _sheet(wb, _("Danh sách gọi"), *_call_rows(cov, unit, viewer))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
