"""Journey (issue 15.1): the province admin merges two wards into a new ward on 01/07/2025 by a
decision of the Ban Thường vụ; the tree as of 30/06/2025 shows the old wards, as of today the new one."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser


def test_province_merges_two_wards_into_a_new_ward(journey, world):
    from trienkhai.documents.services import document_register

    decision = document_register(
        issuing_unit=world.units.tn,
        code="123-QĐ/TU",
        title="Quyết định hợp nhất phường Ba Hàng và phường Bãi Bông",
        issued_on=dt.date(2025, 6, 20),
        acting_user=SYSTEM,
    )
    j = journey
    j.log_in("tinhuy")
    j.get(f"/units/{world.units.ba_hang.pk}/")
    j.click((By.CSS_SELECTOR, "#reorganise a[href$='/reorganise/merge/']"))
    j.click((By.XPATH, "//label[contains(., 'Đảng ủy phường Bãi Bông')]/input[@type='checkbox']"))
    j.type("new_name", "Đảng ủy phường Phổ Yên")
    j.choose("new_kind", "Đảng ủy phường")
    j.set_date("date", dt.date(2025, 7, 1))
    j.type("basis_code", "123-QĐ/TU")
    j.submit("main form", "Ghi nhận")
    assert "Đã ghi nhận" in j.text()
    history = j.text("#history")
    assert "01/07/2025" in history and "Hợp nhất, sáp nhập vào" in history
    link = j.find(By.CSS_SELECTOR, f"#history a[href$='/documents/{decision.pk}/']")
    assert link.text == "123-QĐ/TU"

    j.get(f"/units/as-of/?root={world.units.py.pk}&date=2025-06-30")
    before = j.text("#as-of-tree")
    assert "Đảng ủy phường Ba Hàng" in before and "Đảng ủy phường Bãi Bông" in before
    assert "Đảng ủy phường Phổ Yên" not in before
    j.get(f"/units/as-of/?root={world.units.py.pk}&date={world.today.isoformat()}")
    now = j.text("#as-of-tree")
    assert "Đảng ủy phường Phổ Yên" in now
    assert "Đảng ủy phường Ba Hàng" not in now and "Đảng ủy phường Bãi Bông" not in now
    j.done()
