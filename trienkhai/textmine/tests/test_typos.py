"""Probable typos flagged for the reviewer, by general rules (a known name glued to its number,
or matching only once diacritics are set aside), not by lists of misspellings."""

from __future__ import annotations

import pytest

from trienkhai.textmine.extract import extract
from trienkhai.textmine.typos import find_typos


@pytest.mark.parametrize(
    ("text", "written", "suggestion"),
    [
        ("các đồng chí thành viên Bản Chỉ đạo35, thành phố", "Bản Chỉ đạo35", "Ban Chỉ đạo 35"),
        ("thực hiện Nghị quyết35 của Bộ Chính trị", "Nghị quyết35", "Nghị quyết 35"),
        ("theo Kế hoach 12 của Thành ủy", "Kế hoach 12", "Kế hoạch 12"),
        ("Ban Thuong vu 02 lần họp", "Ban Thuong vu 02", "Ban Thường vụ 02"),
    ],
)
def test_a_known_name_misspelt_or_glued_to_its_number_is_flagged(text, written, suggestion):
    [t] = find_typos(text)
    assert (t["text"], t["suggestion"]) == (written, suggestion)
    assert text[t["span"][0] : t["span"][1]] == written


@pytest.mark.parametrize(
    "text",
    [
        "thành viên Ban Chỉ đạo 35 của Thành ủy",
        "thực hiện Nghị quyết 35 và Kế hoạch số 12",
        "ban chỉ đạo 35 họp ngày 12/3",  # lower case is not a slip
        "năm 2023, ngày 12/3/2023, bản 2",
        "Covid-19 và mã QR2",
    ],
)
def test_well_written_names_are_not_flagged(text):
    assert find_typos(text) == []


def test_the_command_line_lists_the_typos():
    d = extract("Ngày 11/8/2022, đồng chí Nguyễn Văn A, thành viên Bản Chỉ đạo35 phát biểu.").to_dict()
    assert [t["suggestion"] for t in d["typos"]] == ["Ban Chỉ đạo 35"]
