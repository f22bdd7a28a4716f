"""A report typed with a superscript or another script's digit where a number goes: the
reader reads what it can and never fails ("²" passes ``str.isdigit()`` and ``int()`` refuses it)."""

from __future__ import annotations

import pytest

from trienkhai.textmine.extract import extract


@pytest.mark.parametrize("number", ["\u00b2", "\u00b9\u2070", "\u2464"])
def test_a_plenum_numbered_with_a_superscript_is_read_without_its_number(number):
    text = f"Chi bộ học tập Nghị quyết Hội nghị lần thứ {number} Ban Chấp hành Trung ương khóa XIII."
    refs = extract(text).congress_refs
    assert [(r["kind"], r["plenum"], r["term_numbers"]) for r in refs] == [
        ("hoi_nghi_trung_uong", None, [13])
    ]


def test_a_plenum_numbered_in_arabic_indic_digits_is_read_as_its_number():
    refs = extract("Hội nghị lần thứ \u0668 Ban Chấp hành Trung ương khóa XIII").congress_refs
    assert [r["plenum"] for r in refs] == [8]
