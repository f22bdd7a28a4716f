"""The import screen in a real browser: paste a short report, see the highlights and the
proposed records, confirm, see the records created."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import go_to_menu_item, shot
from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser

REPORT = (
    "Ngày 20/3/2024, Ban Tuyên giáo Tỉnh ủy Thái Nguyên làm việc với Thành ủy Phổ Yên về công tác tuyên truyền.\n\n"
    "Báo cáo tại buổi làm việc, đồng chí Hoàng Minh Tuấn, Trưởng ban Tuyên giáo Thành ủy Phổ Yên cho biết, "
    "100% các chi bộ đã xây dựng kế hoạch thực hiện Kế hoạch số 0091-KH/TU.\n\n"
    "Thành ủy ban hành Hướng dẫn số 27-HD/TU ngày 05/3/2024 về việc thực hiện Kế hoạch số 0091-KH/TU.\n\n"
    "Tại buổi làm việc, Thành ủy Phổ Yên đề nghị Ban Tuyên giáo Tỉnh ủy Thái Nguyên tổ chức lớp bồi dưỡng "
    "kỹ năng tuyên truyền trên mạng xã hội cho báo cáo viên cơ sở."
)


def test_paste_review_confirm(browser, demo_live):
    base = demo_live.url
    log_in(browser, base)
    go_to_menu_item(browser, "Nhập báo cáo")
    browser.find_element(By.LINK_TEXT, "Nhập báo cáo mới").click()
    browser.find_element(By.NAME, "title").send_keys("Làm việc về công tác tuyên truyền")
    browser.find_element(By.NAME, "text").send_keys(REPORT)
    browser.find_element(By.CSS_SELECTOR, "#intake-form button[type=submit]").click()
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "source")))

    source = browser.find_element(By.ID, "source")
    marks = {m.text for m in source.find_elements(By.CSS_SELECTOR, "mark.hl-document")}
    assert {"27-HD/TU", "0091-KH/TU"} <= marks
    assert "Hoàng Minh Tuấn" in {m.text for m in source.find_elements(By.CSS_SELECTOR, "mark.hl-person")}
    assert source.find_elements(By.CSS_SELECTOR, "mark.hl-coverage")
    assert source.find_elements(By.CSS_SELECTOR, "mark.hl-proposal")
    form = browser.find_element(By.ID, "review-form").text
    assert "27-HD/TU" in form and "Mới" in form and "Hoàng Minh Tuấn" in form
    assert "tổ chức lớp bồi dưỡng" in form.lower() or "Tổ chức lớp bồi dưỡng" in form
    shot(browser, "intake-review")

    browser.find_element(By.ID, "confirm").click()
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.ID, "provenance")))
    assert "Đã xác nhận" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    created = browser.find_element(By.ID, "provenance").text
    assert "27-HD/TU" in created and "bồi dưỡng" in created and "tạo mới" in created
    # The new document is in the registry.
    browser.find_element(By.PARTIAL_LINK_TEXT, "27-HD/TU").click()
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: "27-HD/TU" in b.find_element(By.TAG_NAME, "h1").text
    )
