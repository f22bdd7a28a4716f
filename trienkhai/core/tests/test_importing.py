"""The shared sheet reader of the importers (issue 14 point 6): columns by heading, cells by key."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from trienkhai.core.importing import ImportFailed, read_import_sheet

COLUMNS = {"name": ["Tên đơn vị", "Tên"], "members": ["Số đảng viên"], "code": ["Mã đơn vị"]}


def xlsx(*rows) -> io.BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_headings_are_found_whatever_their_case_and_accents_and_short_rows_read_empty():
    upload = xlsx(
        ["STT", "SỐ ĐẢNG VIÊN", "ten", "Tên đơn vị"],  # two accepted headings for name: the first wins
        [1, 45, "Chi bộ Tổ dân phố số 3"],
        [2],
    )
    sheet = read_import_sheet(upload, "don-vi.xlsx", COLUMNS)
    assert sheet.index == {"name": 2, "members": 1}
    assert sheet.has("name", "members") and not sheet.has("name", "code")
    assert sheet.missing("name", "code", "members") == ["code"]
    rows = [(row_no, cell("name"), cell("members"), cell("code")) for row_no, cell in sheet]
    assert rows == [(2, "Chi bộ Tổ dân phố số 3", 45, None), (3, None, None, None)]


def test_a_refusal_names_every_row():
    failed = ImportFailed([(3, "thiếu tên đơn vị."), (7, "loại hình “X” không có trong danh mục.")])
    assert failed.row_errors[1][0] == 7
    assert failed.messages == ["Dòng 3: thiếu tên đơn vị.", "Dòng 7: loại hình “X” không có trong danh mục."]


def test_a_file_that_is_not_a_workbook_is_refused_before_any_column_is_looked_for():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        read_import_sheet(io.BytesIO(b"not a workbook"), "don-vi.xlsx", COLUMNS)
