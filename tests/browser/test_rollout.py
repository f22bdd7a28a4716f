"""Rollouts in a real browser: the committee's dashboard and coverage, and a chi bộ
recording its conference from a phone-sized window."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import shot
from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_dashboard_coverage_drilldown_and_recording_from_a_phone(browser, demo_live):
    base = demo_live.url
    # The province office, today: the 2026 study of the 14th Congress resolution runs on the
    # tree of 1/7/2025 (five committees, 54 chi bộ); the old city's four rollouts are closed.
    log_in(browser, base, "vanphong")
    browser.get(base + "/rollouts/")
    cards = browser.find_elements(By.CSS_SELECTOR, ".rollout-card")
    assert len(cards) == 1
    xiv = cards[0]
    assert "Đại hội đại biểu toàn quốc lần thứ XIV" in xiv.text
    assert "/59" in xiv.text and "100,0%" not in xiv.text  # partial
    closed = browser.find_element(By.ID, "closed-rollouts").text
    assert "Đại hội XIII" in closed and "Thành ủy Phổ Yên" in closed
    shot(browser, "rollout-dashboard")

    xiv.find_element(By.CSS_SELECTOR, "h2 a").click()
    table = browser.find_element(By.ID, "coverage").text
    assert "/59" in table and "Đảng ủy phường Vạn Xuân" in browser.page_source
    shot(browser, "rollout-coverage")
    browser.find_element(By.LINK_TEXT, "Đảng ủy phường Phổ Yên").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "coverage")))
    assert "Chi bộ Tổ dân phố số 1" in browser.page_source

    # The seed's figure, as of its session: 72/72 had built their plan for the XIII programme.
    browser.get(base + "/rollouts/")
    closed = browser.find_element(By.ID, "closed-rollouts")
    item = next(li for li in closed.find_elements(By.TAG_NAME, "li") if "Đại hội XIII" in li.text)
    item.find_element(By.LINK_TEXT, "xem tại một ngày").click()
    form = browser.find_element(By.ID, "as-of-form")
    day = form.find_element(By.NAME, "date")
    browser.execute_script("arguments[0].value = '2022-08-11'", day)  # a date input: set, not typed
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    as_of = " ".join(browser.find_element(By.ID, "as-of-coverage").text.split())
    assert "Thành ủy Phổ Yên — tại ngày 11/08/2022" in as_of
    assert "Xây dựng kế hoạch, chương trình hành động 72 72 100,0%" in as_of

    # A chi bộ secretary on a phone: "Việc cần làm", then record the conference of a quarter.
    browser.find_element(By.CSS_SELECTOR, "form[action$='/logout/'] button").click()
    browser.set_window_size(390, 844)
    log_in(browser, base, "chibo")
    browser.get(base + "/rollouts/todo/")
    rows = browser.find_elements(By.CSS_SELECTOR, "table tr")
    assert len(rows) > 1
    link = browser.find_element(By.CSS_SELECTOR, "table tr td a")
    link.click()
    shot(browser, "rollout-record-phone")
    assert browser.find_element(By.NAME, "done_on")
    browser.set_window_size(1280, 900)
