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
    # The province office, today: the four 2021–2022 rollouts of the old city and the 2026
    # study of the 14th Congress resolution, on the tree of 1/7/2025 (five committees, 54 chi bộ).
    log_in(browser, base, "vanphong")
    browser.get(base + "/rollouts/")
    cards = browser.find_elements(By.CSS_SELECTOR, ".rollout-card")
    assert len(cards) == 5
    xiv = next(c for c in cards if "Đại hội đại biểu toàn quốc lần thứ XIV" in c.text)
    assert "/59" in xiv.text and "100,0%" not in xiv.text  # partial
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
    xiii = next(
        c for c in browser.find_elements(By.CSS_SELECTOR, ".rollout-card") if "Đại hội XIII" in c.text
    )
    xiii.find_element(By.CSS_SELECTOR, "h2 a").click()
    browser.get(browser.current_url.split("?")[0].rstrip("/") + "/as-of/?date=2022-08-11")
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
