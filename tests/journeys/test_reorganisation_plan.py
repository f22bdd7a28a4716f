"""Journey (issue 15.1): the province admin uploads a reorganisation plan from disk (two wards
into a new ward directly under the province, the city dissolved on 01/07/2025), sees a wrong
plan refused with its rows named, previews the right one with the open work it touches,
applies it, and finds the tree of 30/06/2025 and of today each as it was."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser
HEADERS = ["Đơn vị", "Thay đổi", "Đơn vị mới", "Loại hình", "Trực thuộc"]


def sheet(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_province_applies_a_plan_from_an_excel_file(journey, world, tmp_path):
    j = journey
    merge = ["gộp", "Đảng ủy phường Phổ Yên", "Đảng ủy phường", "Tỉnh ủy Thái Nguyên"]
    wrong = sheet(
        tmp_path / "ke-hoach-sai.xlsx",
        [["J-BH", *merge], ["Đảng ủy phường Không Có", *merge], ["J-PY", "giải thể"]],
    )
    right = sheet(tmp_path / "ke-hoach.xlsx", [["J-BH", *merge], ["J-BB", *merge], ["J-PY", "giải thể"]])
    j.log_in("tinhuy")
    j.get(f"/units/{world.units.tn.pk}/")
    j.click((By.CSS_SELECTOR, "#plan a[href$='/plans/new/']"))
    j.set_date("date", dt.date(2025, 7, 1))
    j.upload("file", wrong)
    with j.expecting(400):
        j.submit("#plan-form", "Kiểm tra và xem trước")
    conflicts = j.text("#conflicts")
    # The unknown ward is named, and so is the city that would keep Bãi Bông: nothing written.
    assert "Đảng ủy phường Không Có" in conflicts and "Đảng ủy phường Bãi Bông" in conflicts
    j.set_date("date", dt.date(2025, 7, 1))
    j.upload("file", right)
    j.submit("#plan-form", "Kiểm tra và xem trước")
    changes = j.text("#plan-changes")
    assert "Đảng ủy phường Ba Hàng" in changes and "Đảng ủy phường Bãi Bông" in changes
    assert "Đảng ủy phường Phổ Yên" in changes and "Thành ủy Phổ Yên" in changes
    assert "vai trò của người dùng" in j.text("#open-work")
    j.click((By.ID, "carry-roles"))
    j.click((By.ID, "plan-apply"))
    assert "Đã áp dụng kế hoạch" in j.text()

    j.get(f"/units/as-of/?root={world.units.tn.pk}&date=2025-06-30")
    before = j.text("#as-of-tree")
    assert "Thành ủy Phổ Yên" in before and "Đảng ủy phường Ba Hàng" in before
    j.get(f"/units/as-of/?root={world.units.tn.pk}&date={world.today.isoformat()}")
    now = j.text("#as-of-tree")
    assert "Đảng ủy phường Phổ Yên" in now and "Chi bộ Tổ dân phố số 5" in now
    assert "Thành ủy Phổ Yên" not in now and "Đảng ủy phường Ba Hàng" not in now
    j.done()
