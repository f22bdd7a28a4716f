"""Journey: the city registers a directive issued by the Politburo and the province's programme
implementing it, links them and launches a rollout to every chi bộ."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser


def test_register_link_and_launch_to_every_chi_bo(journey, world):
    j = journey
    j.log_in("thanhuy")

    def register(code, issuer, issued_on, title):
        j.menu("Văn bản")
        j.click((By.LINK_TEXT, "Đăng ký văn bản"))
        j.type("code", code)
        j.choose("issuing_unit", issuer)
        j.set_date("issued_on", issued_on)
        j.type("title", title)
        j.submit("main form")
        assert code in j.text("h1") + j.text("main")

    register(
        "57-NQ/TW",
        "Bộ Chính trị",
        dt.date(2024, 12, 22),
        "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    )
    register(
        "17-CTr/TU",
        "Tỉnh ủy Thái Nguyên",
        dt.date(2025, 2, 20),
        "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
    )
    # On the programme's page: it implements the resolution.
    j.choose("kind", "thực hiện")
    j.type("target_code", "57-NQ/TW")
    j.submit("form[action$='/link/']")
    assert "57-NQ/TW" in j.text("main")

    j.menu("Triển khai")
    j.click((By.LINK_TEXT, "Phát động đợt mới"))
    j.choose("document", "17-CTr/TU")
    j.choose("owner_unit", "Thành ủy Phổ Yên")
    for box in j.driver.find_elements(By.CSS_SELECTOR, "input[name=scope_kinds]"):
        if box.is_selected() != (box.get_attribute("value") == "chi_bo"):
            j.driver.execute_script("arguments[0].click()", box)
    # Two requirements: the plan within a month, the conference within two; the others off.
    for i in range(5):
        box = j.driver.find_element(By.NAME, f"step_{i}_on")
        if box.is_selected() != (i < 2):
            j.driver.execute_script("arguments[0].click()", box)
    j.set_date("step_0_due", world.today + dt.timedelta(days=30))
    j.set_date("step_1_due", world.today + dt.timedelta(days=60))
    j.submit("main form[method=post]")  # the first form is the document search
    # Written from the world: Phổ Yên has three chi bộ (two in Ba Hàng, one in Bãi Bông).
    coverage = j.text("#coverage")
    assert "0/3" in coverage
    assert "17-CTr/TU" in j.text("main")
    j.done()
