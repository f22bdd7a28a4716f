"""The review flags probable typos: a unit named with a slip against the tree ("Thị ủy Bình
Yen", "Thị ủy Bình Yêm" for Thị ủy Bình Yên) and a known name glued to its number."""

from __future__ import annotations

import pytest

from trienkhai.intake.services import imported_report_create

pytestmark = pytest.mark.django_db

TEXT = (
    "Ngày 05/6/2023, Thị ủy Bình Yen tổ chức hội nghị quán triệt nghị quyết.\n"
    "Các đồng chí thành viên Bản Chỉ đạo35 của Thị ủy Bình Yêm dự hội nghị.\n"
)


def test_the_review_flags_unit_and_name_typos(login, personas, tree):
    report = imported_report_create(unit=tree.city, text=TEXT, acting_user=personas.own)
    r = login(personas.own).get(f"/intake/{report.pk}/")
    notes = r.context["f"].notes
    assert "“Thị ủy Bình Yen” có lẽ là “Thị ủy Bình Yên” (đã đối chiếu theo tên đúng)." in notes
    assert "“Thị ủy Bình Yêm” có lẽ là “Thị ủy Bình Yên” (đã đối chiếu theo tên đúng)." in notes
    assert "“Bản Chỉ đạo35” có lẽ viết sai, là “Ban Chỉ đạo 35”?" in notes
    html = r.content.decode()
    source = html.split('id="source"', 1)[1].split("</div>", 1)[0]
    assert source.count('class="hl hl-typo"') == 3
