"""What every spreadsheet import shares: the sheet's columns found by heading, and the refusal.

An importer declares its columns as ``{key: headings it accepts}`` (compared folded: case and
diacritics ignored), reads the upload with ``read_import_sheet`` and takes each row's cells by
key. Every wrong row is collected as ``(sheet row number, message)`` and raised together as
``ImportFailed``, inside the importer's transaction, so nothing of the file is kept.
Used by units (orgs), step records (rollout) and course participants and attendance (training).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any

from django.core.exceptions import ValidationError

from trienkhai.core.excel import read_sheet
from trienkhai.textmine.normalize import fold


class ImportFailed(ValidationError):
    """The file is refused: every wrong row with its number, nothing written."""

    def __init__(self, row_errors: list[tuple[int, str]]):
        self.row_errors = row_errors
        super().__init__([f"Dòng {r}: {m}" for r, m in row_errors])


class ImportSheet:
    """The first sheet of an upload, its headings matched to an importer's columns."""

    def __init__(
        self,
        headers: list[str],
        rows: list[tuple[int, list[Any]]],
        columns: Mapping[str, Iterable[str]],
    ) -> None:
        self.headers = headers
        self.folded = [fold(h) for h in headers]
        self.rows = rows
        self.index: dict[str, int] = {}
        for key, names in columns.items():
            accepted = {fold(n) for n in names}
            for i, heading in enumerate(self.folded):
                if heading in accepted:
                    self.index[key] = i  # the first column with an accepted heading
                    break

    def has(self, *keys: str) -> bool:
        return all(k in self.index for k in keys)

    def missing(self, *keys: str) -> list[str]:
        return [k for k in keys if k not in self.index]

    def cell(self, values: list[Any], key: str) -> Any:
        """The row's value under ``key``; None for a column the sheet lacks or a short row."""
        i = self.index.get(key)
        return values[i] if i is not None and i < len(values) else None

    def row(self, values: list[Any]) -> Callable[[str], Any]:
        return lambda key: self.cell(values, key)

    def __iter__(self) -> Iterator[tuple[int, Callable[[str], Any]]]:
        for row_no, values in self.rows:
            yield row_no, self.row(values)


def read_import_sheet(upload: IO[bytes], filename: str, columns: Mapping[str, Iterable[str]]) -> ImportSheet:
    """Check and read the upload (``core.excel.read_sheet``), then find the columns."""
    headers, rows = read_sheet(upload, filename)
    return ImportSheet(headers, rows, columns)
