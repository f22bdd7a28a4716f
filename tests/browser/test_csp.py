"""The enforced content-security policy in a real browser: a style attribute that reaches the
page is refused and reported, so the other browser tests' "no report" check (conftest
``csp_reports``) is not vacuous."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.test_foundation import log_in

pytestmark = pytest.mark.browser


def test_an_injected_style_attribute_is_refused_and_reported(browser, demo_live, csp_reports):
    """GIVEN a signed-in page, WHEN markup with a style attribute is inserted, THEN the browser
    does not apply it and posts a report that the server logs; htmx's own <style> is absent."""
    log_in(browser, demo_live.url)
    assert not csp_reports.records
    # htmx is told not to inject its indicator <style>; the rules come from app.css instead.
    assert browser.execute_script("return document.querySelectorAll('style').length") == 0
    assert (
        browser.execute_script(
            "const d = document.createElement('div'); d.className = 'htmx-indicator'; document.body.append(d);"
            "const o = getComputedStyle(d).opacity; d.remove(); return o"
        )
        == "0"
    )

    colour = browser.execute_script(
        "document.body.insertAdjacentHTML('beforeend', '<p id=\"csp-probe\" style=\"color: rgb(255, 0, 0)\">x</p>');"
        "return getComputedStyle(document.getElementById('csp-probe')).color"
    )
    assert colour != "rgb(255, 0, 0)"
    WebDriverWait(browser, 10).until(lambda _: csp_reports.records)
    assert "style-src" in csp_reports.records[0].getMessage()

    # Expected here: forget the report and the console line so the fixtures' checks pass.
    csp_reports.records.clear()
    browser.get_log("browser")
