"""Excel in and out. Cells that a spreadsheet would run as formulas are neutralised."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from trienkhai.core.files import check_upload
from trienkhai.textmine.normalize import clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 50_000


def safe_cell(value: Any) -> Any:
    """A string a spreadsheet could read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def workbook_response(
    filename: str, sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=safe_cell(str(h)))
        c.font = bold
        header_cells.append(c)
    ws.append(header_cells)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def read_sheet(
    upload: IO[bytes], name: str, max_rows: int = MAX_ROWS
) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers (folded text) and data rows (with their sheet row numbers) of the first sheet."""
    from openpyxl import load_workbook

    checked = check_upload(upload, name, (".xlsx",), max_bytes=settings.MAX_IMPORT_BYTES)
    try:
        wb = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ValidationError(
            _("Không đọc được tệp Excel: tệp hỏng hoặc không đúng định dạng .xlsx.")
        ) from exc
    try:
        ws = wb.worksheets[0]
        rows_iter = ws.iter_rows(values_only=True)
        try:
            header = next(rows_iter)
        except StopIteration:
            raise ValidationError(_("Tệp Excel không có dòng tiêu đề.")) from None
        headers = [clean_text(str(h)) if h is not None else "" for h in header]
        rows: list[tuple[int, list[Any]]] = []
        # A sheet repeats the same few texts (dates, catalogue values): clean each once.
        cleaned: dict[str, str] = {}

        def clean(v: str) -> str:
            c = cleaned.get(v)
            if c is None:
                c = cleaned[v] = clean_text(v)
            return c

        for index, row in enumerate(rows_iter, start=2):
            values = [clean(v) if isinstance(v, str) else v for v in row]
            if all(v is None or v == "" for v in values):
                continue
            if len(rows) >= max_rows:
                raise ValidationError(_("Tệp có quá %(n)s dòng dữ liệu.") % {"n": max_rows})
            rows.append((index, values))
        return headers, rows
    finally:
        wb.close()
