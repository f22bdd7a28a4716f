"""Journey: a ward's proposal goes up to the city, is acknowledged and answered, and the ward reads
the answer."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser

TITLE = "Đề nghị bổ sung tài liệu học tập cho chi bộ"
ANSWER = "Thành ủy sẽ cấp bổ sung 50 bộ tài liệu trong tháng này."


def test_proposal_up_acknowledged_answered_and_read(journey, world):
    j = journey
    j.log_in("bahang")
    j.menu("Kiến nghị")
    j.click((By.LINK_TEXT, "Gửi kiến nghị"))
    j.choose("sender", "Đảng ủy phường Ba Hàng")
    j.choose("addressee", "Thành ủy Phổ Yên")
    j.type("title", TITLE)
    j.type(
        "content",
        "Các chi bộ tổ dân phố còn thiếu tài liệu học tập nghị quyết; đề nghị Thành ủy cấp bổ sung.",
    )
    j.submit("main form")
    assert TITLE in j.text("h1")
    j.log_out()

    j.log_in("thanhuy")
    j.menu("Kiến nghị")
    j.click((By.LINK_TEXT, TITLE))
    j.click((By.XPATH, "//details[summary[normalize-space()='Tiếp nhận']]/summary"))
    j.submit("form[action$='/acknowledge/']")
    j.click((By.XPATH, "//details[summary[normalize-space()='Trả lời']]/summary"))
    form = "form[action$='/answer/']"
    j.driver.find_element(By.CSS_SELECTOR, f"{form} [name=text]").send_keys(ANSWER)
    j.submit(form)
    assert ANSWER in j.text("main")
    j.log_out()

    j.log_in("bahang")
    j.menu("Kiến nghị")
    j.click((By.PARTIAL_LINK_TEXT, "Đã gửi"))
    j.click((By.LINK_TEXT, TITLE))
    page = j.text("main")
    assert ANSWER in page
    assert "Tiếp nhận" in j.text(".timeline") or "tiếp nhận" in j.text(".timeline")
    j.done()
