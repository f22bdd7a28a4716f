"""Journey (issue 18): a ward introduces a good practice (told it is saved, warned of a near
duplicate), and the city introduces it and records that another ward adopted it, from a phone
as from a desk."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser

TITLE = "Học tập nghị quyết qua nhóm Zalo của tổ dân phố"


def _new_practice(j, title: str) -> None:
    j.get("/emulation/practices/")
    j.click((By.LINK_TEXT, "Giới thiệu cách làm"))
    j.choose("unit", "Đảng ủy phường Ba Hàng")
    j.type("title", title)
    j.choose("work_kind", "Học tập, quán triệt nghị quyết")
    j.type("description", "Mỗi tổ dân phố một nhóm Zalo: tài liệu và câu hỏi gửi trước buổi sinh hoạt.")
    j.submit("main form")


def test_practice_adopted_from_a_phone(journey, world):
    j = journey
    j.log_in("bahang")
    _new_practice(j, TITLE)
    assert TITLE in j.text("h1") and f"Đã giới thiệu cách làm “{TITLE}”." in j.text(".messages")
    # The ward cannot introduce its own practice, nor adopt it.
    assert not j.driver.find_elements(By.CSS_SELECTOR, "form[action$='/feature/']")
    assert not j.driver.find_elements(By.CSS_SELECTOR, "form[action$='/adopt/']") or "Ba Hàng" not in j.text(
        "form[action$='/adopt/']"
    )
    # The same practice typed again, without diacritics: pointed out, not saved.
    _new_practice(j, "hoc tap nghi quyet qua nhom zalo cua to dan pho")
    assert "Đơn vị đã có cách làm tương tự" in j.text("main")
    j.click((By.LINK_TEXT, TITLE))
    assert TITLE in j.text("h1")
    j.log_out()

    j.log_in("thanhuy")
    j.get("/emulation/practices/?q=zalo")
    j.click((By.LINK_TEXT, TITLE))
    j.click((By.XPATH, "//details[summary[normalize-space()='Giới thiệu, biểu dương cách làm này']]/summary"))
    j.choose("by", "Thành ủy Phổ Yên")
    j.submit("form[action$='/feature/']")
    assert "Đã giới thiệu cách làm đến các đơn vị." in j.text(".messages")
    j.click((By.XPATH, "//details[summary[normalize-space()='Đơn vị tôi đã áp dụng cách làm này']]/summary"))
    j.choose("unit", "Đảng ủy phường Bãi Bông")
    j.type("outcome", "Các chi bộ đã lập nhóm Zalo, sinh hoạt đủ nội dung hơn.")
    j.submit("form[action$='/adopt/']")
    assert "Đã ghi nhân rộng." in j.text(".messages")
    adopted = j.text("main")
    assert "Đảng ủy phường Bãi Bông" in adopted and "Các chi bộ đã lập nhóm Zalo" in adopted
    j.get("/emulation/practices/?order=adopted")
    assert TITLE in j.text("table")
    j.done()
