"""The journey harness checks itself: a page with a console error, a CSP violation, a 404, a
too-wide element (on the phone) or a serious accessibility defect each make ``journey.check``
fail, with a message naming the defect; the same page without the defect passes. The pages are
test-only (tests/journeys/harness_urls.py, through ROOT_URLCONF in this module only)."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser


@pytest.fixture
def harness(journey, settings):
    settings.ROOT_URLCONF = "tests.journeys.harness_urls"
    return journey


def test_a_clean_page_passes(harness):
    harness.get("/_harness/clean/")
    harness.done()


def test_a_console_error_fails(harness):
    with pytest.raises(AssertionError, match=r"console: .*harness: an error on purpose"):
        harness.get("/_harness/console-error/")


def test_a_csp_violation_fails(harness):
    j = harness
    j.driver.get(j.base + "/_harness/csp/")
    # The report is posted after the page loads; wait for it so the check sees it.
    WebDriverWait(j.driver, 10).until(lambda _d: j.csp.records)
    with pytest.raises(AssertionError, match=r"CSP report: .*style-src"):
        j.check()


def test_an_http_404_fails(harness):
    with pytest.raises(AssertionError, match=r"HTTP 404 .*/_harness/missing/ \(Document\)"):
        harness.get("/_harness/missing/")


def test_an_expected_404_passes(harness):
    with harness.expecting(404):
        harness.get("/_harness/missing/")
    harness.done()


def test_a_too_wide_element_fails_on_the_phone(harness):
    if not harness.phone:
        harness.get("/_harness/too-wide/")  # a desk window is wide enough: nothing to report
        return
    with pytest.raises(AssertionError, match=r"the page scrolls sideways: \d+ px > 390 px .*DIV\.too-wide"):
        harness.get("/_harness/too-wide/")


def test_a_serious_accessibility_violation_fails(harness):
    with pytest.raises(AssertionError, match=r"axe image-alt \[critical\] on /_harness/axe/"):
        harness.get("/_harness/axe/")


def test_a_column_name_running_over_the_next_cell_fails_on_the_phone(harness):
    if not harness.phone:
        harness.get("/_harness/spilled-card/")  # a desk window shows a table, not cards
        return
    with pytest.raises(AssertionError, match=r"a stacked cell's content runs over the next cell"):
        harness.get("/_harness/spilled-card/")


def test_the_project_stylesheet_keeps_a_long_column_name_inside_its_cell(harness):
    harness.get("/_harness/stacked-card/")
    harness.done()
