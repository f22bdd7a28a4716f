"""Phone numbers found in a unit's contact text, for the call list's tel: links."""

from __future__ import annotations

import pytest

from trienkhai.rollout.contacts import contact_parts, phone_numbers


@pytest.mark.parametrize(
    ("text", "numbers", "targets"),
    [
        ("0208 3863 111", ["0208 3863 111"], ["02083863111"]),
        (
            "Bí thư chi bộ — điện thoại công vụ 0208 3801 007 (minh họa)",
            ["0208 3801 007"],
            ["02083801007"],
        ),
        ("0912.345.678, 0987-333-444", ["0912.345.678", "0987-333-444"], ["0912345678", "0987333444"]),
        ("+84 912 345 678", ["+84 912 345 678"], ["+84912345678"]),
        ("(0208) 3863 111", ["(0208) 3863 111"], ["02083863111"]),
        ("ĐT:0987333444", ["0987333444"], ["0987333444"]),
        # Not numbers to call: a document code, a date, a long id, too few digits.
        ("Kế hoạch 0091-KH/TU ngày 09/8/2021", [], []),
        ("số 12345678901234", [], []),
        ("0987 333", [], []),
        ("", [], []),
    ],
)
def test_numbers_are_found_and_the_rest_kept(text, numbers, targets):
    parts = contact_parts(text)
    assert "".join(p.text for p in parts) == text
    assert [p.text for p in parts if p.tel] == numbers == phone_numbers(text)
    assert [p.tel for p in parts if p.tel] == targets
