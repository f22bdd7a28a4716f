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
    log_in(browser, base, "thanhuy")
    browser.get(base + "/rollouts/")
    cards = browser.find_elements(By.CSS_SELECTOR, ".rollout-card")
    assert len(cards) == 4
    xiii = next(c for c in cards if "Đại hội XIII" in c.text)
    assert "100,0%" in xiii.text and "72/72" in xiii.text
    shot(browser, "rollout-dashboard")

    xiii.find_element(By.CSS_SELECTOR, "h2 a").click()
    table = browser.find_element(By.ID, "coverage").text
    assert "72/72 (100,0%)" in table
    shot(browser, "rollout-coverage")
    browser.find_element(By.LINK_TEXT, "Đảng ủy phường Ba Hàng").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "coverage")))
    assert "Chi bộ Tổ dân phố số 1" in browser.page_source

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
