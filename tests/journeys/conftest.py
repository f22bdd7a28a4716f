"""Journeys: a person's task followed through the UI in real Chromium, at a phone's and a desk's size.

Every journey test takes ``journey`` (a :class:`Journey`) and ``world`` (a small tree built through
the services). The journey fails, in the test's own call, as soon as a page it opened

- made the browser post a CSP report (logged by ``/csp-report/`` on ``trienkhai.csp``),
- wrote an error to the console,
- answered (document, fragment, asset or download) with an HTTP status ≥ 400 that the journey did
  not announce with ``journey.expecting(status)``, read from Chrome's performance log
  (CDP ``Network.responseReceived``),
- or, at 390×844, let the page body scroll sideways,
- or has a critical or serious accessibility violation found by axe-core (``axe-selenium-python``
  ships it; no network). axe runs once per distinct URL path per window size in a test session.
  ``TRIENKHAI_AXE_REPORT=path.json`` writes every page's violation counts by impact (all impacts)
  there at the end of the session; ``TRIENKHAI_AXE_REPORT_ONLY=1`` records without failing (to
  count the "before").

The checks run after every ``journey.get`` / ``click`` / ``submit`` and once more when the journey
calls ``journey.done()``; a report that arrives after the last check fails the test at teardown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import write_axe_report
from tests.browser.conftest import CspReports, SerialWSGIServer  # noqa: F401  (same server, same handler)
from trienkhai.core.scoping import SYSTEM

PASSWORD = "journey-password-long-enough"
SIZES = {"phone": (390, 844), "desk": (1366, 900)}
WAIT = 15

pytestmark = pytest.mark.browser

# axe-core: the impacts that fail a journey, and what the session saw (size -> path -> counts).
AXE_FAILING = ("critical", "serious")
AXE_IMPACTS = ("critical", "serious", "moderate", "minor")
AXE_SEEN: dict[str, dict[str, dict[str, int]]] = {}
AXE_RULES: dict[str, set[str]] = {}  # "rule [impact]" -> the "size path"s it was found on
AXE_FOUND: list[str] = []  # every critical or serious violation line, for the report


def axe_problems(driver, size: str, url: str, base: str) -> list[str]:
    """Run axe-core on the page once per (size, path); a line per critical or serious violation."""
    if not url.startswith(base):
        return []  # only the product's own pages
    path = urlsplit(url).path
    seen = AXE_SEEN.setdefault(size, {})
    if path in seen:
        return []
    if driver.execute_script("return document.contentType") != "text/html":
        return []  # JSON shown in Chromium's own viewer, a file: not a page of the product
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    results = axe.run(options="{resultTypes: ['violations']}")
    counts = dict.fromkeys(AXE_IMPACTS, 0)
    problems = []
    for violation in results["violations"]:
        impact = violation.get("impact") or "minor"
        counts[impact] = counts.get(impact, 0) + len(violation["nodes"])
        AXE_RULES.setdefault(f"{violation['id']} [{impact}]", set()).add(f"{size} {path}")
        if impact not in AXE_FAILING:
            continue
        nodes = "; ".join(
            f"{' '.join(node['target'])} {node['html'][:160]!r} — {node.get('failureSummary', '').strip()}"
            for node in violation["nodes"][:5]
        )
        more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
        problems.append(f"axe {violation['id']} [{impact}] on {path}: {violation['help']}: {nodes}{more}")
    seen[path] = counts
    AXE_FOUND.extend(f"[{size}] {p}" for p in problems)
    if os.environ.get("TRIENKHAI_AXE_REPORT_ONLY") == "1":
        return []
    return problems


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("TRIENKHAI_AXE_REPORT")
    if not (target and AXE_SEEN):
        return
    part = {"pages": AXE_SEEN, "rules": {r: sorted(w) for r, w in AXE_RULES.items()}, "failing": AXE_FOUND}
    if hasattr(session.config, "workeroutput"):
        # An xdist worker: the findings go back to the controller, which writes the one report
        # (the root conftest's pytest_testnodedown; this conftest is not loaded there).
        session.config.workeroutput["axe"] = part
    else:
        write_axe_report(target, [part])


# ---------------------------------------------------------------- the browser, one per window size


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite_journeys():
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session", params=list(SIZES), ids=list(SIZES))
def _chromium(request, tmp_path_factory):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("journeys need chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    width, height = SIZES[request.param]
    downloads = tmp_path_factory.mktemp(f"downloads-{request.param}")
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
        "--hide-scrollbars",
        f"--window-size={width},{height}",
        "--lang=vi",
    ]:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    # The viewport, not the window, is what a phone has: make it exactly the size asked for.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": request.param == "phone"},
    )
    yield SimpleNamespace(driver=driver, size=request.param, downloads=downloads)
    driver.quit()


# ---------------------------------------------------------------- the checks


class Journey:
    """A person in the browser. Every step checks the page it led to (see the module docstring)."""

    def __init__(self, chromium, base: str, csp: CspReports):
        self.driver = chromium.driver
        self.size = chromium.size
        self.phone = chromium.size == "phone"
        self.downloads: Path = chromium.downloads
        self.base = base
        self.csp = csp
        self.allowed: set[int] = set()
        self.pages: list[str] = []
        self.statuses: list[tuple[str, int]] = []  # (url, status) of every document the journey opened

    # -- navigation
    def get(self, path: str) -> None:
        self.driver.get(path if path.startswith("http") else self.base + path)
        self.check()

    def click(self, element: WebElement | tuple[str, str]) -> None:
        element = self.find(*element) if isinstance(element, tuple) else element
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        old = self.driver.find_element(By.TAG_NAME, "html")
        tag = element.tag_name
        element.click()
        if tag in ("a", "button") or element.get_attribute("type") == "submit":
            self._wait_new_page(old)
        self.check()

    def submit(self, form_selector: str = "main form", button_text: str | None = None) -> None:
        """Press the submit button of the form (the one showing ``button_text`` if given)."""
        form = self.find(By.CSS_SELECTOR, form_selector)
        buttons = form.find_elements(
            By.CSS_SELECTOR, "button[type=submit], button:not([type]), input[type=submit]"
        )
        if button_text is not None:
            buttons = [b for b in buttons if button_text in b.text]
        assert buttons, f"no submit button{' ' + button_text if button_text else ''} in {form_selector}"
        self.click(buttons[0])

    def menu(self, label: str) -> None:
        """Open a page from the main menu, opening its group (a <details> or a toggle) when grouped."""

        def entry():
            # textContent, not .text: a link inside a closed group is hidden and its .text is "".
            links = [
                a
                for a in self.driver.find_elements(By.CSS_SELECTOR, "header a")
                if (a.get_attribute("textContent") or "").strip() == label
            ]
            return next((a for a in links if a.is_displayed()), None), links

        link, links = entry()
        if link is None:
            assert links, f"no menu entry {label!r}"
            for opener in self.driver.find_elements(
                By.CSS_SELECTOR, "header summary, header button[aria-expanded='false']"
            ):
                if opener.is_displayed():
                    opener.click()
                    link, _ = entry()
                    if link is not None:
                        break
        assert link is not None, f"the menu entry {label!r} cannot be reached"
        self.click(link)

    def _wait_new_page(self, old: WebElement) -> None:
        with contextlib.suppress(Exception):
            WebDriverWait(self.driver, WAIT).until(EC.staleness_of(old))

    # -- finding and filling
    def find(self, by: str, value: str) -> WebElement:
        return WebDriverWait(self.driver, WAIT).until(EC.presence_of_element_located((by, value)))

    def field(self, label: str) -> WebElement:
        """The form control whose <label> reads ``label`` (exact text, without the colon)."""
        labels = [
            lab
            for lab in self.driver.find_elements(By.TAG_NAME, "label")
            if lab.text.strip().rstrip(":").strip() == label and lab.get_attribute("for")
        ]
        assert labels, f"no field labelled {label!r} on {self.driver.current_url}"
        return self.driver.find_element(By.ID, labels[0].get_attribute("for"))

    def type(self, name_or_label: str, text: str, *, clear: bool = True) -> None:
        el = self._control(name_or_label)
        if clear:
            el.clear()
        el.send_keys(text)

    def set_date(self, name_or_label: str, value: dt.date) -> None:
        """A date field as the user's browser shows it (``<input type=date>`` or text d/m/Y)."""
        el = self._control(name_or_label)
        if el.get_attribute("type") == "date":
            self.driver.execute_script(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))",
                el,
                value.isoformat(),
            )
        else:
            el.clear()
            el.send_keys(value.strftime("%d/%m/%Y"))

    def choose(self, name_or_label: str, text: str) -> None:
        """Pick the option of a <select> whose visible text contains ``text``."""
        select = Select(self._control(name_or_label))
        options = [o for o in select.options if text in o.text]
        assert options, (
            f"no option containing {text!r} in {name_or_label!r}: {[o.text for o in select.options][:20]}"
        )
        select.select_by_visible_text(options[0].text)

    def upload(self, name: str, *paths: Path) -> None:
        self.find(By.NAME, name).send_keys("\n".join(str(p) for p in paths))

    def _control(self, name_or_label: str) -> WebElement:
        found = self.driver.find_elements(By.NAME, name_or_label)
        return found[0] if found else self.field(name_or_label)

    def text(self, selector: str = "main") -> str:
        return self.find(By.CSS_SELECTOR, selector).text

    def log_in(self, username: str) -> None:
        self.get("/accounts/login/")
        self.type("username", username)
        self.type("password", PASSWORD)
        self.submit(".login form" if self.driver.find_elements(By.CSS_SELECTOR, ".login form") else "form")
        self.find(By.CSS_SELECTOR, ".mainnav")

    def log_out(self) -> None:
        self.click((By.CSS_SELECTOR, "form[action$='/logout/'] button"))

    def download(self, link: WebElement | tuple[str, str]) -> Path:
        """Click a download link; the file once Chromium has written it."""
        before = set(self.downloads.iterdir())
        link = self.find(*link) if isinstance(link, tuple) else link
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()

        def finished(_):
            new = [p for p in set(self.downloads.iterdir()) - before if not p.name.endswith(".crdownload")]
            return new[0] if new and new[0].stat().st_size else False

        path = WebDriverWait(self.driver, WAIT).until(finished)
        self.check()
        return path

    # -- what must hold on every page
    @contextlib.contextmanager
    def expecting(self, *statuses: int) -> Iterator[None]:
        """Within the block, responses with these statuses are what the journey wants to see."""
        self.allowed = set(statuses)
        try:
            yield
        finally:
            self.check()
            self.allowed = set()

    def check(self) -> None:
        WebDriverWait(self.driver, WAIT).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        url = self.driver.current_url
        self.pages.append(url)
        problems: list[str] = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            response = message["params"]["response"]
            if message["params"].get("type") == "Document":
                self.statuses.append((response["url"], response["status"]))
            if response["status"] >= 400 and response["status"] not in self.allowed:
                problems.append(
                    f"HTTP {response['status']} {response['url']} ({message['params'].get('type')})"
                )
        for entry in self.driver.get_log("browser"):
            if entry["level"] != "SEVERE":
                continue
            if self.allowed and any(f"status of {s} " in entry["message"] for s in self.allowed):
                continue  # Chromium's own line for a response the journey expected
            problems.append(f"console: {entry['message']}")
        if any(p.startswith("HTTP") for p in problems):
            errors = [
                e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".errorlist, .msg.error") if e.text
            ]
            problems += [f"the page says: {e}" for e in errors]
        problems += axe_problems(self.driver, self.size, url, self.base)
        problems += [f"CSP report: {r.getMessage()}" for r in self.csp.records]
        self.csp.records.clear()
        if self.phone:
            widths = self.driver.execute_script(
                "return [document.documentElement.scrollWidth, document.body.scrollWidth,"
                " document.documentElement.clientWidth]"
            )
            if max(widths[:2]) > widths[2]:
                wide = self.driver.execute_script(
                    "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                    ".filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 3)"
                    ".map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))"
                )
                problems.append(f"the page scrolls sideways: {max(widths[:2])} px > {widths[2]} px ({wide})")
            # A stacked card's cell holds its column's name: a name that runs out of its cell covers
            # the next one (the cell's scrolling area is taller than the cell).
            spilled = self.driver.execute_script(
                "return [...document.querySelectorAll('table.stack td[data-label]')]"
                ".filter(t => t.getClientRects().length && t.scrollHeight > t.clientHeight + 2)"
                ".slice(0, 3).map(t => t.dataset.label)"
            )
            if spilled:
                problems.append(f"a stacked cell's content runs over the next cell: {spilled}")
        assert not problems, f"on {url}:\n" + "\n".join(problems)

    def status_of(self, url: str) -> int:
        """The status the last document opened at ``url`` (a path or a full URL) answered with."""
        url = url if url.startswith("http") else self.base + url
        found = [status for u, status in self.statuses if u == url]
        assert found, f"{url} was not opened"
        return found[-1]

    def done(self) -> None:
        """The end of the journey: whatever the last page still sent is checked too."""
        self.check()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"journey_{report.when}", report)


@pytest.fixture
def journey(request, _chromium, live_server) -> Iterator[Journey]:
    handler = CspReports()
    logger = logging.getLogger("trienkhai.csp")
    logger.addHandler(handler)
    driver = _chromium.driver
    driver.get(live_server.url + "/accounts/login/")
    driver.delete_all_cookies()
    driver.get_log("performance")
    driver.get_log("browser")
    j = Journey(_chromium, live_server.url, handler)
    yield j
    logger.removeHandler(handler)
    late = [r.getMessage() for r in handler.records]
    call = getattr(request.node, "journey_call", None)
    if call is not None and call.passed:
        assert not late, "CSP reports arrived after the journey's last check:\n" + "\n".join(late)


# ---------------------------------------------------------------- files from disk


@pytest.fixture
def photos(tmp_path) -> list[Path]:
    """Two real JPEG photos (tens of KB) on disk."""
    from PIL import Image, ImageDraw

    paths = []
    for i, colour in enumerate(["#b22222", "#1e6fb8"], start=1):
        img = Image.new("RGB", (900, 600), colour)
        draw = ImageDraw.Draw(img)
        for k in range(0, 900, 30):
            draw.line([(k, 0), (900 - k, 600)], fill="white", width=2)
        path = tmp_path / f"hoi-nghi-{i}.jpg"
        img.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- the world


def _user(username: str, unit, role: str):
    from trienkhai.accounts.services import role_grant, user_create

    user = user_create(username=username, password=PASSWORD, acting_user=SYSTEM)
    if unit is not None:
        role_grant(user=user, unit=unit, role=role, acting_user=SYSTEM)
    return user


@pytest.fixture
def world(transactional_db, django_db_serialized_rollback):
    """A small Phổ Yên: the province, the city with two wards and three chi bộ, a sibling city,
    another province; a resolution rolled out to them, with a deadline already passed.

    TW ─ Tỉnh ủy Thái Nguyên ─┬─ Thành ủy Phổ Yên ─┬─ Đảng ủy phường Ba Hàng ─┬─ Chi bộ Tổ dân phố số 1
                              │   (thanhuy, admin) │   (bahang, editor)       └─ Chi bộ Tổ dân phố số 2
                              │                    └─ Đảng ủy phường Bãi Bông ── Chi bộ Tổ dân phố số 5
       (tinhuy, admin)        └─ Thành ủy Sông Công (songcong, admin)
    TW ─ Tỉnh ủy Bắc Giang (bacgiang, viewer: the reader at another branch)
    """
    from trienkhai.documents.services import document_register
    from trienkhai.orgs.choices import UnitKind as K
    from trienkhai.orgs.services import member_count_set, unit_create
    from trienkhai.rollout.choices import Purpose, StepKind
    from trienkhai.rollout.services import rollout_launch, step_record_submit

    def c(parent, name, kind, **kw):
        return unit_create(parent=parent, name=name, kind=kind, acting_user=SYSTEM, **kw)

    tw = c(None, "Ban Chấp hành Trung ương Đảng", K.CENTRAL_COMMITTEE, code="J-TW")
    tn = c(tw, "Tỉnh ủy Thái Nguyên", K.PROVINCIAL_COMMITTEE, code="J-TN")
    py = c(tn, "Thành ủy Phổ Yên", K.CITY_COMMITTEE, code="J-PY", contact="0208 3863 100")
    ba_hang = c(py, "Đảng ủy phường Ba Hàng", K.WARD_COMMITTEE, code="J-BH", contact="0208 3863 111")
    bai_bong = c(py, "Đảng ủy phường Bãi Bông", K.WARD_COMMITTEE, code="J-BB", contact="0912 345 678")
    cb1 = c(ba_hang, "Chi bộ Tổ dân phố số 1", K.PARTY_CELL, contact="0987 111 222")
    cb2 = c(ba_hang, "Chi bộ Tổ dân phố số 2", K.PARTY_CELL, contact="0987 333 444")
    cb5 = c(bai_bong, "Chi bộ Tổ dân phố số 5", K.PARTY_CELL, contact="0987 555 666")
    song_cong = c(tn, "Thành ủy Sông Công", K.CITY_COMMITTEE, code="J-SC")
    bac_giang = c(tw, "Tỉnh ủy Bắc Giang", K.PROVINCIAL_COMMITTEE, code="J-BG")
    for unit, members in [(ba_hang, 40), (bai_bong, 35), (cb1, 24), (cb2, 18), (cb5, 21)]:
        member_count_set(unit=unit, as_of=dt.date(2024, 12, 31), members=members, acting_user=SYSTEM)
    users = SimpleNamespace(
        thanhuy=_user("thanhuy", py, "admin"),
        bahang=_user("bahang", ba_hang, "editor"),
        tinhuy=_user("tinhuy", tn, "admin"),
        songcong=_user("songcong", song_cong, "admin"),
        bacgiang=_user("bacgiang", bac_giang, "viewer"),
    )
    today = dt.date.today()
    resolution = document_register(
        issuing_unit=py,
        code="05-KH/TU",
        title="Kế hoạch thực hiện Nghị quyết về phát triển văn hóa",
        issued_on=today - dt.timedelta(days=60),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=resolution,
        owner_unit=py,
        title="Học tập, quán triệt Kế hoạch 05-KH/TU",
        purpose=Purpose.STUDY,
        scope_kinds=[K.WARD_COMMITTEE, K.PARTY_CELL],
        starts_on=today - dt.timedelta(days=50),
        steps=[
            {"kind": StepKind.PLAN, "due": today - dt.timedelta(days=30)},
            {"kind": StepKind.CONFERENCE, "due": today + dt.timedelta(days=20)},
        ],
        acting_user=SYSTEM,
    )
    # Chi bộ số 1 made its plan in time; the four other units are behind on it.
    plan, conference = rollout.periods.get().steps.order_by("due")
    step_record_submit(
        step=plan, unit=cb1, done_on=today - dt.timedelta(days=35), plan_code="01-KH/CB", acting_user=SYSTEM
    )
    return SimpleNamespace(
        plan=plan,
        conference=conference,
        units=SimpleNamespace(
            tw=tw,
            tn=tn,
            py=py,
            ba_hang=ba_hang,
            bai_bong=bai_bong,
            cb1=cb1,
            cb2=cb2,
            cb5=cb5,
            song_cong=song_cong,
            bac_giang=bac_giang,
        ),
        users=users,
        resolution=resolution,
        rollout=rollout,
        today=today,
    )


def wait_text(journey: Journey, selector: str, text: str) -> str:
    """Wait until the element shows ``text``; its text."""

    def shown(d):
        try:
            got = d.find_element(By.CSS_SELECTOR, selector).text
        except (StaleElementReferenceException, Exception):
            return False
        return got if text in got else False

    return WebDriverWait(journey.driver, WAIT).until(shown)
