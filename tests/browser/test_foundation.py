"""Foundation in a real browser: log in, browse and search the tree, a unit's history,
a document's chain, switching language."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import go_to_menu_item, shot

pytestmark = pytest.mark.browser


def log_in(browser, base, username="vanphong"):
    browser.get(base + "/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("trienkhai-demo")
    browser.find_element(By.CSS_SELECTOR, ".login button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".mainnav")))


def wait_for_lang(browser, lang: str) -> None:
    """Wait for the page the language switch reloads. The old page's elements go stale
    or, mid-navigation, "do not belong to the document": ask the document itself, by script,
    so no element reference outlives the reload."""
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        lambda b: (
            b.execute_script("return document.readyState === 'complete' && document.documentElement.lang")
            == lang
        )
    )


def test_login_tree_search_history_chain_language(browser, demo_live):
    base = demo_live.url
    browser.get(base + "/accounts/login/")
    shot(browser, "login")
    log_in(browser, base)
    assert "Xin chào" in browser.page_source

    # The tree opens at the user's unit (the province office: today's tree, the wards merged on
    # 1/7/2025 directly under the province); a ward opens lazily to show its chi bộ.
    go_to_menu_item(browser, "Tổ chức")
    tree = browser.find_element(By.CSS_SELECTOR, ".tree")
    assert "Tỉnh ủy Thái Nguyên" in tree.text and "Đảng ủy phường Phổ Yên" in tree.text
    ward = browser.find_element(
        By.XPATH, "//li[span[@class='node']/a[text()='Đảng ủy phường Phổ Yên']]/details/summary"
    )
    ward.click()
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: "Chi bộ Tổ dân phố số 1" in b.find_element(By.CSS_SELECTOR, ".tree").text
    )
    shot(browser, "tree")

    # Search without diacritics.
    box = browser.find_element(By.NAME, "q")
    box.send_keys("pho yen")
    browser.find_element(By.NAME, "ended").click()  # the dissolved city too
    box.submit()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".results")))
    assert "Thành ủy Phổ Yên" in browser.find_element(By.CSS_SELECTOR, ".results").text

    # The old city's history: Thị ủy → Thành ủy on 10/04/2022, dissolved on 01/07/2025.
    browser.find_element(By.LINK_TEXT, "Thành ủy Phổ Yên").click()
    history = browser.find_element(By.ID, "history").text
    assert "Thị ủy Phổ Yên → Thành ủy Phổ Yên" in history and "10/04/2022" in history
    assert "01/07/2025" in history
    shot(browser, "unit-history")

    # The tree as it was in 2021.
    browser.get(base + "/units/as-of/?date=2021-08-09")
    assert "Thị ủy Phổ Yên" in browser.find_element(By.ID, "as-of-tree").text

    # A document's chain: 0091-KH/TU → 35-NQ/TW, found by the code as the seed writes it.
    go_to_menu_item(browser, "Văn bản")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("0091- KH/TU")
    box.submit()
    browser.find_element(By.LINK_TEXT, "0091-KH/TU").click()
    chain = browser.find_element(By.ID, "chain").text
    assert "0091-KH/TU" in chain and "35-NQ/TW" in chain
    shot(browser, "document-chain")

    # Switch to English and back.
    browser.find_element(By.CSS_SELECTOR, "button[data-lang=en]").click()
    wait_for_lang(browser, "en")
    assert "Documents" in browser.find_element(By.CSS_SELECTOR, ".mainnav").get_attribute("textContent")
    shot(browser, "document-chain-en")
    browser.find_element(By.CSS_SELECTOR, "button[data-lang=vi]").click()
    wait_for_lang(browser, "vi")


def test_chi_bo_user_sees_only_its_cell(browser, demo_live):
    log_in(browser, demo_live.url, "chibo")
    go_to_menu_item(browser, "Tổ chức")
    text = browser.find_element(By.CSS_SELECTOR, ".tree").text
    assert "Chi bộ Tổ dân phố số 1" in text and "Thành ủy Phổ Yên" not in text
    browser.get(demo_live.url + "/units/1/")
    assert (
        "404" in browser.title
        or "Not Found" in browser.page_source
        or "Không tìm thấy" in browser.page_source
    )
