"""Journey: the city finds who is behind, can call them (tel: links) and exports the call list."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser

PLAN = "Xây dựng kế hoạch, chương trình hành động"
# Written from the world: the plan's deadline passed 30 days ago and only Chi bộ Tổ dân phố số 1
# made it; every other unit in scope is behind. (ward, unit, contact)
BEHIND = [
    ("Đảng ủy phường Ba Hàng", "Đảng ủy phường Ba Hàng", "0208 3863 111"),
    ("Đảng ủy phường Ba Hàng", "Chi bộ Tổ dân phố số 2", "0987 333 444"),
    ("Đảng ủy phường Bãi Bông", "Đảng ủy phường Bãi Bông", "0912 345 678"),
    ("Đảng ủy phường Bãi Bông", "Chi bộ Tổ dân phố số 5", "0987 555 666"),
]


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def test_city_finds_who_is_behind_calls_and_exports_the_call_list(journey, world):
    import openpyxl

    j = journey
    j.log_in("thanhuy")
    j.menu("Triển khai")
    j.click((By.LINK_TEXT, world.rollout.title))
    j.click((By.PARTIAL_LINK_TEXT, "quá hạn, kèm liên hệ"))
    page = j.text("main")
    assert PLAN in page
    tel = {
        digits(a.get_attribute("href"))
        for a in j.driver.find_elements(By.CSS_SELECTOR, "main a[href^='tel:']")
    }
    for _ward, unit, contact in BEHIND:
        assert unit in page
        assert digits(contact) in tel, f"no tel: link for {unit}"

    path = j.download((By.PARTIAL_LINK_TEXT, "Xuất Excel"))
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [
        " | ".join(str(v) for v in row if v is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    for ward, unit, contact in BEHIND:
        assert any(ward in r and unit in r and PLAN in r and digits(contact) in digits(r) for r in rows), (
            f"the call list has no row for {unit} ({ward}, {contact})"
        )
    assert not any("Chi bộ Tổ dân phố số 1" in r and PLAN in r for r in rows)  # it made its plan
    j.done()
