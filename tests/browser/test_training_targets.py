"""Issue 6 in a real browser: the committee's panels, a course, the city target counted
three years ahead of plan."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import shot
from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_panels_course_and_targets(browser, demo_live):
    base = demo_live.url
    log_in(browser, base, "thanhuy")
    home = browser.find_element(By.TAG_NAME, "main").text
    assert "Bồi dưỡng, tập huấn" in home
    shot(browser, "home-panels")
    browser.get(base + "/training/")
    assert "BCĐ 35" in browser.page_source or "Ban Chỉ đạo 35" in browser.page_source
    browser.get(base + "/targets/")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "thành phố")
    link.click()
    assert "trước 3 năm" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "target-city")
