"""The review page in a real browser, at a phone's and a desk's size: the reviewer selects a
sentence the reader missed in the highlighted text, the selection fills the "add" box, it
becomes a proposed request, is made a concern and back, and confirming writes it."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import PASSWORD, make_user
from tests.browser.conftest import shot
from trienkhai.intake.services import imported_report_create
from trienkhai.proposals.models import Proposal

pytestmark = pytest.mark.browser

MISSED = "Nhân dân mong muốn sớm nâng cấp tuyến đường liên xã"
TEXT = (
    "Ngày 10/4/2023, Thị ủy Bình Yên tổng kết công tác tuyên truyền quý I.\n"
    f"{MISSED}, lắp thêm đèn chiếu sáng ở các ngõ xóm.\n"
)

SELECT = """
const source = document.getElementById("source");
const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {
  const at = node.data.indexOf(arguments[0]);
  if (at >= 0) {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + arguments[0].length);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    source.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
    return true;
  }
}
return false;
"""


def _click(browser, el):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def _submit(browser, el):
    """Click a button that posts its form and wait until the next page has loaded entirely:
    an element found while the old page is being replaced belongs to no document."""
    old = browser.find_element(By.TAG_NAME, "html")
    _click(browser, el)
    WebDriverWait(browser, 10).until(EC.staleness_of(old))
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desk"])
def test_a_selected_span_becomes_a_request_and_is_confirmed(
    browser, live_server, transactional_db, tree, size
):
    user = make_user("thiuy", tree.city, "admin")
    report = imported_report_create(unit=tree.city, text=TEXT, acting_user=user)
    browser.set_window_size(*size)
    base = live_server.url
    browser.get(base + "/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("thiuy")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, ".login button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "/accounts/login/" not in d.current_url)
    browser.get(f"{base}/intake/{report.pk}/")

    assert browser.execute_script(SELECT, MISSED)
    box = browser.find_element(By.ID, "add-text")
    WebDriverWait(browser, 5).until(lambda d: box.get_attribute("value") == MISSED)
    start = int(browser.find_element(By.ID, "add-start").get_attribute("value"))
    assert TEXT.index(MISSED) == start  # the text read is the text pasted here
    Select(browser.find_element(By.ID, "add-as")).select_by_value("proposal")
    _submit(browser, browser.find_element(By.ID, "add-item"))
    WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#g-proposals + ul .item"))
    )
    item = browser.find_element(By.CSS_SELECTOR, "#g-proposals + ul .item")
    assert MISSED in item.text and "Người rà soát thêm từ đoạn đã chọn" in item.text
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    shot(browser, f"intake-add-missed-{size[0]}")

    # made a concern, then a request again: the type follows the reviewer
    key = item.get_attribute("data-key")
    Select(browser.find_element(By.NAME, f"as-{key}")).select_by_value("concern")
    _submit(browser, item.find_element(By.CSS_SELECTOR, "button[name=retype]"))
    assert MISSED in browser.find_element(By.CSS_SELECTOR, "#g-concerns ~ ul.items").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#g-proposals + ul .item")
    concern = browser.find_element(By.CSS_SELECTOR, "#g-concerns ~ ul.items .item")
    ckey = concern.get_attribute("data-key")
    Select(browser.find_element(By.NAME, f"as-{ckey}")).select_by_value("proposal")
    _submit(browser, concern.find_element(By.CSS_SELECTOR, "button[name=retype]"))
    WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#g-proposals + ul .item"))
    )

    _submit(browser, browser.find_element(By.ID, "confirm"))
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "provenance")))
    p = Proposal.objects.get()
    assert p.content.startswith(MISSED) and (p.sender_id, p.addressee_id) == (tree.city.pk, tree.prov.pk)
