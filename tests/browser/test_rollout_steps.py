"""Editing a rollout's steps in a real browser, from a phone-sized window: the page fits the
screen, the policy holds (no inline style or script), and a new deadline shows on the
coverage page at once."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import shot
from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_a_committee_moves_a_deadline_from_a_phone(browser, demo_live):
    base = demo_live.url
    log_in(browser, base, "vanphong")  # the province office runs today's rollout
    browser.get(base + "/rollouts/")
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, ".rollout-card") if "XIV" in c.text)
    card.find_element(By.CSS_SELECTOR, "h2 a").click()
    browser.find_element(By.LINK_TEXT, "Sửa các yêu cầu").click()
    shot(browser, "rollout-steps")
    browser.set_window_size(390, 844)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sửa các yêu cầu"
    # Nothing wider than the screen: the title and deadline stack in one column.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    section = browser.find_elements(By.CSS_SELECTOR, "section.step-edit")[-1]
    title = section.find_element(By.CSS_SELECTOR, "input[name$='-title']")
    due = section.find_element(By.CSS_SELECTOR, "input[name$='-due']")
    assert title.rect["width"] > 250 and abs(title.rect["x"] - due.rect["x"]) < 2
    shot(browser, "rollout-steps-phone")
    browser.execute_script("arguments[0].value = '2031-12-31'", due)  # a date input: set, not typed
    section.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert "Đã lưu yêu cầu" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    browser.find_element(By.LINK_TEXT, "Về trang kết quả").click()
    assert "31/12/2031" in browser.find_element(By.ID, "coverage").text
    browser.set_window_size(1280, 900)
