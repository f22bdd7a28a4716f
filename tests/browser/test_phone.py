"""Phone-first, in real Chromium at 390×844 and at 1366×900: no sideways scrolling of the page
body, every menu item reachable, the wide tables stacked into cards on the phone, the menu on
one line at a desk, and a ward's user at its record form in two taps from the home page."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import shot
from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser

PHONE, DESK = (390, 844), (1366, 900)
PAGES = ["/", "/rollouts/", "/rollouts/todo/", "/documents/", "/proposals/", "/opinion/", "/news/", "/units/"]
# Written from the menu's design: every page of the menu, by label.
MENU_LABELS = {
    "Tổng quan", "Văn bản", "Triển khai", "Chỉ tiêu", "Kiểm tra", "Theo dõi", "Nhập báo cáo",
    "Kiến nghị", "Dư luận", "Làm việc", "Tổ chức", "Bồi dưỡng", "Thi đua", "Tin tức",
}  # fmt: skip


def _no_sideways_scroll(browser, where: str) -> None:
    width, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{where}: the page is {width}px wide in a {inner}px window"


def _size(browser, size) -> None:
    browser.set_window_size(*size)
    assert browser.execute_script("return window.innerWidth") <= size[0]


def _check_menu(browser, size) -> None:
    inner = browser.execute_script("return window.innerWidth")
    reached = set()
    for entry in browser.find_elements(By.CSS_SELECTOR, "nav.mainnav .menu > li"):
        groups = entry.find_elements(By.CSS_SELECTOR, "details.menu-group")
        if groups:
            groups[0].find_element(By.TAG_NAME, "summary").click()
            # One group open at a time.
            assert len(browser.find_elements(By.CSS_SELECTOR, "details.menu-group[open]")) == 1
        for link in entry.find_elements(By.TAG_NAME, "a"):
            assert link.is_displayed(), link.get_attribute("textContent")
            rect = link.rect
            assert rect["x"] >= 0 and rect["x"] + rect["width"] <= inner, (link.text, rect, inner)
            reached.add(link.text.strip())
        _no_sideways_scroll(browser, f"menu open at {size}")
    assert reached == MENU_LABELS
    # A click elsewhere closes the open group.
    browser.find_element(By.CSS_SELECTOR, "footer.foot").click()
    assert not browser.find_elements(By.CSS_SELECTOR, "details.menu-group[open]")
    tops = {e.rect["y"] for e in browser.find_elements(By.CSS_SELECTOR, "nav.mainnav .menu > li")}
    if size == DESK:
        assert len(tops) == 1, "the menu takes more than one line at a desk"
        brand, menu = (
            browser.find_element(By.CSS_SELECTOR, ".brand"),
            browser.find_element(By.CSS_SELECTOR, ".menu"),
        )
        assert (
            abs(brand.rect["y"] + brand.rect["height"] / 2 - (menu.rect["y"] + menu.rect["height"] / 2)) < 12
        )


def _check_stacked(browser, table_css: str, size) -> None:
    table = browser.find_element(By.CSS_SELECTOR, table_css)
    cell = table.find_element(By.CSS_SELECTOR, "td[data-label]")
    label = cell.get_attribute("data-label")
    before = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", cell)
    header = table.find_element(By.CSS_SELECTOR, "tr:first-child")
    if size == PHONE:
        assert before.strip('"') == label
        assert browser.execute_script("return getComputedStyle(arguments[0]).display", cell) in (
            "grid",
            "block",
        )
        assert header.size["height"] <= 1  # the column names are out of sight, each cell has its own
    else:
        assert before in ("none", "normal", "")
        assert browser.execute_script("return getComputedStyle(arguments[0]).display", cell) == "table-cell"


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["phone", "desk"])
def test_pages_menu_and_stacked_tables(browser, demo_live, size):
    base = demo_live.url
    _size(browser, size)
    log_in(browser, base, "thanhuy")
    for path in PAGES:
        browser.get(base + path)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "footer")))
        _no_sideways_scroll(browser, f"{path} at {size}")
    browser.get(base + "/")
    _check_menu(browser, size)
    shot(browser, f"home-{size[0]}")

    # Opinion topics: the first report's topics table.
    browser.get(base + "/opinion/")
    _check_stacked(browser, "table.stack", size)
    browser.find_element(By.CSS_SELECTOR, "table.stack td a").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.stack")))
    _no_sideways_scroll(browser, f"opinion report at {size}")
    _check_stacked(browser, "table.stack", size)
    shot(browser, f"opinion-topics-{size[0]}")

    # The ward: home, then one tap to the record form of a step it owes (the second tap records).
    browser.find_element(By.CSS_SELECTOR, "form[action$='/logout/'] button").click()
    log_in(browser, base, "phuong")
    _no_sideways_scroll(browser, f"ward home at {size}")
    owed = browser.find_elements(By.CSS_SELECTOR, "#owed li a")
    assert owed, "the ward's home page lists no step it owes"
    owed[0].click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "done_on")))
    assert "/rollouts/steps/" in browser.current_url
    _no_sideways_scroll(browser, f"record form at {size}")
    browser.get(base + "/rollouts/todo/")
    _check_stacked(browser, "table.stack", size)
    _no_sideways_scroll(browser, f"todo at {size}")
    shot(browser, f"todo-{size[0]}")
