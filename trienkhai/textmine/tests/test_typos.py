"""Probable typos flagged for the reviewer, by general rules (a known name glued to its number,
or matching only once diacritics are set aside), not by lists of misspellings."""

from __future__ import annotations

import json
from pathlib import Path

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


# ---------------------------------------------------------------------- names inside unit mentions
@pytest.mark.parametrize(
    ("text", "units", "written", "suggestion"),
    [
        # against the tree: the proper name of a unit, wherever the mention puts it
        ("Đảng ủy phường Ba Hang tổ chức hội nghị.", ["Đảng bộ phường Ba Hàng"], "Ba Hang", "Ba Hàng"),
        (
            "Ủy ban nhân dân thành phố Phổ Yen ban hành kế hoạch.",
            ["Thành ủy Phổ Yên"],
            "Phổ Yen",
            "Phổ Yên",
        ),
        ("Đảng ủy xã Tien Phong họp.", ["Chi bộ Tổ dân phố số 1 (Tiên Phong)"], "Tien Phong", "Tiên Phong"),
        # against the lexicon, with no unit list: a province
        ("Tỉnh ủy Thai Nguyên chỉ đạo các cấp ủy.", None, "Thai Nguyên", "Thái Nguyên"),
    ],
)
def test_a_known_name_typed_without_its_marks_in_a_unit_mention_is_flagged(text, units, written, suggestion):
    [t] = extract(text, units=units).typos
    assert (t["text"], t["suggestion"], t["why"]) == (written, suggestion, "diacritics")
    assert text[t["span"][0] : t["span"][1]] == written


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Đảng ủy phường Ba Hàng tổ chức hội nghị.", ["Đảng bộ phường Ba Hàng"]),
        # other marks, not missing ones: Đông Tiến is a name of its own beside Đồng Tiến
        ("Đảng ủy phường Đông Tiến tổ chức hội nghị.", ["Đảng bộ phường Đồng Tiến"]),
        ("Đảng ủy phường Đông Tien tổ chức hội nghị.", ["Đảng bộ phường Đồng Tiến"]),
        # a name the tree writes both ways is no slip of either
        ("Đảng ủy xã Thanh Hà họp.", ["Đảng bộ xã Thanh Hà", "Đảng bộ xã Thành Hà"]),
        # two names it could be: not flagged
        ("Đảng ủy xã Tan Phu họp.", ["Đảng bộ xã Tân Phú", "Đảng bộ xã Tấn Phú"]),
        # letter case is not a slip
        ("Đảng ủy phường Ba hàng họp.", ["Đảng bộ phường Ba Hàng"]),
        # only inside a unit mention
        ("Nhân dân Phổ Yen phấn khởi.", ["Thành ủy Phổ Yên"]),
        ("Tỉnh ủy Thái Nguyên, Thành ủy Hà Nội chỉ đạo.", None),
    ],
)
def test_correct_names_and_other_names_are_not_flagged(text, units):
    assert extract(text, units=units).typos == []


def test_a_slip_the_unit_list_already_flagged_is_not_flagged_twice():
    ex = extract("Thành ủy Phổ Yen chỉ đạo.", units=["Thành ủy Phổ Yên"])
    assert [(u["text"], u["typo"]) for u in ex.units] == [("Thành ủy Phổ Yen", True)]
    assert ex.typos == []


CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "dev").is_dir(), reason="shared corpus not available")
def test_no_name_in_the_development_passages_is_taken_for_a_slip():
    """Published texts, read at run time (nothing of them is stored here), spell their names
    right: the name rule flags none, against the lexicon alone or against a 'tree' of every
    unit the reader finds in them (the most chances of a near collision)."""
    texts = [
        json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((CORPUS / "dev").glob("*.json"))
    ]
    tree = sorted({u["name"] for t in texts for u in extract(t).units})
    assert len(texts) > 20 and len(tree) > 100
    flagged = []
    for units in (None, tree):
        for t in texts:
            ex = extract(t, units=units)
            numbered = {tuple(x["span"]) for x in find_typos(ex.text)}
            flagged += [x["text"] for x in ex.typos if tuple(x["span"]) not in numbered]
    assert flagged == []


@pytest.mark.parametrize(
    "units",
    [
        ["Đảng bộ xã Thanh Hà", "Đảng bộ xã Thành Hà"],
        ["Đảng bộ xã Thành Hà", "Đảng bộ xã Thanh Hà"],
    ],
)
def test_two_units_that_fold_alike_are_each_themselves(units):
    ex = extract("Đảng bộ xã Thanh Hà và Đảng bộ xã Thành Hà cùng họp.", units=units)
    assert [(u["name"], u["typo"]) for u in ex.units] == [
        ("Đảng bộ xã Thanh Hà", False),
        ("Đảng bộ xã Thành Hà", False),
    ]
    assert ex.typos == []
