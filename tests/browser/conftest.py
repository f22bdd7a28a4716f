"""Real Chromium (Debian's chromium + chromium-driver), headless, against the live server."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

# A run writes its screenshots under var/ so the suite leaves the checkout clean; the README's
# pictures in docs/screenshots are refreshed only on request (TRIENKHAI_UPDATE_SCREENSHOTS=1).
_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = (
    _ROOT / "docs" / "screenshots"
    if os.environ.get("TRIENKHAI_UPDATE_SCREENSHOTS") == "1"
    else _ROOT / "var" / "test-screenshots"
)


class SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time.

    On SQLite the tests' database lives in memory, and Django's live server shares that
    one connection with every request thread. Chromium posts CSP reports and loads assets
    while a page is being answered; two threads interleaving on one SQLite connection
    read each other's rows ("IndexError: list index out of range" in the ORM), the
    session lookup fails, and the response deletes the session cookie: the next page
    shows the sign-in form. A serial server has no second thread. (It answers with
    ``Connection: close``, so a browser's idle keep-alive connection never blocks it.)
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite():
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=vi",
    ]:
        options.add_argument(flag)
    # The console shows each CSP violation at once, even one whose report is still in flight.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(3)
    yield driver
    refused = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
    driver.quit()
    assert not refused, "the page broke the content-security policy:\n" + "\n".join(refused)


class CspReports(logging.Handler):
    """The reports /csp-report/ logged (on "trienkhai.csp"), from whichever server thread."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def csp_reports():
    """Fail a browser test during which the browser posted any CSP report.

    The policy is enforced without 'unsafe-inline' (settings.SECURE_CSP): a report means
    something on the page was refused — a style attribute, a <style> or inline script
    without the nonce. A handler on the logger rather than caplog, which splits records by
    test phase: a report can arrive while the browser fixture is torn down.
    """
    handler = CspReports()
    logger = logging.getLogger("trienkhai.csp")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    reports = [r.getMessage() for r in handler.records]
    assert not reports, "CSP reports were posted:\n" + "\n".join(reports)


@pytest.fixture
def demo_live(live_server, transactional_db, django_db_serialized_rollback, demo_copy):
    # serialized_rollback: the data the migrations seeded is put back after the flush.
    demo_copy()
    return live_server


def shot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def go_to_menu_item(driver, label: str) -> None:
    """Click the top menu's link ``label``, first opening the group it sits in (base.html)."""
    from selenium.webdriver.common.by import By

    link = driver.find_element(By.XPATH, f"//nav[@class='mainnav']//a[normalize-space()='{label}']")
    if not link.is_displayed():
        link.find_element(By.XPATH, "ancestor::details[1]/summary").click()
    link.click()
